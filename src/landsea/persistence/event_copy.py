"""Tracking events in bulk on PostgreSQL, with the driver alone (no SQLAlchemy): the rows in
COPY's text format, sent by COPY, and :class:`DirectEvents`, the few statements ``landsea track
import`` needs when every event of a batch is new (its start then loads no ORM, no tables,
no planner). :class:`~landsea.persistence.repositories.events.Events` sends the same rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from landsea.domain.booking import Principal, Role
from landsea.domain.tracking import TrackingEvent
from landsea.persistence.json_text import json_text

__all__ = ["UNIQUE_VIOLATION", "DirectEvents", "copy_lines", "copy_rows"]

_COPY_COLUMNS = (
    "event_id", "version", "event_type", "classifier", "type_code", "event_at", "created_at",
    "updated_at", "location", "equipment_reference", "carrier_booking_reference",
    "transport_document_reference", "mode", "body", "retracted_by", "received_at",
)  # fmt: skip
_NULL = "\\N"


_PIECE = 500
"""Rows a COPY write: the server stores one piece while the next is written."""
UNIQUE_VIOLATION = "23505"
"""PostgreSQL's SQLSTATE of a duplicate key."""


def copy_lines(
    events: Sequence[TrackingEvent], received: dt.datetime, *, as_read: bool = False
) -> list[str]:
    """The rows :meth:`~landsea.persistence.repositories.events.Events.add_many` sends by COPY, one a event (``received``: the time
    they were received), written ahead of the transaction (``landsea track import`` writes
    them in the thread that checks the events, so that the one storing them only sends).

    ``as_read``: the events are as :func:`landsea.feeds.dcsa_inbound.read_event` read them from
    their ``raw`` (DCSA 2.2 and 3.0 take their times from its ``eventDateTime``,
    ``eventCreatedDateTime`` and ``eventUpdatedDateTime``): a time written there in a form
    PostgreSQL reads as the same instant (:func:`_as_written`) is sent as written."""
    at = _copy_time(received)
    if as_read:
        return [_copy_line(e, at, _times_as_read(e, at)) for e in events]
    return [_copy_line(e, at) for e in events]


def _copy_line(
    event: TrackingEvent, received: str, times: tuple[str | None, str | None] = (None, None)
) -> str:
    """One row of :data:`_COPY_COLUMNS` in COPY's text format: the values the columns' types
    would bind (times as instants, the body as :func:`json_text`), tab-separated, escaped
    (``times``: the event's time and its creation time as written, where they are)."""
    event_id, version, code = event.event_id, event.version, event.type_code
    location, equipment = event.location, event.equipment_reference
    booking, document = event.carrier_booking_reference, event.transport_document_reference
    if _SPECIAL.search(f"{event_id}{version}{code}{location}{equipment}{booking}{document}"):
        event_id, version, code = _copy_text(event_id), _copy_text(version), _copy_text(code)
        location, equipment = _copy_optional(location), _copy_optional(equipment)
        booking, document = _copy_optional(booking), _copy_optional(document)
    body = json_text(event.raw)  # JSON text: a tab, newline or return in it is escaped already
    if "\\" in body:
        body = body.replace("\\", "\\\\")
    updated, mode = event.updated, event.mode
    event_at, created_at = times
    if updated is None:
        updated_at = _NULL
    elif event.created is updated and created_at is not None:
        updated_at = created_at
    else:
        updated_at = _copy_time(updated)
    if created_at is None:
        created_at = updated_at if event.created is updated else _copy_time(event.created)
    # An f-string: a StrEnum as its value, None as COPY's NULL, a DCSA 3.0 reference sent as a
    # number as its text.
    return (
        f"{event_id}\t{version}\t{event.event_type}\t{event.classifier}\t{code}\t"
        f"{event_at or _copy_time(event.event_time)}\t{created_at}\t{updated_at}\t"
        f"{_NULL if location is None else location}\t"
        f"{_NULL if equipment is None else equipment}\t"
        f"{_NULL if booking is None else booking}\t{_NULL if document is None else document}\t"
        f"{_NULL if mode is None else mode}\t{body}\t{_NULL}\t{received}\n"
    )


def _times_as_read(event: TrackingEvent, received: str) -> tuple[str | None, str | None]:
    """The event's time and creation time as its ``raw`` writes them, where :func:`_as_written`
    allows (``received``: the creation time of a 2.2 event without one)."""
    raw, version = event.raw, event.version
    if version == "3.0":
        created = raw.get("eventUpdatedDateTime")
    elif version == "2.2":
        created = raw.get("eventCreatedDateTime")
    else:
        return None, None
    return _as_written(raw.get("eventDateTime")), (
        received if created is None else _as_written(created)
    )


