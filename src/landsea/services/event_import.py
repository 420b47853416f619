"""``landsea track import``'s storing, batch by batch: each batch is checked in this thread
while the last one is stored in a second (one in flight), each committed — once the whole file
is read: JSON lines on PostgreSQL are read as the batches are taken
(:mod:`landsea.services.event_lines`), and the batches before the last line is read are held,
new events sent by COPY in one transaction, the others kept to be stored in order after it.

On PostgreSQL a batch of new events that nobody subscribes to goes straight by COPY over a
driver connection (:class:`~landsea.persistence.event_copy.DirectEvents`); the platform — the
ORM, the tables, the network and, for ETA changes, the planner — loads only for a batch that
needs it (a duplicate, an update, a retraction, an unsupported type, a subscriber to notify),
which :func:`landsea.services.tracking.store_events` then stores exactly as before. ETA changes
are announced once, after the last batch, and only if the events name a booking."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landsea.domain.booking import Principal
from landsea.domain.tracking import ETA_EVENT_PREFIX, TrackingEvent
from landsea.persistence.event_copy import DirectEvents
from landsea.services.event_check import IMPORTER_NAME, CheckedEvents, IngestReport, check_batch
from landsea.services.event_lines import EventBatches, event_batches

if TYPE_CHECKING:
    from landsea.services.platform import Platform, PlatformSettings

__all__ = ["file_batches", "import_batches"]


def file_batches(settings: PlatformSettings, data: bytes, size: int) -> EventBatches:
    """The events of a file's bytes in batches of ``size`` for :func:`import_batches`: on
    PostgreSQL, JSON lines read as they are stored (held in one transaction until the last line
    is read); otherwise the file read whole first."""
    return event_batches(data, size, stream=DirectEvents.reaches(settings.database_url))


def import_batches(
    settings: PlatformSettings,
    batches: EventBatches,
    report: IngestReport,
    advance: Callable[[int], None],
    *,
    cache_folder: Path | None = None,
) -> None:
    """Check and store ``batches``, each committed, in order, adding what each did to
    ``report`` and calling ``advance`` with what it consumed once stored — or held, while the
    file is not read to its end (:meth:`EventBatches.readable`): then the batches wait for it,
    on PostgreSQL sent by COPY in one transaction, committed once the last line is read."""
    with ExitStack() as stack:
        store = _Store(settings, cache_folder, stack)
        principal = store.principal()
        copy = store.direct is not None or not store.platform().sqlite
        with ThreadPoolExecutor(1, thread_name_prefix="landsea-store") as writer:
            pending: tuple[Future[IngestReport], int] | None = None
            for start, raw, consumed in batches:
                checked = check_batch(
                    principal, raw, first_index=start, scope=store.scope(principal, start),
                    copy=copy,
                )  # fmt: skip
                if pending is not None:
                    report.add(pending[0].result())
                    advance(pending[1])
                pending = writer.submit(store.store, checked, batches.readable), consumed
            if pending is not None:
                report.add(pending[0].result())
                advance(pending[1])
            report.add(writer.submit(store.settle).result())
        report.eta_announced += store.announce()


class _Store:
    """Where the batches go: the driver's connection while it can take them, else the platform,
    opened when first needed."""

    def __init__(self, settings: PlatformSettings, cache_folder: Path | None, stack: ExitStack):
        self.settings, self.cache_folder, self.stack = settings, cache_folder, stack
        self.direct = DirectEvents.connect(settings.database_url)
        if self.direct is not None:
            stack.callback(self.direct.close)
        self._platform: Platform | None = None
        self._opening = threading.Lock()  # the writer's fallback and the checker's scope
        self.named: dict[str, TrackingEvent] = {}
        """For each booking the stored events name, one of them — not an ETA announcement of
        landsea's where one is not — all that :func:`announce_eta` reads of them (it reads the
        bookings' events from the database); the rest are let go as each batch is stored."""
        self.held: list[CheckedEvents] = []
        """Batches stored in the driver's open transaction, waiting for their commit."""
        self.kept: list[CheckedEvents] = []
        """Batches waiting to be stored one by one, in order, after the held ones."""

    def platform(self) -> Platform:
        with self._opening:
            if self._platform is None:
                from landsea.services.platform import opened

                self._platform = self.stack.enter_context(
                    opened(self.settings, cache_folder=self.cache_folder)
                )
            return self._platform

    def principal(self) -> Principal:
        """The importer (made on first use, through the platform)."""
        found = None if self.direct is None else self.direct.organisation(IMPORTER_NAME)
        if found is not None:
            return found
        from landsea.services.accounts import system_principal

        return system_principal(self.platform())

    def scope(self, principal: Principal, first_index: int) -> Any:
        """Who may write which event, for an importer that may not write them all."""
        from landsea.domain import access

        if access.reaches_all(principal, access.Action.WRITE_EVENT):
            return None
        from landsea.services.tracking import in_scope

        return lambda parsed: in_scope(self.platform(), principal, first_index, parsed)

    def store(self, batch: CheckedEvents, readable: Callable[[], bool]) -> IngestReport:
        """What storing ``batch`` did — nothing yet while the file is not known to read
        (``readable``): it waits, held in :meth:`DirectEvents.hold`'s transaction if it can be,
        with every batch before it, else kept to be stored by :meth:`settle`, in order."""
        if not self.held and not self.kept and readable():
            return self._store(batch)
        direct = self.direct
        if (
            not self.kept
            and self._direct(batch)
            and direct is not None
            and direct.hold(batch.lines or [])
        ):
            self.held.append(batch)
        else:  # the held batches and this one wait to be stored one by one
            if direct is not None:
                direct.rollback_held()
            self.kept += self.held
            self.kept.append(batch)
            self.held = []
        return self.settle() if readable() else IngestReport()

    def settle(self) -> IngestReport:
        """Commit the held batches and store the kept ones: what they did."""
        done = IngestReport()
        if self.held and self.direct is not None:
            self.direct.commit_held()
            for batch in self.held:
                done.add(self._stored_directly(batch))
        kept, self.held, self.kept = self.kept, [], []
        for batch in kept:
            done.add(self._store(batch))
        return done

    def _direct(self, batch: CheckedEvents) -> bool:
        """Whether ``batch`` may go by the driver's COPY (new events of modelled types)."""
        return (
            self.direct is not None
            and batch.lines is not None
            and not batch.unsupported
            and not batch.retractions
        )

    def _store(self, batch: CheckedEvents) -> IngestReport:
        direct = self.direct
        if self._direct(batch) and direct is not None and direct.store_new(batch.lines or []):
            return self._stored_directly(batch)
        from landsea.services.tracking import store_events

        store_events(self.platform(), batch, announce=False)
        self._name(batch.changed)
        return batch.report

    def _stored_directly(self, batch: CheckedEvents) -> IngestReport:
        batch.changed = list(batch.events.values())
        batch.report.stored = len(batch.changed)
        if self._platform is not None and any(e.type_code == "CUSR" for e in batch.changed):
            from landsea.services.tracking import clearances_changed

            clearances_changed(self._platform)
        self._name(batch.changed)
        return batch.report

    def _name(self, events: list[TrackingEvent]) -> None:
        named = self.named
        for event in events:
            reference = event.carrier_booking_reference
            if reference and (
                reference not in named or named[reference].event_id.startswith(ETA_EVENT_PREFIX)
            ):
                named[reference] = event

    def announce(self) -> int:
        """The ETA changes of every stored event, announced once; how many."""
        references = sorted(self.named)
        if not references:
            return 0
        if self.direct is not None and not self.direct.any_booking(references):
            return 0
        from landsea.services.tracking import announce_eta

        return announce_eta(self.platform(), list(self.named.values()))
