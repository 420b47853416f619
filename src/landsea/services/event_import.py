"""``landsea track import``'s storing, batch by batch: each batch is checked in this thread
while the last one is stored in a second (one in flight), each committed.

On PostgreSQL a batch of new events that nobody subscribes to goes straight by COPY over a
driver connection (:class:`~landsea.persistence.event_copy.DirectEvents`); the platform — the
ORM, the tables, the network and, for ETA changes, the planner — loads only for a batch that
needs it (a duplicate, an update, a retraction, an unsupported type, a subscriber to notify),
which :func:`landsea.services.tracking.store_events` then stores exactly as before. ETA changes
are announced once, after the last batch, and only if the events name a booking."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landsea.domain.booking import Principal
from landsea.domain.tracking import TrackingEvent
from landsea.persistence.event_copy import DirectEvents
from landsea.services.event_check import IMPORTER_NAME, CheckedEvents, IngestReport, check_batch

if TYPE_CHECKING:
    from landsea.services.platform import Platform, PlatformSettings

__all__ = ["import_batches"]


def import_batches(
    settings: PlatformSettings,
    events: Sequence[Any],
    report: IngestReport,
    advance: Callable[[int], None],
    *,
    batch_size: int,
    cache_folder: Path | None = None,
) -> None:
    """Check and store ``events`` in committed batches of ``batch_size``, in order, adding what
    each did to ``report`` and calling ``advance`` with its size once stored."""
    with ExitStack() as stack:
        store = _Store(settings, cache_folder, stack)
        principal = store.principal()
        copy = store.direct is not None or not store.platform().sqlite
        with ThreadPoolExecutor(1, thread_name_prefix="landsea-store") as writer:
            pending: tuple[Future[IngestReport], int] | None = None
            for start in range(0, len(events), batch_size):
                raw = events[start : start + batch_size]
                checked = check_batch(
                    principal, raw, first_index=start, scope=store.scope(principal, start),
                    copy=copy,
                )  # fmt: skip
                if pending is not None:
                    report.add(pending[0].result())
                    advance(pending[1])
                pending = writer.submit(store.store, checked), len(raw)
            if pending is not None:
                report.add(pending[0].result())
                advance(pending[1])
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
        self.changed: list[TrackingEvent] = []

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

    def store(self, batch: CheckedEvents) -> IngestReport:
        direct = self.direct
        if (
            direct is not None
            and batch.lines is not None
            and not batch.unsupported
            and not batch.retractions
            and direct.store_new(batch.lines)
        ):
            batch.changed = list(batch.events.values())
            batch.report.stored = len(batch.changed)
            if self._platform is not None and any(e.type_code == "CUSR" for e in batch.changed):
                from landsea.services.tracking import clearances_changed

                clearances_changed(self._platform)
        else:
            from landsea.services.tracking import store_events

            store_events(self.platform(), batch, announce=False)
        self.changed += batch.changed
        return batch.report

    def announce(self) -> int:
        """The ETA changes of every stored event, announced once; how many."""
        references = sorted({r for e in self.changed if (r := e.carrier_booking_reference)})
        if not references:
            return 0
        if self.direct is not None and not self.direct.any_booking(references):
            return 0
        from landsea.services.tracking import announce_eta

        return announce_eta(self.platform(), self.changed)
