"""The DCSA conformance suites use the API's ``world`` and ``client`` (tests/fixtures/api.py)."""
