"""DCSA Commercial Schedules 1.0.3 shapes of the network: places, transports, dated calls.

How landsea's model maps onto CS (docs/dcsa_cs.md says it field by field):

- a **place** is its UN/LOCODE, a terminal (``CNCQI-TJC``) also its SMDG facility code;
  ``facilityTypeCode`` follows the place's kind (:func:`facility_type`);
- a **service** is a carrier service; its ``carrierServiceCode`` is the service id when it fits
  CS's 11 characters, else a shortened id with a checksum (:func:`service_code`);
- a **dated run** (departure) is a voyage: its departure id (``QZH-SIN-DAILY-20261207-2000``) is
  both the import and the export voyage number of each of its calls;
- a **mode**: ``sea`` → ``VESSEL``, ``inland_waterway`` → ``BARGE``, ``rail`` → ``RAIL``,
  ``road`` → ``TRUCK`` (CS's OtherTransport); landsea names no vessels, so every vessel schedule
  has ``isDummyVessel: true`` and no ``vessel``;
- every time is planned (``PLN``), in the local time of the place with its UTC offset.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from typing import Any

from landsea.domain.codes import dcsa_location
from landsea.domain.network import LocationKind, Mode, Network
from landsea.domain.timetable import Departure

__all__ = [
    "SCHEDULED_MODES",
    "cs_location",
    "facility_type",
    "mode_of_transport",
    "service_code",
    "service_name",
    "service_partner",
    "timestamps",
    "transport_calls",
]

SCHEDULED_MODES = frozenset({Mode.SEA, Mode.INLAND_WATERWAY})
"""The modes CS can publish as vessel and port schedules (vessels and barges)."""

_MODES = {
    Mode.SEA: "VESSEL",
    Mode.INLAND_WATERWAY: "BARGE",
    Mode.RAIL: "RAIL",
    Mode.ROAD: "TRUCK",
}
_FACILITY_TYPES = (
    (LocationKind.SEAPORT, "POTE"),
    (LocationKind.RIVER_PORT, "POTE"),
    (LocationKind.RAIL_TERMINAL, "RAMP"),
    (LocationKind.DRY_PORT, "INTE"),
    (LocationKind.BORDER_CROSSING, "BORD"),
)
_CODE_LENGTH = 11
_NAME_LENGTH = 50


def mode_of_transport(mode: Mode) -> str:
    """The ``modeOfTransport`` of a landsea mode.

    >>> mode_of_transport(Mode.RAIL), mode_of_transport(Mode.INLAND_WATERWAY)
    ('RAIL', 'BARGE')
    """
    return _MODES[mode]


def service_code(service_id: str) -> str:
    """The ``carrierServiceCode`` (at most 11 characters) of a service id: the id itself when it
    fits, else its first seven letters and digits, a hyphen and a three-character checksum.

    >>> service_code("SR-CQ-QZH"), service_code("QZH-YPG-SIN-CGP-YCX")
    ('SR-CQ-QZH', 'QZHYPGS-38Z')
    """
    if len(service_id) <= _CODE_LENGTH:
        return service_id
    checksum = zlib.crc32(service_id.encode()) % 36**3
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    tail = "".join(digits[checksum // 36**k % 36] for k in (2, 1, 0))
    return re.sub(r"[^A-Z0-9]", "", service_id.upper())[:7] + "-" + tail


def service_name(english: str) -> str:
    """``carrierServiceName``: a service's English name, cut to CS's 50 characters."""
    return english[:_NAME_LENGTH].strip()


def service_partner(service_id: str, english: str, voyage: str) -> dict[str, Any]:
    """A ``ServicePartner`` (and ``ServicePartnerSchedule``) entry for a run of a service."""
    return {
        "carrierServiceName": service_name(english),
        "carrierServiceCode": service_code(service_id),
        "carrierImportVoyageNumber": voyage,
        "carrierExportVoyageNumber": voyage,
    }


def facility_type(network: Network, key: str) -> str:
    """``facilityTypeCode`` of a place: port terminal, rail ramp, inland terminal, border, or
    inland terminal for a city (landsea's cities are where trucks load)."""
    location = network.locations.get(key)  # type: ignore[call-overload]
    kinds = location.kinds if location is not None else frozenset()
    for kind, code in _FACILITY_TYPES:
        if kind in kinds:
            return code
    return "INTE"


def cs_location(network: Network, key: str) -> dict[str, Any]:
    """A CS ``Location`` (and ``TransportCallLocation`` without ``facility``): UN/LOCODE, the
    English name, and for a terminal its facility."""
    location = network.locations.get(key)  # type: ignore[call-overload]
    document: dict[str, Any] = {}
    if location is not None:
        document["locationName"] = location.name.en[:100].strip()
    document.update(dcsa_location(key, nested=True))
    return document


def timestamps(
    local: dt.tzinfo, arrival: dt.datetime | None, departure: dt.datetime | None
) -> list[dict[str, str]]:
    """The planned ``ARRI`` and ``DEPA`` timestamps of a call, in local time."""
    found = []
    for code, moment in (("ARRI", arrival), ("DEPA", departure)):
        if moment is not None:
            found.append(
                {
                    "eventTypeCode": code,
                    "eventClassifierCode": "PLN",
                    "eventDateTime": moment.astimezone(local).isoformat(),
                }
            )
    return found


def transport_calls(
    network: Network, run: Departure, matched: set[int] | None = None
) -> list[dict[str, Any]]:
    """The ``TransportCall`` entries of a dated run (only the calls of ``matched`` when given):
    the voyage number is the run's departure id, the call reference ``<id>/<call number>``."""
    from zoneinfo import ZoneInfo

    calls = []
    for n, call in enumerate(run.calls):
        if matched is not None and n not in matched:
            continue
        place = dcsa_location(call.location)
        location: dict[str, Any] = {"UNLocationCode": place["UNLocationCode"]}
        known = network.locations.get(call.location)
        if known is not None:
            location["locationName"] = known.name.en[:100].strip()
        if "facilityCode" in place:
            location["facilitySMDGCode"] = place["facilityCode"]
        zone = ZoneInfo(known.timezone) if known is not None else dt.UTC
        calls.append(
            {
                "transportCallReference": f"{run.id}/{n + 1}",
                "carrierImportVoyageNumber": run.id,
                "carrierExportVoyageNumber": run.id,
                "location": location,
                "timestamps": timestamps(zone, call.arrival, call.departure),
            }
        )
    return calls
