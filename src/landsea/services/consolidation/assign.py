"""Consolidation (集结): pending cargo onto departures at least cost.

1. The capacity left on each departure (capacity less what is booked; a departure nobody
   touched has its service's whole capacity).
2. Candidate itineraries per request from the planner (:mod:`landsea.planning.candidates`),
   restricted to what the principal may book.
3. The formulation (:mod:`landsea.optimise.formulation`: pricing, commodities, columns) and the
   integer program of :mod:`landsea.optimise.allocation` — or the greedy baseline, requests in
   ready-time order each on its cheapest itinerary with room.
4. The result (:class:`~landsea.domain.consolidation.ConsolidationResult`) names each
   request's departures, or why it is left over, with the utilisation of every departure.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.consolidation import (
    AssignedLeg,
    Assignment,
    AssignmentCost,
    CargoRequest,
    ConsolidationOptions,
    ConsolidationResult,
    DepartureUse,
    GreedyComparison,
    ModelSize,
    RunCost,
    Timings,
    Unassigned,
)
from landsea.domain.network import Network
from landsea.domain.timetable import parse_departure_id
from landsea.errors import InvalidInput
from landsea.optimise.allocation import AllocationProblem, AllocationResult, greedy, solve
from landsea.optimise.formulation import Demand, Formulation, Priced, Room, formulate
from landsea.planning.candidates import Candidate, CandidateRequest, candidates
from landsea.services.planning import NetworkCostModel, planner_for
from landsea.services.platform import Platform
from landsea.units import ServiceId

__all__ = ["Progress", "consolidate"]

Progress = Callable[[str, int, int], None]
"""Called with (stage, done, total) as a run goes."""


def _rooms(platform: Platform, start: dt.datetime, end: dt.datetime) -> dict[str, Room]:
    """Capacity and bookings of the departures in use in ``[start, end)``."""
    with platform.uow(read_only=True) as uow:
        rows = uow.departures.in_use(start, end)
    return {
        r.id: Room(
            capacity_teu=r.capacity_teu,
            booked_teu=r.booked_teu,
            reefer_plugs=r.reefer_plugs,
            reefer_plugs_booked=r.reefer_plugs_booked,
        )
        for r in rows
    }


def _room_of(network: Network, in_use: dict[str, Room]) -> Callable[[str], Room]:
    """A stored departure's room, else its service's whole capacity (nobody booked it yet)."""

    def room(departure_id: str) -> Room:
        if departure_id in in_use:
            return in_use[departure_id]
        service = network.services[parse_departure_id(departure_id)[0]]
        return Room(capacity_teu=service.capacity_teu, reefer_plugs=service.reefer_plugs)

    return room


def _may_book(principal: Principal, network: Network, candidate: Candidate) -> bool:
    services = [network.services[ServiceId(leg.service_id)] for leg in candidate.legs]
    return access.may_consolidate_onto(principal, services)


def _candidates(
    platform: Platform,
    requests: Sequence[CargoRequest],
    options: ConsolidationOptions,
    in_use: dict[str, Room],
    progress: Progress | None,
    principal: Principal | None,
) -> list[list[Candidate]]:
    """Each request's candidate itineraries that ``principal`` may book."""
    network = platform.network
    asks = [
        CandidateRequest(
            origin=r.origin,
            destination=r.destination,
            cargo=Cargo(teu=r.teu, cargo_type=CargoType(r.cargo_type)),
            ready=r.ready,
            latest=r.due + dt.timedelta(days=options.max_late_days),
        )
        for r in requests
    ]
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None and (done % 100 == 0 or done == len(requests)):
            progress("itineraries", done, len(requests))

    models: dict[Cargo, NetworkCostModel] = {}

    def model_for(cargo: Cargo) -> NetworkCostModel:
        if cargo not in models:
            models[cargo] = NetworkCostModel(network, cargo)
        return models[cargo]

    found = candidates(
        planner_for(network),
        model_for,
        asks,
        capacity={
            d: (room.capacity_teu - room.booked_teu, room.reefer_plugs - room.reefer_plugs_booked)
            for d, room in in_use.items()
        },
        shifts=options.shifts,
        progress=tick,
        services=None
        if principal is None
        else access.consolidation_services(principal, network.services),
    )
    if principal is None:
        return found
    # an itinerary on others' trucks alone is not the operator's
    return [[c for c in some if _may_book(principal, network, c)] for some in found]


