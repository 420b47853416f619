"""Migrations reach head on an empty database and match the models (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from landsea.persistence.engine import make_engine
from landsea.persistence.migrate import alembic_config, include_name, upgrade
from landsea.persistence.tables import Base
from tests.fixtures.db import new_database


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_migrations_reach_head_and_match_the_models(
    kind: str, tmp_path: Path, postgres_server: str | None
) -> None:
    url = new_database(kind, tmp_path, postgres_server)
    engine = make_engine(url)
    upgrade(url, engine)
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        assert context.get_current_revision() == head
        assert compare_metadata(context, Base.metadata) == []
    upgrade(url, engine)  # a second run is a no-op
    engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_0015_stores_existing_prices_in_minor_units(
    kind: str, tmp_path: Path, postgres_server: str | None
) -> None:
    url = new_database(kind, tmp_path, postgres_server)
    engine = make_engine(url)
    upgrade(url, engine, "0014")
    now = "2026-11-30 10:00:00+00:00"
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisations (id, name, role, created_at) "
            "VALUES ('o1', 'Exporter', 'shipper', :now)"), {"now": now})  # fmt: skip
        connection.execute(text(
            "INSERT INTO bookings (id, organisation_id, status, teu, cargo_type, price_amount,"
            " price_currency, co2e_kg, request_hash, created_at, updated_at) VALUES ('b1', 'o1',"
            " 'confirmed', 2, 'general', 12345.67, 'CNY', 1.5, 'h', :now, :now)"), {"now": now})  # fmt: skip
    upgrade(url, engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT price_minor, quote FROM bookings")).all() == [
            (1234567, None)
        ]
    engine.dispose()
