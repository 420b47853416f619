"""A consolidation result as JSON: the form a run stores and ``landsea consolidate --format
json`` prints (DESIGN.md's consolidation contract, with more fields)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from landsea.domain.consolidation import ConsolidationResult

__all__ = ["result_document"]


def result_document(result: ConsolidationResult) -> dict[str, Any]:
    """``result`` as plain JSON types: times ISO 8601, legs with ``from`` and ``to``."""
    document = asdict(result)
    for assignment, typed in zip(document["assignments"], result.assignments, strict=True):
        assignment["departure_ids"] = list(typed.departure_ids)
        assignment["arrival"] = typed.arrival.isoformat()
        assignment["legs"] = [
            {
                "service_id": leg.service_id,
                "departure_id": leg.departure_id,
                "from": leg.origin,
                "to": leg.destination,
                "departure": leg.departure.isoformat(),
                "arrival": leg.arrival.isoformat(),
            }
            for leg in typed.legs
        ]
    document["assignments"] = list(document["assignments"])
    document["unassigned"] = list(document["unassigned"])
    document["departures"] = list(document["departures"])
    document["log"] = list(result.log)
    document["booking_ids"] = list(result.booking_ids)
    return document
