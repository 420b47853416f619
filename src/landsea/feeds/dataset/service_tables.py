"""The ``[[service]]`` tables: identity, operator, mode, capacity, schedule and tariff (the
stops are read by :mod:`landsea.feeds.dataset.stop_tables`)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from landsea.domain.money import Money
from landsea.domain.network import Mode
from landsea.domain.timetable import (
    OnDemand,
    Product,
    Schedule,
    Service,
    Tariff,
    Weekday,
    WeeklySchedule,
)
from landsea.feeds.dataset.records import Record
from landsea.feeds.dataset.stop_tables import StopReader
from landsea.units import ServiceId

_SERVICE_ID = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_DAYS = {day.name.lower(): day for day in Weekday}
_SERVICE_FIELDS = {
    "id", "name", "operator", "mode", "product", "capacity_teu", "reefer_plugs", "dangerous_goods",
    "schedule", "tariff", "stops", "cutoff_h", "note",
}  # fmt: skip

__all__ = ["ServiceReader"]


class ServiceReader(StopReader):
    """Reads the services of every file."""

    def _read_service(self, file: str, index: int, table: Any) -> None:
        r = Record.of_array(self, file, "service", index, table, "id")
        if r is None:
            return
        record = r.record
        r.allow(_SERVICE_FIELDS)
        ident = r.text("id")
        if ident is not None and not _SERVICE_ID.fullmatch(ident):
            r.fail("id", f"{ident!r} must be capitals, digits and hyphens (e.g. 'SR-CQ-QZH')")
            ident = None
        if ident is not None and ident in self.service_files:
            other = self.service_files[ident]
            self.problem(file, record, "id", f"duplicate service id {ident!r} (also in {other})")
            return
        if ident is not None:
            self.service_files[ident] = file
        name = r.names("name")
        operator = r.text("operator")
        mode = r.choice("mode", Mode)
        product = r.choice("product", Product)
        capacity = r.figure("capacity_teu", minimum=0.0, integer=True)
        plugs = r.figure("reefer_plugs", minimum=0.0, integer=True)
        dangerous = table.get("dangerous_goods")
        if not isinstance(dangerous, bool):
            r.fail("dangerous_goods", f"must be true or false, got {dangerous!r}")
        schedule = self._schedule(r)
        tariff = self._tariff(r)
        stops = self._stops(r, mode, schedule)
        cutoff = r.figure("cutoff_h", minimum=0.0) if "cutoff_h" in table else None
        if (
            ident is None or name is None or operator is None or mode is None or product is None
            or capacity is None or plugs is None or not isinstance(dangerous, bool)
            or schedule is None or tariff is None or stops is None or r.failed
        ):  # fmt: skip
            return
        self.services[ServiceId(ident)] = Service(
            id=ServiceId(ident),
            name=name,
            operator=operator,
            mode=mode,
            product=product,
            stops=stops,
            schedule=schedule,
            capacity_teu=int(capacity.value),
            reefer_plugs=int(plugs.value),
            dangerous_goods=dangerous,
            tariff=tariff,
            cutoff_h=cutoff.value if cutoff is not None else None,
            note=r.text("note", required=False) or "",
            provenance=r.provenance,
        )

    def _schedule(self, r: Record) -> Schedule | None:
        sub = r.sub("schedule", r.table.get("schedule"))
        if sub is None:
            return None
        raw = sub.table
        r.provenance_of(
            "schedule", raw, extra={"days", "times", "on_demand", "every_weeks", "anchor", "until"}
        )
        if raw.get("on_demand") is True:
            if "days" in raw or "times" in raw:
                sub.fail("on_demand", "an on-demand service has no days or times")
                return None
            return OnDemand()
        days_raw, times_raw = raw.get("days"), raw.get("times")
        days: set[Weekday] = set()
        if not isinstance(days_raw, list) or not days_raw:
            sub.fail("days", "must list weekdays (mon … sun) or ['daily'], or set on_demand = true")
        else:
            for day in days_raw:
                if day == "daily":
                    days.update(Weekday)
                elif isinstance(day, str) and day.lower() in _DAYS:
                    days.add(_DAYS[day.lower()])
                else:
                    sub.fail("days", f"unknown weekday {day!r} (expected mon … sun or daily)")
        times: list[dt.time] = []
        if not isinstance(times_raw, list) or not times_raw:
            sub.fail("times", "must list departure times such as ['18:00']")
        else:
            for text in times_raw:
                match = _HHMM.fullmatch(text) if isinstance(text, str) else None
                if match is None:
                    sub.fail("times", f"{text!r} is not a time HH:MM")
                else:
                    times.append(dt.time(int(match[1]), int(match[2])))
        every = raw.get("every_weeks", 1)
        anchor = raw.get("anchor")
        if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= 8:
            sub.fail("every_weeks", f"must be a whole number of weeks from 1 to 8, got {every!r}")
        elif every > 1 and not isinstance(anchor, dt.date):
            sub.fail("anchor", "every_weeks > 1 needs anchor = <a date in a week with departures>")
        elif anchor is not None and not isinstance(anchor, dt.date):
            sub.fail("anchor", f"must be a TOML date such as 2026-01-03, got {anchor!r}")
        until = raw.get("until")
        if until is not None and not isinstance(until, dt.date):
            sub.fail("until", f"must be a TOML date such as 2026-01-03, got {until!r}")
        if not days or not times or sub.failed:
            return None
        return WeeklySchedule(
            until=until if isinstance(until, dt.date) else None,
            days=frozenset(days),
            times=tuple(sorted(set(times))),
            every_weeks=every,
            anchor=anchor if isinstance(anchor, dt.date) else None,
        )

    def _tariff(self, r: Record) -> Tariff | None:
        sub = r.sub("tariff", r.table.get("tariff"))
        if sub is None:
            return None
        sub.allow({"currency", "per_teu", "per_feu"})
        currency = sub.currency("currency")
        per_teu = sub.figure("per_teu", minimum=0.0)
        per_feu = sub.figure("per_feu", minimum=0.0)
        if currency is None or per_teu is None or per_feu is None:
            return None
        return Tariff(
            per_teu=Money(Decimal(str(per_teu.value)), currency),
            per_feu=Money(Decimal(str(per_feu.value)), currency),
        )
