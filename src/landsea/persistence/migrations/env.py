"""Alembic environment: migrations run on the connection the caller passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from landsea.persistence.engine import make_engine
from landsea.persistence.migrate import include_name
from landsea.persistence.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    with make_engine(url).begin() as opened:
        _run(opened)
