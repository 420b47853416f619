"""Alembic migrations, run from code: ``upgrade(url)`` brings a database to the head revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from landsea.persistence.engine import make_engine

__all__ = ["alembic_config", "include_name", "upgrade"]

_HERE = Path(__file__).parent


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def include_name(name: str | None, kind: str, parents: Any) -> bool:
    """Alembic's filter: procrastinate's tables (PostgreSQL) are its own, not landsea's models."""
    return not (kind == "table" and (name or "").startswith("procrastinate_"))


def upgrade(url: str, engine: Engine | None = None, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (the latest by default)."""
    engine = engine or make_engine(url)
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
