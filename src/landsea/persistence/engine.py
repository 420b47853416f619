"""Engines: SQLite (WAL, immediate write transactions) or PostgreSQL (psycopg), and their session
factories. (The database and its units of work are in :mod:`landsea.persistence.database`.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["is_sqlite", "make_engine", "make_session_factory"]


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``. SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE``.

    SQLite takes its write lock lazily, at the first write; two transactions that both read and
    then write would then deadlock and one would fail. ``BEGIN IMMEDIATE`` takes the lock at the
    start, so concurrent bookings queue for it instead (the pysqlite recipe of SQLAlchemy's docs).
    """
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below take over
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            # Reads (marked read_only) share the database; writes take the lock up front.
            read_only = connection.get_execution_options().get("read_only", False)
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    # No pre-ping: it costs a round trip per transaction; stale connections are recycled instead.
    return create_engine(url, pool_size=10, max_overflow=20, pool_recycle=1800, **kwargs)


def make_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions on ``engine``; ``read_only`` ones need no write lock on SQLite."""
    bind = engine.execution_options(read_only=True) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)
