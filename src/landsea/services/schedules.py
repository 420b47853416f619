"""Commercial Schedules from the network: port schedules and vessel schedules (DCSA CS 1.0.3),
and the paging all three CS lists share.

Only vessels and barges have CS schedules (:data:`landsea.feeds.dcsa_cs.SCHEDULED_MODES`):
rail and road services appear in point-to-point routings (:mod:`landsea.services.routings`).
A schedule is the network's weekly pattern expanded into dated runs
(:meth:`landsea.domain.timetable.Service.departures`); what each field holds is in
docs/dcsa_cs.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from landsea.domain.network import Network
from landsea.domain.timetable import Departure, Service, parse_departure_id
from landsea.errors import InvalidInput
from landsea.feeds.dcsa_cs import (
    SCHEDULED_MODES,
    service_code,
    service_name,
    service_partner,
    timestamps,
    transport_calls,
)
from landsea.feeds.dcsa_cs_import import ImportedService, read_vessel_schedules, services_toml
from landsea.services.platform import Platform

__all__ = [
    "MAX_LIMIT",
    "CsPage",
    "ScheduleImport",
    "VesselQuery",
    "cs_page",
    "import_schedules",
    "port_schedules",
    "vessel_schedules",
]

T = TypeVar("T")

MAX_LIMIT = 1000
"""The most items a CS page holds; a larger ``limit`` is capped, not refused."""
_BEFORE = dt.timedelta(days=92)
_AFTER = dt.timedelta(days=183)
"""CS's default vessel-schedule period: 3 months before and 6 months after the request."""