def _demand(request: CargoRequest) -> Demand:
    return Demand(
        teu=request.teu,
        plugs=Cargo(teu=request.teu, cargo_type=CargoType(request.cargo_type)).plugs,
        ready=request.ready,
        due=request.due,
        penalty_per_day=float(request.penalty_per_day),
        order_key=request.id,
    )


def _solve(
    problem: AllocationProblem, options: ConsolidationOptions, spent: float
) -> tuple[AllocationResult, AllocationResult]:
    """(the answer, the greedy baseline)."""
    baseline = greedy(problem)
    if options.method == "greedy":
        if options.require_all and any(baseline.unassigned):
            baseline.status = "infeasible"
        return baseline, baseline
    # The solver keeps at least a fifth of the time asked for, even when building the
    # itineraries took longer than planned (on very large networks).
    result = solve(
        problem,
        time_limit=max(options.time_limit / 5, options.time_limit - spent),
        gap=options.gap,
        require_all=options.require_all,
    )
    return result, baseline


def consolidate(
    platform: Platform,
    requests: Sequence[CargoRequest],
    options: ConsolidationOptions,
    *,
    progress: Progress | None = None,
    principal: Principal | None = None,
) -> ConsolidationResult:
    """The assignment of ``requests`` to departures at least cost.

    With ``principal``, only itineraries its run may book are considered
    (:func:`landsea.domain.access.may_consolidate_onto`: an operator's own services, with
    on-demand trucks as first and last miles); without, the whole network (the command line's
    administrator)."""
    started = time.perf_counter()
    if not requests:
        raise InvalidInput("there are no requests to consolidate")
    first = min(r.ready for r in requests)
    last = max(r.due for r in requests) + dt.timedelta(days=options.max_late_days)
    in_use = _rooms(platform, first - dt.timedelta(days=2), last + dt.timedelta(days=2))
    found = _candidates(platform, requests, options, in_use, progress, principal)
    candidate_seconds = time.perf_counter() - started
    formulation = formulate(
        [_demand(r) for r in requests],
        found,
        _room_of(platform.network, in_use),
        carbon_price=options.carbon_price,
        unassigned_penalty=options.unassigned_penalty,
    )
    if progress is not None:
        progress("solving", 0, 1)
    result, baseline = _solve(formulation.problem, options, candidate_seconds)
    if progress is not None:
        progress("solving", 1, 1)
    seconds = Timings(
        itineraries=round(candidate_seconds, 3),
        solve=round(result.seconds, 3),
        total=round(time.perf_counter() - started, 3),
    )
    return _Reading(requests, formulation, result, options).result(baseline, seconds)


