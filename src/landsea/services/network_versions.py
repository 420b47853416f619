"""The network kept in the database as versions of records, and the immutable snapshots built
from them (copy-on-write: a new version is a new snapshot; nothing in one ever changes).

A record is a place, a service or a file's other tables, in the dataset's TOML-equivalent JSON;
a snapshot is read from a version's records by the dataset reader itself
(:func:`landsea.feeds.dataset.read_documents`), so files, imports and what operators publish
pass one validation. See docs/network.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landsea.domain.network import Network
from landsea.errors import DatasetError, NotFound
from landsea.feeds.dataset import (
    dumps,
    folder_documents,
    loads,
    read_documents,
    write_documents,
)
from landsea.feeds.dataset.documents import Document
from landsea.persistence.database import Database
from landsea.persistence.repositories import NetworkRecord, NetworkVersion
from landsea.services.cache import TtlCache

__all__ = [
    "ARRAYS",
    "LiveNetwork",
    "NetworkSnapshot",
    "build_network",
    "digest",
    "export_network",
    "folder_documents",
    "import_network",
    "record_documents",
    "records_of",
    "remember",
    "seed_network",
    "snapshot_as_of",
    "snapshot_of",
]

ARRAYS = {"location": "locode", "service": "id"}
"""The arrays of tables that are records of their own, and the field that keys each."""


@dataclass(frozen=True, slots=True)
class NetworkSnapshot:
    """One version of the network, read once and never changed (version 0: the dataset a
    database with no stored network runs on)."""

    version: int
    digest: str
    network: Network


def records_of(documents: Iterable[Document], owner_id: str | None = None) -> list[NetworkRecord]:
    """The records of a dataset's documents: each place and service, and each file's rest."""
    records: list[NetworkRecord] = []
    for name, document in documents:
        rest = {key: value for key, value in document.items() if key not in ARRAYS}
        records.append(
            NetworkRecord(kind="file", key=name, file=name, position=0, body=dumps(rest))
        )
        for kind, field in ARRAYS.items():
            for position, table in enumerate(document.get(kind, [])):
                key = str(table.get(field, f"{name}#{position}"))
                records.append(
                    NetworkRecord(
                        kind=kind, key=key, file=name, position=position, body=dumps(table),
                        owner_id=owner_id,
                    )
                )  # fmt: skip
    return records


def record_documents(records: Iterable[NetworkRecord]) -> list[Document]:
    """The documents of ``records`` (the inverse of :func:`records_of`), in the reader's order."""
    files: dict[str, dict[str, Any]] = {}
    arrays: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    for record in records:
        if record.kind == "file":
            files[record.file] = loads(record.body)
        else:
            arrays.setdefault((record.file, record.kind), []).append(
                (record.position, loads(record.body))
            )
    for (file, kind), tables in arrays.items():
        files.setdefault(file, {})[kind] = [table for _, table in sorted(tables, key=_first)]
    top = sorted(name for name in files if "/" not in name)
    nested = sorted(name for name in files if "/" in name)
    return [(name, files[name]) for name in top + nested]


def _first(item: tuple[int, dict[str, Any]]) -> int:
    return item[0]


def digest(records: Iterable[NetworkRecord]) -> str:
    """A fingerprint of a network's records: equal for equal networks."""
    hasher = hashlib.sha256()
    for record in sorted(records, key=lambda r: (r.kind, r.key)):
        hasher.update(f"{record.kind}\0{record.key}\0{record.file}\0{record.position}\0".encode())
        hasher.update(record.body.encode())
        hasher.update(b"\1")
    return hasher.hexdigest()


def build_network(documents: list[Document], *, name: str = "database") -> Network:
    """The network of ``documents``; :class:`DatasetError` naming every problem otherwise."""
    reading = read_documents(documents, name=name)
    if reading.network is None:
        raise DatasetError(name, reading.problems)
    return reading.network


_snapshots = TtlCache[str, Network]("network snapshots", ttl=None, max_entries=4)
"""Networks by digest: every process builds a version once (and equal versions share one)."""


