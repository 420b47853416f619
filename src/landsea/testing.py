"""Helpers for tests of landsea and of programs built on it: small networks in a few lines.

Examples
--------
>>> b = NetworkBuilder()
>>> b.place("CNAAA", "Alpha").place("CNBBB", "Beta", kinds=("seaport",))
NetworkBuilder(places=2, services=0)
>>> b.service("R1", "rail", [("CNAAA", None, 0), ("CNBBB", 12, None)], km=[300], days="daily")
NetworkBuilder(places=2, services=1)
>>> network = b.build()
>>> network.service("R1").transit_time
datetime.timedelta(seconds=43200)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from landsea.domain.money import Money
from landsea.domain.network import (
    CustomsClearance,
    DatasetInfo,
    Handling,
    LocalizedName,
    Location,
    LocationKind,
    Mode,
    Network,
)
from landsea.domain.road import DrivingRules
from landsea.domain.timetable import (
    OnDemand,
    Product,
    Schedule,
    Service,
    Stop,
    Tariff,
    Weekday,
    WeeklySchedule,
)
from landsea.units import LocationCode, ServiceId

__all__ = ["NetworkBuilder"]

_DAYS = {day.name.lower(): day for day in Weekday}
StopSpec = tuple[str, float | None, float | None]


class NetworkBuilder:
    """Builds a :class:`~landsea.domain.Network` from short descriptions (for tests).

    Places default to terminals with 6 h / CNY 500 handling; services to 100 TEU, 10 reefer
    plugs, no dangerous goods and a CNY 1,000 per TEU tariff (1,600 per FEU).
    """

    def __init__(self) -> None:
        self._places: dict[str, Location] = {}
        self._services: dict[str, Service] = {}

    def __repr__(self) -> str:
        return f"NetworkBuilder(places={len(self._places)}, services={len(self._services)})"

    def place(
        self,
        code: str,
        name: str | None = None,
        *,
        zh: str | None = None,
        kinds: Sequence[str] = ("rail_terminal",),
        handling: tuple[float, float] | None = (6.0, 500.0),
        customs: tuple[float, float] | None = None,
        import_export: tuple[float | None, float | None] = (None, None),
        border: str | None = None,
        timezone: str = "Asia/Shanghai",
        lat: float | None = None,
        lon: float | None = None,
    ) -> NetworkBuilder:
        """Add a place; ``handling`` is (hours, CNY per TEU), ``customs`` (typical, p90 hours)."""
        n = len(self._places)
        self._places[code] = Location(
            code=LocationCode(code),
            name=LocalizedName(en=name or code, zh=zh or f"地点{code}"),
            country=code[:2],
            timezone=timezone,
            lat=lat if lat is not None else 20.0 + n,
            lon=lon if lon is not None else 100.0 + n,
            kinds=frozenset(LocationKind(kind) for kind in kinds),
            handling=None
            if handling is None
            else Handling(hours=handling[0], cost=Money(Decimal(str(handling[1])), "CNY")),
            customs=None
            if customs is None
            else CustomsClearance(
                typical_hours=customs[0],
                p90_hours=customs[1],
                border=tuple(border.split("-")) if border else (),
                import_typical_hours=import_export[0],
                export_typical_hours=import_export[1],
            ),
        )
        return self

    def service(
        self,
        service_id: str,
        mode: str,
        stops: Sequence[StopSpec],
        *,
        km: Sequence[float],
        days: str | Sequence[str] = "daily",
        times: Sequence[str] = ("10:00",),
        on_demand: bool = False,
        every_weeks: int = 1,
        anchor: dt.date | None = None,
        capacity: int = 100,
        plugs: int = 10,
        dangerous_goods: bool = False,
        tariff: tuple[float, float, str] = (1000.0, 1600.0, "CNY"),
        cutoff_h: float | None = None,
        product: str | None = None,
    ) -> NetworkBuilder:
        """Add a service; ``stops`` are (place, arrival hour, departure hour), ``km`` the
        distances between consecutive stops."""
        if len(km) != len(stops) - 1:
            raise ValueError(f"{service_id}: {len(stops)} stops need {len(stops) - 1} distances")
        schedule: Schedule
        if on_demand:
            schedule = OnDemand()
        else:
            names = [days] if isinstance(days, str) else list(days)
            chosen = set(Weekday) if names == ["daily"] else {_DAYS[d] for d in names}
            schedule = WeeklySchedule(
                days=frozenset(chosen),
                times=tuple(sorted(dt.time.fromisoformat(t) for t in times)),
                every_weeks=every_weeks,
                anchor=anchor,
            )
        built = tuple(
            Stop(
                location=LocationCode(code),
                arrival=None if arrival is None else dt.timedelta(hours=arrival),
                departure=None if departure is None else dt.timedelta(hours=departure),
                distance_km=0.0 if i == 0 else float(km[i - 1]),
            )
            for i, (code, arrival, departure) in enumerate(stops)
        )
        per_teu, per_feu, currency = tariff
        self._services[service_id] = Service(
            id=ServiceId(service_id),
            name=LocalizedName(en=service_id, zh=service_id),
            operator="Test operator",
            mode=Mode(mode),
            product=Product(product or ("cross_border_road" if mode == "road" else "sea_rail")),
            stops=built,
            schedule=schedule,
            capacity_teu=capacity,
            reefer_plugs=plugs,
            dangerous_goods=dangerous_goods,
            tariff=Tariff(
                per_teu=Money(Decimal(str(per_teu)), currency),
                per_feu=Money(Decimal(str(per_feu)), currency),
            ),
            cutoff_h=cutoff_h,
        )
        return self

    def build(
        self,
        *,
        cutoff: dict[str, float] | None = None,
        fixed_fare_share: dict[str, float] | None = None,
        exchange_rates: dict[str, float] | None = None,
    ) -> Network:
        """The network; ``cutoff`` hours by mode (default 0 everywhere)."""
        return Network(
            info=DatasetInfo(id="test", name=LocalizedName(en="Test", zh="测试"), version="test"),
            locations={LocationCode(code): loc for code, loc in self._places.items()},
            services={ServiceId(sid): svc for sid, svc in self._services.items()},
            cutoff_h={Mode(mode): hours for mode, hours in (cutoff or {}).items()},
            fixed_fare_share={Mode(m): share for m, share in (fixed_fare_share or {}).items()},
            exchange_rates={
                currency: Decimal(str(rate))
                for currency, rate in {"CNY": 1.0, "USD": 7.0, **(exchange_rates or {})}.items()
            },
            driving_rules=DrivingRules(
                average_speed_kmh=60,
                max_continuous_h=4,
                break_h=0.5,
                daily_driving_h=9,
                daily_rest_h=11,
            ),
        )
