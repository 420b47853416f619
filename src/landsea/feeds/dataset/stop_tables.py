"""A service's ``[[service.stops]]``: places, timed or driven arrivals and departures, and the
distance from the previous stop (given, great-circle × circuity, or measured at sea)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landsea.domain.network import Mode
from landsea.domain.provenance import Provenance
from landsea.domain.timetable import (
    OnDemand,
    Schedule,
    Stop,
)
from landsea.feeds.dataset.reading import SEA_DISTANCES_FILE, SeaLeg
from landsea.feeds.dataset.records import Record
from landsea.feeds.dataset.state import ReaderState
from landsea.units import LocationCode, great_circle_km

_STOP_FIELDS = {"at", "arrival_h", "departure_h", "distance_km", "dwell_h", "note"}

__all__ = ["StopReader"]


class StopReader(ReaderState):
    """Reads the stops of a service."""

    def _stops(
        self, r: Record, mode: Mode | None, schedule: Schedule | None
    ) -> tuple[Stop, ...] | None:
        raw = r.table.get("stops")
        if not isinstance(raw, list) or len(raw) < 2:
            r.fail("stops", "needs at least two stops ([[service.stops]])")
            return None
        drive = (
            mode is Mode.ROAD
            and isinstance(schedule, OnDemand)
            and all(
                isinstance(t, dict) and "arrival_h" not in t and "departure_h" not in t
                for t in raw[1:]
            )
        )
        if drive and self.driving_rules is None:
            r.fail("stops", "driving times need the [road] table of dataset.toml")
            return None
        stops: list[Stop] = []
        driven_km = dwelt_h = previous_time = 0.0
        previous_code: LocationCode | None = None
        last = len(raw) - 1
        ok = True
        for i, table in enumerate(raw):
            prefix = f"stops[{i}]"
            if not isinstance(table, dict):
                r.fail(prefix, "must be a table")
                ok = False
                continue
            s = Record(self, r.file, r.record, table, prefix=prefix + ".", parent=r)
            s.allow(_STOP_FIELDS)
            code = self._stop_location(s, table.get("at"))
            arrival: float | None = None
            departure: float | None = None
            if i == 0:
                departure = _first_stop(s)
            elif drive:
                pass  # computed from the distance below
            elif "dwell_h" in table:
                s.fail("dwell_h", "only for computed driving times; give departure_h instead")
            else:
                arrival, departure, previous_time = _timed_stop(s, i == last, previous_time)
            distance = 0.0
            if i > 0 and code is not None and previous_code is not None:
                if code == previous_code:
                    s.fail("at", f"{code!r} is the same place as the previous stop")
                distance = self._distance(s, mode, previous_code, code)
            elif i == 0 and "distance_km" in table:
                s.fail("distance_km", "the first stop has no distance from a previous stop")
            previous_code = code
            if drive and i > 0:
                driven_km += distance
                arrival, departure, dwelt_h = self._driven_stop(s, i == last, driven_km, dwelt_h)
            if code is None or s.failed:
                ok = False
                continue
            stops.append(
                Stop(
                    location=code,
                    arrival=None if arrival is None else dt.timedelta(hours=arrival),
                    departure=None if departure is None else dt.timedelta(hours=departure),
                    distance_km=distance,
                )
            )
        return tuple(stops) if ok else None

    def _driven_stop(
        self, s: Record, last: bool, driven_km: float, dwelt_h: float
    ) -> tuple[float | None, float | None, float]:
        """(arrival, departure, dwell so far) of a truck's stop from the distance driven so far,
        at the average speed with the drivers' breaks and rests, plus the dwells before it."""
        if self.driving_rules is None:  # reported once for the service
            return None, None, dwelt_h
        driving = self.driving_rules.elapsed_hours(driven_km)
        arrival = driving + dwelt_h
        if "dwell_h" in s.table and last:
            s.fail("dwell_h", "the last stop has no dwell")
        elif "dwell_h" in s.table:
            dwell = s.figure("dwell_h", minimum=0.0)
            dwelt_h += dwell.value if dwell is not None else 0.0
        departure = None if last else driving + dwelt_h
        s.provenance[s.prefix + "arrival_h"] = Provenance.computed(
            "driving time at the average speed with drivers' rest ([road] in dataset.toml)"
        )
        return arrival, departure, dwelt_h

    def _stop_location(self, s: Record, at: Any) -> LocationCode | None:
        if not isinstance(at, str) or not at:
            s.fail("at", f"must be a location key, got {at!r}")
            return None
        if at in self.location_files:
            return LocationCode(at)
        if at in self.aliases:
            return self.aliases[at]
        s.fail("at", f"unknown location {at!r}")
        return None

    def _distance(
        self, s: Record, mode: Mode | None, origin: LocationCode, destination: LocationCode
    ) -> float:
        if mode is Mode.SEA:
            if "distance_km" in s.table:
                s.fail(
                    "distance_km",
                    "sea distances come from the searoute package (sea_distances.toml); "
                    "remove this figure",
                )
                return 0.0
            leg = SeaLeg(origin, destination)
            self.result.sea_legs.add(leg)
            km = self.sea_distances.get(leg.key())
            if km is None:
                if self.require_sea_distances:
                    s.fail(
                        "at",
                        f"no sea distance for {origin} → {destination} in {SEA_DISTANCES_FILE}; "
                        "run `landsea network sea-distances`",
                    )
                return 0.0
            s.provenance[s.prefix + "distance_km"] = Provenance.computed(
                f"sea distance {self.sea_distance_method}"
            )
            return km
        if "distance_km" in s.table:
            figure = s.figure("distance_km", minimum=0.0, exclusive=True)
            return figure.value if figure is not None else 0.0
        a = self.result.coordinates.get(origin)
        b = self.result.coordinates.get(destination)
        factor = self.circuity.get(mode) if mode is not None else None
        if a is None or b is None or factor is None:
            return 0.0  # the cause (bad coordinates or circuity) is reported where it lies
        s.provenance[s.prefix + "distance_km"] = Provenance.computed(
            f"great-circle distance × {mode.value if mode else ''} circuity factor {factor:g}"
        )
        return round(great_circle_km(a[0], a[1], b[0], b[1]) * factor, 1)


def _first_stop(s: Record) -> float:
    """The first stop departs at offset 0 and has no arrival."""
    if "arrival_h" in s.table:
        s.fail("arrival_h", "the first stop has no arrival")
    first = s.table.get("departure_h", 0)
    first_value = first.get("value") if isinstance(first, dict) else first
    if first_value != 0:
        s.fail("departure_h", f"the first stop departs at offset 0, got {first_value!r}")
    return 0.0


def _timed_stop(
    s: Record, last: bool, previous_time: float
) -> tuple[float | None, float | None, float]:
    """(arrival, departure, latest time so far) of a stop whose offsets the dataset gives."""
    arrival = departure = None
    a = s.figure("arrival_h", minimum=0.0)
    if a is not None:
        arrival = a.value
        if arrival <= previous_time:
            s.fail(
                "arrival_h",
                f"{arrival:g} h does not come after the previous stop's departure "
                f"at {previous_time:g} h",
            )
        previous_time = max(previous_time, arrival)
    if last:
        if "departure_h" in s.table:
            s.fail("departure_h", "the last stop has no departure")
        return arrival, departure, previous_time
    d = s.figure("departure_h", minimum=0.0)
    if d is not None:
        departure = d.value
        if arrival is not None and departure < arrival:
            s.fail("departure_h", f"{departure:g} h is before the arrival at {arrival:g} h")
        previous_time = max(previous_time, departure)
    return arrival, departure, previous_time