def _as_written(text: Any) -> str | None:
    """``text`` if it is ``YYYY-MM-DDTHH:MM:SSZ`` or ``YYYY-MM-DDTHH:MM:SS±HH:MM`` in ASCII: a
    time :func:`datetime.datetime.fromisoformat` read (its digits and ranges checked) and that
    PostgreSQL's ``timestamptz`` reads as the same instant; else ``None`` (sent as
    ``isoformat()``)."""
    if type(text) is not str or not text.isascii():
        return None
    size = len(text)
    if (size == 20 and text[19] == "Z") or (size == 25 and text[19] in "+-" and text[22] == ":"):
        if text[4] == "-" and text[7] == "-" and text[10] == "T" and text[13] == ":" == text[16]:
            return text
    return None


_SPECIAL = re.compile(r"[\\\t\n\r]")
"""What COPY's text format escapes."""


def _copy_text(value: str) -> str:
    """Text as COPY reads it back unchanged: backslash, tab, newline and return escaped."""
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _copy_optional(value: str | None) -> str | None:
    return None if value is None else _copy_text(f"{value}")


def _copy_time(moment: dt.datetime) -> str:
    """An instant as ``timestamptz`` reads it; a naive time is refused, as
    :class:`~landsea.persistence.columns.UtcDateTime` refuses it."""
    if moment.utcoffset() is None:
        raise ValueError(
            f"naive datetime {moment.isoformat()!r}: times are stored as instants, give an offset"
        )
    return moment.isoformat()


def copy_rows(connection: Any, lines: Sequence[str]) -> None:
    """``lines`` (from :func:`copy_lines`) sent by COPY on a psycopg ``connection``, in pieces:
    the server stores one while the next is written."""
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY tracking_events ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy,
    ):
        for start in range(0, len(lines), _PIECE):
            copy.write("".join(lines[start : start + _PIECE]).encode())


class DirectEvents:
    """The statements a bulk import of new events needs, on one psycopg connection: who the
    importer is, and one transaction a batch that stores it only when nothing else must happen
    with it (no subscription to notify, no id stored before) — otherwise the caller stores the
    batch through the platform, which does all of that."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.holding = False
        """Whether a transaction of held batches is open (:meth:`hold`)."""

    @staticmethod
    def reaches(database_url: str) -> bool:
        """Whether :meth:`connect` connects to ``database_url``."""
        scheme, separator, _ = database_url.partition("://")
        return bool(separator) and scheme in ("postgresql", "postgresql+psycopg")

    @classmethod
    def connect(cls, database_url: str) -> DirectEvents | None:
        """A connection to ``database_url`` if it is PostgreSQL through psycopg; else ``None``."""
        if not cls.reaches(database_url):
            return None
        import psycopg

        rest = database_url.partition("://")[2]
        return cls(psycopg.connect(f"postgresql://{rest}", autocommit=True))

    def organisation(self, name: str) -> Principal | None:
        """The organisation called ``name``, if there is one."""
        with self.connection.transaction():
            row = self.connection.execute(
                "SELECT id, name, role, operator_match FROM organisations WHERE name = %s",
                (name,),
            ).fetchone()
        if row is None:
            return None
        return Principal(organisation_id=row[0], name=row[1], role=Role(row[2]),
                         operator_match=row[3])  # fmt: skip

    def store_new(self, lines: Sequence[str]) -> bool:
        """Store these rows in one transaction and ``True``; ``False`` with nothing stored when
        someone subscribes to events (their notifications are queued in the same transaction,
        by the platform) or one of the ids is stored already (a duplicate or an update)."""
        if self.holding:
            raise RuntimeError("store_new with held rows: commit or roll them back first")
        if not self.hold(lines):
            return False
        self.commit_held()
        return True

    def hold(self, lines: Sequence[str]) -> bool:
        """Store these rows in the transaction that :meth:`commit_held` commits (begun by the
        first), and ``True``; ``False``, with that transaction rolled back and nothing held,
        where :meth:`store_new` would store nothing."""
        try:
            if not self.holding:
                self.connection.execute("BEGIN")
                self.holding = True
            if self.connection.execute(
                "SELECT EXISTS (SELECT 1 FROM event_subscriptions)"
            ).fetchone()[0]:
                raise _NotNew
            copy_rows(self.connection, lines)
        except _NotNew:
            self.rollback_held()
            return False
        except Exception as exc:
            self.rollback_held()
            if getattr(exc, "sqlstate", None) != UNIQUE_VIOLATION:
                raise
            return False
        return True

    def commit_held(self) -> None:
        """Commit what :meth:`hold` stored."""
        if self.holding:
            self.connection.execute("COMMIT")
            self.holding = False

    def rollback_held(self) -> None:
        """Forget what :meth:`hold` stored."""
        if self.holding:
            self.connection.execute("ROLLBACK")
            self.holding = False

    def any_booking(self, references: Sequence[str]) -> bool:
        """Whether any of these references is a booking's id."""
        with self.connection.transaction():
            row = self.connection.execute(
                "SELECT EXISTS (SELECT 1 FROM bookings WHERE id = ANY(%s))", (list(references),)
            ).fetchone()
        return bool(row[0])

    def close(self) -> None:
        self.connection.close()


class _NotNew(Exception):
    """The batch needs the platform."""