@dataclass(slots=True)
class _Reading:
    """The solver's answer read back onto requests and departures."""

    requests: Sequence[CargoRequest]
    formulation: Formulation[Candidate]
    answer: AllocationResult
    options: ConsolidationOptions

    @property
    def infeasible(self) -> bool:
        return self.answer.status == "infeasible"

    def result(self, baseline: AllocationResult, seconds: Timings) -> ConsolidationResult:
        problem, answer = self.formulation.problem, self.answer
        assignments, unassigned, cost, assigned_teu = self._assign()
        return ConsolidationResult(
            status=answer.status,
            method=self.options.method,
            objective=None if self.infeasible else round(answer.objective, 2),
            bound=None if answer.bound is None else round(answer.bound, 2),
            gap=None if answer.gap is None or self.infeasible else round(answer.gap, 6),
            options=self.options,
            cost=cost,
            requests=len(self.requests),
            teu=sum(r.teu for r in self.requests),
            assigned_teu=sum(a.teu for a in assignments),
            assignments=tuple(sorted(assignments, key=lambda a: a.request_id)),
            unassigned=tuple(sorted(unassigned, key=lambda u: u.request_id)),
            departures=self._departures(assigned_teu),
            model=ModelSize(
                commodities=len(problem.demand),
                itineraries=len(problem.columns),
                departures=len(self.formulation.resource),
            ),
            seconds=seconds,
            log=tuple(answer.log),
            greedy=None
            if self.options.method != "optimal" or self.infeasible
            else self._against(baseline),
        )

    def _assign(self) -> tuple[list[Assignment], list[Unassigned], RunCost, list[int]]:
        f, answer = self.formulation, self.answer
        assignments: list[Assignment] = []
        unassigned: list[Unassigned] = []
        assigned_teu = [0] * len(f.resource)
        cost = {"freight": 0.0, "lateness": 0.0, "carbon": 0.0, "unassigned": 0.0}
        for c, (columns, members) in enumerate(zip(f.problem.columns_of(), f.members, strict=True)):
            queue = list(members)
            for p in [] if self.infeasible else columns:
                for _ in range(answer.x[p]):
                    request, entry = self.requests[queue.pop(0)], f.column_entry[p]
                    for departure in entry.itinerary.departure_ids:
                        assigned_teu[f.resource[departure]] += request.teu
                    cost["freight"] += entry.freight
                    cost["lateness"] += entry.lateness
                    cost["carbon"] += entry.carbon
                    assignments.append(_assignment(request, entry))
            for n in queue:
                if not self.infeasible:
                    cost["unassigned"] += f.problem.miss_cost[c]
                code, why = self._why(n)
                unassigned.append(Unassigned(request_id=self.requests[n].id, reason=why, code=code))
        return (
            assignments,
            unassigned,
            RunCost(**{k: round(v, 2) for k, v in cost.items()}),
            assigned_teu,
        )

    def _departures(self, assigned_teu: list[int]) -> tuple[DepartureUse, ...]:
        f = self.formulation
        uses = []
        for departure, r in sorted(f.resource.items()):
            room = f.rooms[departure]
            capacity, booked = room.capacity_teu, room.booked_teu
            uses.append(
                DepartureUse(
                    departure_id=departure,
                    capacity_teu=int(f.problem.teu_left[r]),
                    total_capacity_teu=capacity,
                    booked_teu=booked,
                    assigned_teu=assigned_teu[r],
                    utilisation=round((booked + assigned_teu[r]) / capacity, 4)
                    if capacity
                    else None,
                )
            )
        return tuple(uses)

    def _against(self, baseline: AllocationResult) -> GreedyComparison:
        problem, objective = self.formulation.problem, self.answer.objective
        return GreedyComparison(
            objective=round(baseline.objective, 2),
            assigned_teu=sum(
                problem.teu[problem.columns[p].commodity] * n for p, n in enumerate(baseline.x)
            ),
            saving=round(baseline.objective - objective, 2),
            saving_share=round((baseline.objective - objective) / baseline.objective, 6)
            if baseline.objective
            else 0.0,
        )

    def _why(self, n: int) -> tuple[str, str]:
        """Why request ``n`` is left over: a code (see :class:`Unassigned`) and the reason."""
        request, entries = self.requests[n], self.formulation.priced[n]
        if self.infeasible:
            return (
                "infeasible",
                "the run is infeasible: not every request can be carried (require_all)",
            )
        if not entries:
            latest = request.due + dt.timedelta(days=self.options.max_late_days)
            return "no_itinerary", (
                f"no itinerary from {request.origin} reaches {request.destination} by "
                f"{latest.isoformat()} (due + {self.options.max_late_days:g} days)"
            )
        problem, resource = self.formulation.problem, self.formulation.resource
        used = [0.0] * len(problem.teu_left)
        for p, count in enumerate(self.answer.x):
            if count:
                column = problem.columns[p]
                for r in column.resources:
                    used[r] += count * problem.teu[column.commodity]
        full = [
            entry
            for entry in entries
            if any(
                problem.teu_left[resource[d]] - used[resource[d]] < request.teu
                for d in entry.itinerary.departure_ids
            )
        ]
        if len(full) == len(entries):
            names = sorted({d for e in entries for d in e.itinerary.departure_ids})
            shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
            return "full", f"capacity: every itinerary it could take is full ({shown})"
        return "cheaper", "leaving it costs less than any itinerary left with room"


def _assignment(request: CargoRequest, entry: Priced[Candidate]) -> Assignment:
    candidate = entry.itinerary
    return Assignment(
        request_id=request.id,
        departure_ids=candidate.departure_ids,
        teu=request.teu,
        legs=tuple(
            AssignedLeg(
                service_id=leg.service_id,
                departure_id=leg.departure_id,
                origin=leg.origin,
                destination=leg.destination,
                departure=leg.departure,
                arrival=leg.arrival,
            )
            for leg in candidate.legs
        ),
        arrival=candidate.arrival,
        days_late=entry.days_late,
        cost=AssignmentCost(
            freight=round(entry.freight, 2),
            lateness=round(entry.lateness, 2),
            carbon=round(entry.carbon, 2),
        ),
        co2e_kg=round(candidate.co2e_kg, 3),
    )