@dataclass(frozen=True, slots=True)
class CsPage:
    """One page of a CS list and the ``Next-Page-Cursor`` of the next (``None``: the last)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


def cs_page(
    items: Sequence[T],
    shape: Callable[[T], dict[str, Any]],
    *,
    limit: int,
    cursor: str | None,
    query: Mapping[str, str],
) -> CsPage:
    """The page of ``items`` that ``cursor`` points at (the first without one).

    The cursor holds the offset and a digest of the filters, so that a cursor used with other
    filters (which CS forbids) is refused rather than answered with a wrong page.
    """
    if limit < 1:
        raise InvalidInput(f"limit {limit} must be at least 1")
    limit = min(limit, MAX_LIMIT)
    digest = hashlib.sha256(json.dumps(sorted(query.items())).encode()).hexdigest()[:16]
    offset = 0
    if cursor is not None:
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
            offset, digest_given = int(raw["o"]), str(raw["q"])
        except (ValueError, TypeError, KeyError, UnicodeDecodeError):
            raise InvalidInput(
                f"cursor {cursor[:80]!r} is not a cursor this API gave out"
            ) from None
        if digest_given != digest or offset < 0:
            raise InvalidInput(
                f"cursor {cursor[:80]!r} was given out for other filters (keep them unchanged)"
            )
    page = [shape(item) for item in items[offset : offset + limit]]
    more = offset + limit < len(items)
    token = json.dumps({"o": offset + limit, "q": digest}).encode()
    next_cursor = base64.urlsafe_b64encode(token).decode().rstrip("=") if more else None
    return CsPage(items=page, next_cursor=next_cursor)


def _runs_around(
    network: Network, service: Service, first: dt.date, last: dt.date
) -> list[Departure]:
    """The runs of ``service`` that may call somewhere on a day of ``[first, last]``."""
    zone = network.locations[service.origin].timezone
    span = service.transit_time.days + 2
    start = first - dt.timedelta(days=span)
    return service.departures(start=start, days=(last - start).days + 2, timezone=zone)


def _local_days(network: Network, run: Departure, n: int) -> set[dt.date]:
    call = run.calls[n]
    location = network.locations.get(call.location)
    zone = ZoneInfo(location.timezone) if location is not None else dt.UTC
    return {t.astimezone(zone).date() for t in (call.arrival, call.departure) if t is not None}


def _keys_at(network: Network, unlocode: str, facility: str | None = None) -> list[str]:
    """The places a ``UNLocationCode`` (and ``facilitySMDGCode``) filter takes in: the port and
    its terminals, or the one terminal."""
    if facility is not None:
        wanted = f"{unlocode}-{facility}"
        return [wanted] if wanted in network.locations else []
    return sorted(k for k in network.locations if k == unlocode or k.startswith(unlocode + "-"))


def port_schedules(platform: Platform, unlocode: str, day: dt.date) -> list[dict[str, Any]]:
    """CS ``PortSchedule`` entries of a port on a local ``day``: one for the port and one for
    each of its terminals, each with the vessels and barges arriving or departing that day."""
    network = platform.network
    keys = _keys_at(network, unlocode)
    if not keys:
        raise InvalidInput(f"UNLocationCode {unlocode!r} is not a place of the network")
    found = []
    for key in keys:
        entries: list[tuple[str, dict[str, Any]]] = []
        for service in network.services_at(key):  # type: ignore[arg-type]
            if service.mode not in SCHEDULED_MODES:
                continue
            zone = ZoneInfo(network.locations[key].timezone)  # type: ignore[index]
            for run in _runs_around(network, service, day, day):
                for n, call in enumerate(run.calls):
                    if call.location != key or day not in _local_days(network, run, n):
                        continue
                    stamps = timestamps(zone, call.arrival, call.departure)
                    entry = {
                        "servicePartners": [service_partner(service.id, service.name.en, run.id)],
                        "isDummyVessel": True,
                        "timestamps": stamps,
                    }
                    entries.append((stamps[0]["eventDateTime"], entry))
        location = {"UNLocationCode": unlocode, "locationName": _name(network, key)}
        if key != unlocode:
            location["facilitySMDGCode"] = key.partition("-")[2]
        found.append(
            {"location": location, "vesselSchedules": [e for _, e in sorted(entries, key=_first)]}
        )
    return found


def _first(entry: tuple[str, dict[str, Any]]) -> str:
    return dt.datetime.fromisoformat(entry[0]).astimezone(dt.UTC).isoformat()


def _name(network: Network, key: str) -> str:
    location = network.locations.get(key)  # type: ignore[call-overload]
    return location.name.en[:100].strip() if location is not None else key


@dataclass(frozen=True, slots=True, kw_only=True)
class VesselQuery:
    """The filters of ``GET /v1/vessel-schedules`` (CS 1.0.3 names)."""

    vesselIMONumber: str | None = None
    vesselName: str | None = None
    carrierServiceCode: str | None = None
    universalServiceReference: str | None = None
    carrierVoyageNumber: str | None = None
    universalVoyageReference: str | None = None
    UNLocationCode: str | None = None
    facilitySMDGCode: str | None = None
    vesselOperatorCarrierCode: str | None = None
    startDate: dt.date | None = None
    endDate: dt.date | None = None
    responseScope: str = "FULL_VOYAGE"

    @property
    def unknown_to_landsea(self) -> bool:
        """Whether a filter names what landsea never publishes (vessels, universal references,
        carrier codes): nothing matches it."""
        return any(
            value is not None
            for value in (
                self.vesselIMONumber,
                self.vesselName,
                self.universalServiceReference,
                self.universalVoyageReference,
                self.vesselOperatorCarrierCode,
            )
        )


_FILTERS = (
    "vesselIMONumber", "vesselName", "carrierServiceCode", "universalServiceReference",
    "carrierVoyageNumber", "universalVoyageReference", "UNLocationCode", "facilitySMDGCode",
    "vesselOperatorCarrierCode",
)  # fmt: skip


def vessel_schedules(
    platform: Platform, query: VesselQuery, *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """CS ``ServiceSchedule`` entries: per service, its runs (voyages) matching ``query``."""
    if all(getattr(query, name) is None for name in _FILTERS):
        raise InvalidInput(
            "vessel-schedules needs a filter besides startDate and endDate: " + ", ".join(_FILTERS)
        )
    if query.responseScope not in ("FULL_VOYAGE", "MATCHED_CALLS"):
        raise InvalidInput(
            f"responseScope {query.responseScope[:40]!r} is not FULL_VOYAGE or MATCHED_CALLS"
        )
    now = today or dt.datetime.now(dt.UTC).date()
    first = query.startDate or now - _BEFORE
    last = query.endDate or now + _AFTER
    if last < first:
        raise InvalidInput(
            f"endDate {last.isoformat()!r} is before startDate {first.isoformat()!r}"
        )
    if query.unknown_to_landsea:
        return []
    network = platform.network
    found = []
    for service in _services_of(network, query):
        voyages = []
        for run in _runs_around(network, service, first, last):
            if query.carrierVoyageNumber is not None and run.id != query.carrierVoyageNumber:
                continue
            matched = {
                n
                for n, call in enumerate(run.calls)
                if _place_matches(call.location, query)
                and any(first <= d <= last for d in _local_days(network, run, n))
            }
            if not matched:
                continue
            scope = matched if query.responseScope == "MATCHED_CALLS" else None
            voyages.append(
                {"isDummyVessel": True, "transportCalls": transport_calls(network, run, scope)}
            )
        if voyages:
            found.append(
                {
                    "carrierServiceName": service_name(service.name.en),
                    "carrierServiceCode": service_code(service.id),
                    "vesselSchedules": voyages,
                }
            )
    return found


def _services_of(network: Network, query: VesselQuery) -> list[Service]:
    services = [s for _, s in sorted(network.services.items()) if s.mode in SCHEDULED_MODES]
    if query.carrierServiceCode is not None:
        services = [s for s in services if service_code(s.id) == query.carrierServiceCode]
    if query.carrierVoyageNumber is not None:
        try:
            owner, _ = parse_departure_id(query.carrierVoyageNumber)
        except InvalidInput:
            return []
        services = [s for s in services if s.id == owner]
    return services


def _place_matches(key: str, query: VesselQuery) -> bool:
    locode, _, facility = key.partition("-")
    if query.UNLocationCode is not None and locode != query.UNLocationCode:
        return False
    return query.facilitySMDGCode is None or facility == query.facilitySMDGCode


@dataclass(frozen=True, slots=True)
class ScheduleImport:
    """What an import of vessel schedules made: the services, their TOML, where it went."""

    services: list[ImportedService]
    toml: str
    written: Path | None


def import_schedules(network: Network, path: Path, *, into: Path | None = None) -> ScheduleImport:
    """Read a carrier's CS vessel schedules (``path``, JSON) against CS 1.0.3 and ``network``;
    write the services to ``into/services/dcsa_<name>.toml`` when ``into`` is a dataset folder.

    Raises
    ------
    InvalidInput
        Listing every problem (root index, JSON path, value, reason) when there is any.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"FILE {str(path)!r} is not readable JSON: {exc}") from None
    services, problems = read_vessel_schedules(document, network)
    if problems:
        raise InvalidInput(
            f"{path.name}: {len(problems)} problem(s)\n" + "\n".join(f"  {p}" for p in problems)
        )
    text = services_toml(services, origin=path.name)
    written = None
    if into is not None:
        if not (into / "dataset.toml").is_file():
            raise InvalidInput(f"--into {str(into)!r} is not a dataset folder (no dataset.toml)")
        written = into / "services" / f"dcsa_{re.sub(r'[^a-z0-9]+', '_', path.stem.lower())}.toml"
        written.parent.mkdir(exist_ok=True)
        written.write_text(text, encoding="utf-8")
    return ScheduleImport(services=services, toml=text, written=written)
