"""An event coming in: first DCSA's schema of its version, then landsea's own rules.

The schema (:mod:`landsea.feeds.dcsa_schema`) refuses what the standard forbids — each
violation a :class:`~landsea.feeds.dcsa.Rejection` with its JSON path, value and reason; what
passes is read by :func:`landsea.feeds.dcsa.parse_event`, which adds what the schema cannot say
(ISO 6346 check digits, UN/LOCODE and facility codes, an offset on every timestamp, the platform's
dates).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from landsea.domain.tracking import TrackingEvent
from landsea.feeds.dcsa import Rejection, Retraction, Unsupported, parse_event
from landsea.feeds.dcsa_fast import fast_event
from landsea.feeds.dcsa_schema import TntVersion, Violation, event_violations

__all__ = ["Read", "read_event", "version_of"]

Read = TrackingEvent | Unsupported | Retraction | list[Rejection]


def version_of(raw: Any) -> TntVersion | None:
    """The version an event is written in, by its shape (``None``: 3.0 Beta-1, which DCSA
    published no schema for, or not an event)."""
    if not isinstance(raw, dict) or isinstance(raw.get("metadata"), dict):
        return None
    return TntVersion.V3 if "eventClassification" in raw or "isRetracted" in raw else TntVersion.V2


def read_event(
    index: int, raw: Any, *, received: dt.datetime, version: TntVersion | None = None
) -> Read:
    """One event as stored, or every reason it is refused.

    ``version`` is the version the face speaks (``/dcsa/tnt/v2``, ``/dcsa/tnt/v3``): an event
    in another version's shape is refused by that version's schema (a 2.2 face takes no 3.0
    event). Without it — landsea's own ``/api/v1/events`` and landsea's own events — only
    landsea's rules apply, to 2.2, 3.0 and 3.0 Beta-1 shapes alike, as before."""
    if version is not None and isinstance(raw, dict):
        violations = event_violations(version, raw)
        if version is TntVersion.V3 and version_of(raw) is not TntVersion.V3:
            # 3.0's schema requires nothing: an event of another shape would pass it.
            reason = "is missing: a DCSA 3.0 event is classified (or isRetracted)"
            violations.append(Violation("$.eventClassification", None, reason))
        if violations:
            return [
                Rejection(index, v.path.removeprefix("$").removeprefix("."), v.value, v.reason)
                for v in violations
            ]
    # The common, well-formed event in one pass; anything else (and every rejection) as the
    # reference reads it.
    parsed = fast_event(raw, received) or parse_event(index, raw, received=received)
    return [parsed] if isinstance(parsed, Rejection) else parsed