def snapshot_of(database: Database, version: NetworkVersion) -> NetworkSnapshot:
    """The snapshot of ``version`` (built from its records unless this process has it)."""

    def build() -> Network:
        with database.uow(read_only=True) as uow:
            records = uow.network.records(version.id)
        return build_network(record_documents(records), name=f"network version {version.id}")

    return NetworkSnapshot(
        version.id, version.digest, _snapshots.get_or_make(version.digest, build)
    )


def remember(version: NetworkVersion, network: Network) -> None:
    """Keep ``network``, just built for ``version``, so that no process rebuilds it here."""
    _snapshots.get_or_make(version.digest, lambda: network)


def snapshot_as_of(database: Database, instant: dt.datetime) -> NetworkSnapshot:
    """The snapshot in force at ``instant``."""
    with database.uow(read_only=True) as uow:
        version = uow.network.as_of(instant)
    if version is None:
        raise NotFound(f"as_of {instant.isoformat()!r} is before the network's first version")
    return snapshot_of(database, version)


def import_network(
    database: Database,
    documents: list[Document],
    *,
    author: str,
    summary: str,
    organisation_id: str | None = None,
) -> NetworkVersion:
    """Store ``documents`` as a new version replacing the whole network (checked first: nothing
    is stored when any record has a problem)."""
    build_network(documents, name="import")
    records = records_of(documents)
    with database.uow() as uow:
        latest = uow.network.latest(lock=True)
        old = [] if latest is None else uow.network.records(latest.id)
        keys = {(r.kind, r.key) for r in records}
        return uow.network.publish(
            organisation_id=organisation_id,
            author=author,
            summary=summary,
            digest=digest(records),
            changed=records,
            removed=[(r.kind, r.key) for r in old if (r.kind, r.key) not in keys],
        )


def seed_network(database: Database, root: Path) -> NetworkVersion | None:
    """Load the dataset folder ``root`` into a database that holds no network yet (what
    ``landsea db upgrade`` does); ``None`` when it already has one."""
    with database.uow(read_only=True) as uow:
        if uow.network.head() is not None:
            return None
    return import_network(
        database, folder_documents(root), author="landsea", summary=f"dataset {root.name} loaded"
    )


def export_network(database: Database, root: Path, *, version: int | None = None) -> int:
    """Write version ``version`` (the newest) as a dataset folder ``root``; returns its id."""
    with database.uow(read_only=True) as uow:
        chosen = uow.network.latest() if version is None else uow.network.version(version)
        if chosen is None:
            raise NotFound(f"network version {version!r} does not exist")
        records = uow.network.records(chosen.id)
    write_documents(root, record_documents(records))
    return chosen.id


class LiveNetwork:
    """The network a process plans on: an atomically replaced reference to an immutable
    snapshot, refreshed when the database's newest version changes (polled at most every
    ``poll_s`` seconds, cheaply: one row's id and digest).

    A query reads :attr:`snapshot` once at its start and plans on it to the end, so a change
    published meanwhile never shows half-applied."""

    def __init__(
        self,
        database: Database,
        fallback: Network,
        *,
        poll_s: float = 0.5,
        on_change: Callable[[NetworkSnapshot], None] | None = None,
    ) -> None:
        self._database = database
        self._fallback = NetworkSnapshot(0, "", fallback)
        self._current = self._fallback
        self._poll_s = poll_s
        self._checked = -float("inf")
        self._lock = threading.Lock()
        self._on_change = on_change

    @property
    def snapshot(self) -> NetworkSnapshot:
        if time.monotonic() - self._checked >= self._poll_s:
            self.refresh()
        return self._current

    @property
    def at_hand(self) -> bool:
        """Whether :attr:`snapshot` answers without a poll (checked within ``poll_s``)."""
        return time.monotonic() - self._checked < self._poll_s

    def refresh(self) -> NetworkSnapshot:
        """Look at the newest version now, and swap it in if it is new."""
        with self._lock:
            self._checked = time.monotonic()
            with self._database.uow(read_only=True) as uow:
                head = uow.network.head()
            if head is None or (
                head[1] == self._current.digest and head[0] == self._current.version
            ):
                return self._current
            with self._database.uow(read_only=True) as uow:
                version = uow.network.version(head[0])
            assert version is not None
            fresh = snapshot_of(self._database, version)
            changed = fresh.digest != self._current.digest
            self._current = fresh
        if changed and self._on_change is not None:
            self._on_change(fresh)
        return fresh
