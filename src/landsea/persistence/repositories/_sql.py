"""SQL helpers the repositories share: batched inserts, long id lists, dialect differences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import String, Table, any_, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from landsea.persistence.tables import Base

__all__ = ["among", "chunks", "insert_or_skip", "is_postgresql", "rowcount", "table"]


def table(row: type[Base]) -> Table:
    """The Core table of a mapped class, for batched executemany inserts."""
    return cast(Table, row.__table__)


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def chunks(session: Session, values: list[str]) -> Iterator[list[str]]:
    """``values`` in pieces one query can take: all at once as a PostgreSQL array, else 500."""
    size = len(values) if is_postgresql(session) else 500
    for start in range(0, len(values), max(size, 1)):
        yield values[start : start + size]


def among(session: Session, column: Any, values: list[str]) -> Any:
    """``column IN values``: on PostgreSQL ``= ANY(array)``, one parameter however many values
    (a long IN list costs more to build and parse than the lookup itself)."""
    if is_postgresql(session):
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(String)))
    return column.in_(values)


def insert_or_skip(session: Session, row: type[Base], key: str) -> Any:
    """``INSERT … ON CONFLICT (key) DO NOTHING`` in the session's dialect."""
    dialect = postgresql if is_postgresql(session) else sqlite
    return dialect.insert(row).on_conflict_do_nothing(index_elements=[key])


def rowcount(result: Any) -> int:
    """How many rows an UPDATE or DELETE touched."""
    return int(getattr(result, "rowcount", 0) or 0)
