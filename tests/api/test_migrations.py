"""Migrations reach head on an empty database and match the models (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

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
