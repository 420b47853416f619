"""Where the command line reads the network: the configured database's current version when
the database exists (so that a published change shows in ``landsea network …`` and ``landsea
plan`` too), else the dataset files named by ``LANDSEA_NETWORK``.

The database layers load only when the database exists, so that the commands start quickly
without one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded by the commands that read the network, not at start-up
    from landsea.config import Settings
    from landsea.domain.network import Network

__all__ = ["active_network", "database_exists"]


def database_exists(url: str) -> bool:
    """A migrated SQLite file (``landsea db upgrade`` was run), or any other database (a
    server the settings name). The file is only looked at, read-only, never created."""
    if not url.startswith("sqlite"):
        return True
    path = Path(url.split(":///", 1)[-1])
    if not path.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            found = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
    except sqlite3.Error:
        return False
    return found is not None


def active_network(settings: Settings, *, as_of: dt.datetime | None = None) -> Network:
    """The network the platform plans on now (or at ``as_of``): the database's version when
    the database exists, else the dataset ``settings.network``."""
    if not database_exists(settings.database_url):
        from landsea.services import network as use_cases

        return use_cases.load_network(settings.network)
    from landsea.services.network_publish import snapshot_at
    from landsea.services.platform import opened

    with opened(settings) as platform:
        return snapshot_at(platform, as_of).network
