"""The planner's entry point: compile a request, search, and explain an empty answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from landsea.domain.cargo import CargoType
from landsea.domain.network import Network
from landsea.errors import UnknownLocation
from landsea.planning.costs import CostModel, Weights
from landsea.planning.journey import Bounds, Evaluation, Journey, Query, evaluate
from landsea.planning.request import DEFAULT_EPSILON, HORIZON_DAYS, Epsilon, PlanRequest
from landsea.planning.search import SearchStats, mcraptor
from landsea.planning.timetable import Timetable, compile_timetable, from_minutes, to_minutes
from landsea.units import LocationCode

__all__ = [
    "WORK_CAP",
    "IssueCode",
    "PlanIssue",
    "PlanResult",
    "PlannedOption",
    "Planner",
    "compile_weights",
    "pareto_filter",
]


WORK_CAP = 20_000_000
"""Label comparisons after which the compiled search gives up on the exact set and answers an
ε-set instead (about 0.9 s on one idle core of the benchmark machine before the kernel used
borrowed views, ~0.1–0.2 s of CPU since; docs/performance.md).
The ε-searches that follow get half, a quarter and an eighth of it: at most 1.9 caps in all."""


class IssueCode(StrEnum):
    """Why a plan has no option (OpenTripPlanner's routing error codes, for freight)."""

    NO_CONNECTION = "NO_CONNECTION"
    """No sequence of services links the two places at all."""
    NO_DEPARTURE_IN_WINDOW = "NO_DEPARTURE_IN_WINDOW"
    """Services link the places, but none of their departures falls in the window."""
    ALL_DEPARTURES_FULL = "ALL_DEPARTURES_FULL"
    """Departures in the window would do, but none has room for the cargo."""
    EXCLUDED_BY_CONSTRAINT = "EXCLUDED_BY_CONSTRAINT"
    """Options exist, but a constraint of the request removes every one."""


@dataclass(frozen=True, slots=True)
class PlanIssue:
    """Why a plan has no option: a code, an English message and the details the message is made
    of (places by code, modes, figures), from which other languages word it."""

    code: IssueCode
    message: str
    detail: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlannedOption:
    journey: Journey
    evaluation: Evaluation


@dataclass(slots=True)
class PlanResult:
    request: PlanRequest
    options: list[PlannedOption]
    issues: list[PlanIssue] = field(default_factory=list)
    stats: SearchStats = field(default_factory=SearchStats)
    timetable: Timetable | None = None
    weights: Weights | None = None
    epsilon: Epsilon | None = None
    """The bounds the options keep to (``None``: the exact Pareto set)."""
    capped: bool = False
    """Whether a search hit the work cap: the exact set (or a narrower ε) was not finished."""

    @property
    def approximate(self) -> bool:
        return self.epsilon is not None


def compile_weights(tt: Timetable, model: CostModel) -> Weights:
    """The cost model's answers as prefix sums per route and arrays per place (cached per model)."""
    cached = tt.weights_cache.get(model.key)
    if isinstance(cached, Weights):
        return cached
    board_cost: list[float] = []
    cum_cost: list[list[float]] = []
    cum_co2: list[list[float]] = []
    for route in tt.routes:
        board_cost.append(model.boarding(route.service))
        costs, co2s = [0.0], [0.0]
        for k in range(1, len(route.stops)):
            cost, co2 = model.segment(route.service, k)
            costs.append(costs[-1] + cost)
            co2s.append(co2s[-1] + co2)
        cum_cost.append(costs)
        cum_co2.append(co2s)
    transfer_ok, hub_min, hub_cost, hub_co2 = [], [], [], []
    export_h, import_h = [], []
    for location in tt.places:
        transfer = model.transfer(location)
        transfer_ok.append(transfer is not None)
        hub_min.append(round(transfer.hours * 60) if transfer else 0)
        hub_cost.append(transfer.cost if transfer else 0.0)
        hub_co2.append(transfer.co2e_kg if transfer else 0.0)
        export_h.append(model.clearance(location, "export"))
        import_h.append(model.clearance(location, "import"))
    weights = Weights(
        board_cost=board_cost,
        cum_cost=cum_cost,
        cum_co2=cum_co2,
        transfer_ok=transfer_ok,
        hub_min=hub_min,
        hub_cost=hub_cost,
        hub_co2=hub_co2,
        export_h=export_h,
        import_h=import_h,
    )
    if len(tt.weights_cache) >= 64:  # models come and go (cargo, measured clearance): bound it
        tt.weights_cache.clear()
    tt.weights_cache[model.key] = weights
    return weights


def pareto_filter(
    options: list[tuple[tuple[int, float, float, int], PlannedOption]],
) -> list[PlannedOption]:
    """The options no other option dominates over (arrival, cost, CO2e, transfers)."""
    kept: list[tuple[tuple[int, float, float, int], PlannedOption]] = []
    for criteria, option in sorted(options, key=lambda item: item[0]):
        if any(_weakly_better(other, criteria) for other, _ in kept):
            continue
        kept.append((criteria, option))
    return [option for _, option in kept]


def _weakly_better(a: tuple[int, float, float, int], b: tuple[int, float, float, int]) -> bool:
    return a[0] <= b[0] and a[1] <= b[1] + 1e-6 and a[2] <= b[2] + 1e-6 and a[3] <= b[3]


def _allowed(tt: Timetable, request: PlanRequest) -> tuple[list[bool], list[bool], object]:
    """The routes and places ``request`` allows (cached on the timetable per kind of request)."""
    cargo = request.cargo
    dangerous, plugs = cargo.cargo_type is CargoType.DANGEROUS, cargo.plugs
    key = ("allowed", request.avoid_modes, request.avoid_places, request.services,
           request.closed_services, dangerous, cargo.teu, plugs)  # fmt: skip
    cached = tt.weights_cache.get(key)
    if isinstance(cached, tuple):
        return cached[0], cached[1], key
    index = tt.place_index
    place_ok = [True] * len(tt.places)
    for code in request.avoid_places:
        place_ok[index[code]] = False
    route_ok = []
    for route in tt.routes:
        service = route.service
        ok = service.mode not in request.avoid_modes
        ok = ok and (request.services is None or service.id in request.services)
        ok = ok and service.id not in request.closed_services
        ok = ok and all(place_ok[p] for p in route.stops)
        if dangerous:
            ok = ok and service.dangerous_goods
        if route.on_demand:  # trucks are dispatched one per box: any quantity fits
            ok = ok and (plugs == 0 or service.reefer_plugs > 0)
        else:
            ok = ok and service.capacity_teu >= cargo.teu
            ok = ok and service.reefer_plugs >= plugs
        route_ok.append(ok)
    tt.weights_cache[key] = (route_ok, place_ok)
    return route_ok, place_ok, key


def _clearance(tt: Timetable, w: Weights, direction: str, country: str) -> list[int]:
    """Minutes of ``direction`` clearance at each place of ``country`` (0 elsewhere), cached."""
    cached = w.minutes.get((direction, country))
    if cached is None:
        hours = w.export_h if direction == "export" else w.import_h
        cached = [
            round(hours[p] * 60) if tt.country[p] == country else 0 for p in range(len(hours))
        ]
        w.minutes[direction, country] = cached
    return cached


class Planner:
    """Plans on one network; keeps the compiled timetable for the horizons it has seen.

    Usage::

        planner = Planner(network)
        result = planner.plan(request, cost_model)   # cost_model: a CostModel for the cargo
        for option in result.options: ...            # the Pareto set, by arrival
        result.issues                                # why there is none, when there is none
    """

    def __init__(
        self,
        network: Network,
        *,
        horizon_days: int = HORIZON_DAYS,
        kernel: str = "compiled",
        work_cap: int = WORK_CAP,
    ) -> None:
        if kernel not in ("compiled", "python"):
            raise ValueError(f"kernel must be 'compiled' or 'python', got {kernel!r}")
        self.network = network
        self.horizon_days = horizon_days
        self.kernel = kernel
        self.work_cap = work_cap if kernel == "compiled" else 0
        self._timetable: Timetable | None = None
        self._longest: dt.timedelta | None = None

    def timetable(self, ready: dt.datetime, window_days: float) -> Timetable:
        """A compiled timetable covering the runs a request from ``ready`` can use."""
        if self._longest is None:
            self._longest = max(
                (route.transit_time for route in self.network.services.values()),
                default=dt.timedelta(0),
            )
        start = ready - self._longest - dt.timedelta(days=1)
        end = ready + dt.timedelta(days=window_days + self.horizon_days)
        tt = self._timetable
        if tt is None or not tt.covers(to_minutes(start), to_minutes(end)):
            # Compile generously so that nearby requests reuse it.
            tt = compile_timetable(
                self.network, start - dt.timedelta(days=30), end + dt.timedelta(days=60)
            )
            self._timetable = tt
        return tt

    def plan(self, request: PlanRequest, model: CostModel) -> PlanResult:
        """The Pareto set of options for ``request``, or the issues that explain why there is none."""
        tt = self.timetable(request.depart, request.window_days)
        weights = compile_weights(tt, model)
        query = self.compile_query(tt, weights, request)
        stats = SearchStats()
        epsilon = request.epsilon
        options, capped = self._bounded(tt, weights, query, epsilon, stats, self.work_cap)
        hit = capped
        for factor in (1, 4, 16):  # the exact set (or the ε asked for) takes too long
            if not capped:
                break
            epsilon = (request.epsilon or DEFAULT_EPSILON).widened(factor)
            cap = max(1, self.work_cap // (2 * factor.bit_length())) if self.work_cap else 0
            options, capped = self._bounded(tt, weights, query, epsilon, stats, cap)
        result = PlanResult(
            request=request, options=options, stats=stats, timetable=tt, weights=weights,
            epsilon=epsilon, capped=hit,
        )  # fmt: skip
        if not options:
            result.issues.append(self._diagnose(tt, weights, request, query))
        return result

    def search(self, tt: Timetable, w: Weights, q: Query) -> list[PlannedOption]:
        """The Pareto options of a compiled query (see :meth:`compile_query`)."""
        return self._search(tt, w, q)

    def _bounded(
        self,
        tt: Timetable,
        w: Weights,
        q: Query,
        epsilon: Epsilon | None,
        stats: SearchStats,
        cap: int,
    ) -> tuple[list[PlannedOption], bool]:
        """The options of ``q`` within ``epsilon``, and whether the work cap stopped the search."""
        bounds = Bounds(work_cap=cap)
        if epsilon is not None:
            bounds = Bounds.of(epsilon.hours, epsilon.cost, epsilon.co2e, q.max_legs, cap)
        capped: list[bool] = []
        options = self._search(tt, w, dataclasses.replace(q, bounds=bounds), stats, capped)
        return options, bool(capped)

    def _search(
        self,
        tt: Timetable,
        w: Weights,
        q: Query,
        stats: SearchStats | None = None,
        capped: list[bool] | None = None,
    ) -> list[PlannedOption]:
        if self.kernel == "compiled":
            from landsea.planning.arrays import compiled_search

            labelled, hit = compiled_search(tt, w, q, stats)
            if hit and capped is not None:
                capped.append(hit)
        else:
            labelled = mcraptor(tt, w, q, stats)
        found = []
        for _, journey in labelled:
            evaluation = evaluate(tt, w, q, journey)
            if evaluation is None:  # pragma: no cover - the search and the rules disagree
                raise AssertionError(f"the search returned an infeasible journey {journey}")
            found.append((evaluation.criteria(), PlannedOption(journey, evaluation)))
        return pareto_filter(found)

    def compile_query(self, tt: Timetable, w: Weights, request: PlanRequest) -> Query:
        """``request`` as indices and minutes against ``tt``."""
        index = tt.place_index
        for code in (request.origin, request.destination, request.via, *request.avoid_places):
            if code is not None and code not in index:
                raise UnknownLocation(code)
        origin, destination = index[request.origin], index[request.destination]
        route_ok, place_ok, allowed = _allowed(tt, request)
        cargo = request.cargo
        origin_country, destination_country = tt.country[origin], tt.country[destination]
        capacity: dict[tuple[int, int], tuple[int, int]] = {}
        for departure, left in request.capacity.items():
            trip = tt.trip_of(departure)
            if trip is not None:
                capacity[trip] = left
        ready = to_minutes(request.depart.astimezone(dt.UTC))
        window = round(request.window_days * 1440)
        return Query(
            origin=origin,
            destination=destination,
            ready=ready,
            window=window,
            max_transit=None if request.max_days is None else round(request.max_days * 1440),
            max_legs=request.max_legs,
            teu=cargo.teu,
            plugs=cargo.plugs,
            route_ok=list(route_ok),  # a copy: callers may close routes of their query
            place_ok=place_ok,
            via=None if request.via is None else index[request.via],
            capacity=capacity,
            export_min=_clearance(tt, w, "export", origin_country),
            import_min=_clearance(tt, w, "import", destination_country),
            horizon_end=ready + window + self.horizon_days * 1440,
            bounds=Bounds(work_cap=self.work_cap),
            allowed=allowed,
        )

    def _diagnose(self, tt: Timetable, w: Weights, request: PlanRequest, q: Query) -> PlanIssue:
        """Relax the request one constraint at a time to say which one removed every option."""
        names = self.network.locations
        a, b = names[request.origin].label(), names[request.destination].label()
        places = {"origin": request.origin, "destination": request.destination}
        if request.capacity and self._search(tt, w, dataclasses.replace(q, capacity={})):
            return PlanIssue(
                IssueCode.ALL_DEPARTURES_FULL,
                f"Every departure from {a} to {b} in the window is full: none has room for "
                f"{request.cargo.teu} TEU"
                + (f" and {request.cargo.plugs} reefer plugs" if request.cargo.plugs else "")
                + ".",
                {**places, "teu": str(request.cargo.teu)},
            )
        for constraint, relaxed, detail in self._relaxations(request):
            if self._search(tt, w, self.compile_query(tt, w, relaxed)):
                why = self._stuck(request) if detail["constraint"] == "avoid_modes" else {}
                reason = (
                    f": every service {why['direction']} {names[LocationCode(why['place'])].label()} is "
                    f"{why['modes']} ({why['places']}); plan {why['hint']} one of those places"
                    if why
                    else ""
                )
                return PlanIssue(
                    IssueCode.EXCLUDED_BY_CONSTRAINT,
                    f"Options from {a} to {b} exist, but the constraint of {constraint} removes "
                    f"every one{reason}.",
                    {
                        **places,
                        **detail,
                        **{k: v for k, v in why.items() if k not in ("direction", "hint")},
                    },
                )
        unbounded = dataclasses.replace(q, window=self.horizon_days * 1440, max_transit=None)
        later = self._search(tt, w, unbounded)
        if later:
            first = min(option.evaluation.departure for option in later)
            when = from_minutes(first).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            return PlanIssue(
                IssueCode.NO_DEPARTURE_IN_WINDOW,
                f"No option from {a} to {b} departs within {request.window_days:g} days of "
                f"{request.depart.isoformat()}; the next departs {when}.",
                {**places, "window_days": f"{request.window_days:g}",
                 "depart": request.depart.isoformat(), "next": when},
            )  # fmt: skip
        return PlanIssue(
            IssueCode.NO_CONNECTION,
            f"No sequence of at most {request.max_legs} services connects {a} to {b}.",
            {**places, "max_legs": str(request.max_legs)},
        )

    def _relaxations(self, request: PlanRequest) -> list[tuple[str, PlanRequest, dict[str, str]]]:
        """Each constraint of ``request`` in words, the request without it, and its details."""
        names = self.network.locations
        found: list[tuple[str, PlanRequest, dict[str, str]]] = []
        if request.avoid_modes:
            modes = sorted(m.value for m in request.avoid_modes)
            found.append((f"avoiding {', '.join(modes)}",
                          dataclasses.replace(request, avoid_modes=frozenset()),
                          {"constraint": "avoid_modes", "modes": ",".join(modes)}))  # fmt: skip
        if request.avoid_places:
            places = ", ".join(sorted(request.avoid_places))
            found.append((f"avoiding {places}",
                          dataclasses.replace(request, avoid_places=frozenset()),
                          {"constraint": "avoid_places", "places": places}))  # fmt: skip
        if request.via is not None:
            found.append((f"going via {names[request.via].label()}",
                          dataclasses.replace(request, via=None),
                          {"constraint": "via", "via": request.via}))  # fmt: skip
        if request.max_days is not None:
            found.append((f"arriving within {request.max_days:g} days",
                          dataclasses.replace(request, max_days=None),
                          {"constraint": "max_days", "max_days": f"{request.max_days:g}"}))  # fmt: skip
        cargo = request.cargo
        if cargo.cargo_type is not CargoType.GENERAL:
            kind = "reefer plugs" if cargo.cargo_type is CargoType.REEFER else "dangerous goods"
            general = dataclasses.replace(cargo, cargo_type=CargoType.GENERAL)
            found.append((f"services that take {kind}",
                          dataclasses.replace(request, cargo=general),
                          {"constraint": "cargo_type", "cargo": cargo.cargo_type.value}))  # fmt: skip
        if cargo.teu > 1:
            found.append((f"room for {cargo.teu} TEU on one departure",
                          dataclasses.replace(request, cargo=dataclasses.replace(cargo, teu=1)),
                          {"constraint": "teu", "teu": str(cargo.teu)}))  # fmt: skip
        return found

    def _stuck(self, request: PlanRequest) -> dict[str, str]:
        """Where avoiding modes leaves the cargo no way out (or in): the origin (destination)
        whose every service is of an avoided mode, those modes and the places they link it to."""
        for end, direction, hint in (
            (request.origin, "leaving", "from"),
            (request.destination, "reaching", "to"),
        ):
            links: dict[str, set[str]] = {}
            for service in self.network.services_at(end):
                calls = [stop.location for stop in service.stops]
                at = calls.index(end)
                others = calls[at + 1 :] if end == request.origin else calls[:at]
                if others:
                    links.setdefault(service.mode.value, set()).update(others)
            avoided = {m.value for m in request.avoid_modes}
            if links and set(links) <= avoided:
                return {
                    "stuck": "origin" if end == request.origin else "destination",
                    "place": end,
                    "modes": ",".join(sorted(links)),
                    "places": ", ".join(sorted(set().union(*links.values()))),
                    "direction": direction,
                    "hint": hint,
                }
        return {}
