"""Use cases over the engines: what the command line, the API and the web page call."""
