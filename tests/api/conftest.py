"""The API tests' fixtures (``world``, ``client``) live in ``tests/fixtures/api.py``; the names
that tests import from here are re-exported."""

from tests.fixtures.api import World as World
from tests.fixtures.db import START as START
