"""The ``landsea`` command line (Typer + Rich)."""
