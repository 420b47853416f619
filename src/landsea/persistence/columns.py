"""Column types that convert at the table's edge, so that no repository converts by hand.

- :class:`UtcDateTime`: ``DateTime(timezone=True)`` that refuses naive datetimes and stores every
  instant in UTC. SQLite keeps no offset (it stores the wall-clock text), so an aware value in
  +08:00 would otherwise be stored as if it were UTC, eight hours off, and read back naive.
  Values come back aware, in UTC, on both databases.
- :class:`JsonText`: a JSON value in a ``Text`` column (the schema is unchanged): compact text,
  Unicode as is, written with orjson where it can and read with the standard library, which keeps
  integers past 64 bits exact (orjson turns them into floats).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import DateTime, Dialect, Text
from sqlalchemy.types import TypeDecorator

from landsea.persistence.json_text import json_text

__all__ = ["JsonText", "UtcDateTime", "json_text"]


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An instant: aware datetimes in, aware UTC datetimes out; naive ones are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise TypeError(f"a datetime is needed for a time column, not {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()!r}: times are stored as instants, give an offset"
            )
        moment = value.astimezone(dt.UTC)
        # SQLite stores the wall-clock text: UTC's, without an offset.
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite: what was stored is UTC
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class JsonText(TypeDecorator[Any]):
    """A JSON value (object, array, string, number …) stored as text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else json_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)
