"""The network's versions and records (valid from one version until another)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from landsea.persistence.network_rows import NetworkRecordRow, NetworkVersionRow

__all__ = ["NetworkRecord", "NetworkStore", "NetworkVersion"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkVersion:
    """One published state of the network."""

    id: int
    created_at: dt.datetime
    organisation_id: str | None
    author: str
    summary: str
    digest: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkRecord:
    """A place (``location``), a service (``service``) or a file's other tables (``file``), as the
    dataset's JSON, in ``file`` at ``position``."""

    kind: str
    key: str
    file: str
    position: int
    body: str
    owner_id: str | None = None


class NetworkStore:
    """Reads and writes network versions through a session the caller owns."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self, *, lock: bool = False) -> NetworkVersion | None:
        """The newest version (``lock``: held until the transaction ends, so that publishers
        queue behind each other)."""
        query = select(NetworkVersionRow).order_by(NetworkVersionRow.id.desc()).limit(1)
        if lock and self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        return None if row is None else _version(row)

    def head(self) -> tuple[int, str] | None:
        """The newest version's id and digest: what a process polls."""
        row = self.session.execute(
            select(NetworkVersionRow.id, NetworkVersionRow.digest)
            .order_by(NetworkVersionRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else (row[0], row[1])

    def version(self, version_id: int) -> NetworkVersion | None:
        row = self.session.get(NetworkVersionRow, version_id)
        return None if row is None else _version(row)

    def as_of(self, instant: dt.datetime) -> NetworkVersion | None:
        """The version in force at ``instant`` (the newest made at or before it)."""
        row = self.session.scalars(
            select(NetworkVersionRow)
            .where(NetworkVersionRow.created_at <= instant)
            .order_by(NetworkVersionRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _version(row)

    def versions(self, *, limit: int, before: int | None = None) -> list[NetworkVersion]:
        """Versions, newest first, older than ``before`` when given."""
        query = select(NetworkVersionRow).order_by(NetworkVersionRow.id.desc()).limit(limit)
        if before is not None:
            query = query.where(NetworkVersionRow.id < before)
        return [_version(row) for row in self.session.scalars(query)]

    def records(self, version_id: int) -> list[NetworkRecord]:
        """Every record of version ``version_id``, by file and position."""
        rows = self.session.scalars(
            select(NetworkRecordRow)
            .where(
                NetworkRecordRow.valid_from <= version_id,
                or_(NetworkRecordRow.valid_to.is_(None), NetworkRecordRow.valid_to > version_id),
            )
            .order_by(NetworkRecordRow.file, NetworkRecordRow.kind, NetworkRecordRow.position)
        )
        return [_record(row) for row in rows]

    def current(self, kind: str, key: str) -> NetworkRecord | None:
        """The record ``kind`` ``key`` of the newest version, if it has one."""
        row = self.session.scalars(
            select(NetworkRecordRow).where(
                NetworkRecordRow.kind == kind,
                NetworkRecordRow.key == key,
                NetworkRecordRow.valid_to.is_(None),
            )
        ).first()
        return None if row is None else _record(row)

    def publish(
        self,
        *,
        organisation_id: str | None,
        author: str,
        summary: str,
        digest: str,
        changed: Iterable[NetworkRecord],
        removed: Iterable[tuple[str, str]] = (),
    ) -> NetworkVersion:
        """A new version: ``changed`` records replace (or add) those of the same kind and key,
        ``removed`` ones end; every other record carries over."""
        row = NetworkVersionRow(
            organisation_id=organisation_id, author=author, summary=summary, digest=digest
        )
        self.session.add(row)
        self.session.flush()
        changed = list(changed)
        for kind, key in [(r.kind, r.key) for r in changed] + list(removed):
            self.session.execute(
                update(NetworkRecordRow)
                .where(
                    NetworkRecordRow.kind == kind,
                    NetworkRecordRow.key == key,
                    NetworkRecordRow.valid_to.is_(None),
                )
                .values(valid_to=row.id)
            )
        self.session.add_all(
            NetworkRecordRow(
                kind=r.kind,
                key=r.key,
                file=r.file,
                position=r.position,
                body=r.body,
                owner_id=r.owner_id,
                valid_from=row.id,
            )
            for r in changed
        )
        self.session.flush()
        return _version(row)


# -- mapping ------------------------------------------------------------------------------------


def _version(row: NetworkVersionRow) -> NetworkVersion:
    return NetworkVersion(
        id=row.id,
        created_at=row.created_at,
        organisation_id=row.organisation_id,
        author=row.author,
        summary=row.summary,
        digest=row.digest,
    )


def _record(row: NetworkRecordRow) -> NetworkRecord:
    return NetworkRecord(
        kind=row.kind,
        key=row.key,
        file=row.file,
        position=row.position,
        body=row.body,
        owner_id=row.owner_id,
    )
