"""Consolidation (集结): pending cargo onto departures at least cost.

1. The requests (from the database's pending cargo requests or a CSV file) and the capacity left
   on each departure (capacity less what is booked; a departure nobody touched has its service's
   whole capacity).
2. Candidate itineraries per request from the planner (:mod:`landsea.planning.candidates`),
   priced: fares and handling, plus lateness (``penalty_per_day`` CNY per TEU for each day or part
   of a day after ``due``), plus an optional carbon price per tonne CO2e.
3. Identical requests (same size and the same candidates at the same prices) become one
   commodity; the integer program of :mod:`landsea.optimise.allocation` assigns them — or the
   greedy baseline does, requests in ready-time order each on its cheapest itinerary with room.
4. The result names each request's departures, or why it is left over, with the utilisation of
   every departure; ``apply`` books it all in one transaction that respects capacity.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.codes import parse_instant
from landsea.domain.consolidation import CargoRequest, RequestStatus
from landsea.domain.job import Job
from landsea.domain.network import Network
from landsea.errors import Conflict, InvalidInput, NotFound
from landsea.optimise.allocation import AllocationProblem, AllocationResult, Column, greedy, solve
from landsea.planning.candidates import Candidate, CandidateRequest, candidates
from landsea.services import jobs
from landsea.services.booking import BookingRequest, LegRequest, book_many
from landsea.services.network import resolve_place
from landsea.services.planning import NetworkCostModel, planner_for
from landsea.services.platform import Platform
from landsea.units import ServiceId

__all__ = [
    "CSV_COLUMNS",
    "RUN_JOB",
    "ConsolidationOptions",
    "apply_result",
    "cancel_request",
    "consolidate",
    "create_request",
    "find_requests",
    "get_run",
    "pending_requests",
    "read_requests_csv",
    "recent_runs",
    "run_stored",
    "start_run",
]

CSV_COLUMNS = (
    "request_id",
    "origin",
    "destination",
    "teu",
    "cargo_type",
    "ready",
    "due",
    "penalty_per_day",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsolidationOptions:
    method: str = "optimal"
    """``optimal`` (HiGHS) or ``greedy`` (the baseline)."""
    time_limit: float = 120.0
    gap: float = 0.01
    horizon_days: float = 30.0
    """Pending requests ready within this many days from now (database requests only)."""
    carbon_price: float = 0.0
    """CNY per tonne CO2e (well-to-wheel), added to each itinerary's cost."""
    max_late_days: float = 14.0
    """Itineraries arriving more than this after the due time are not offered."""
    shifts: int = 4
    """Runs of each route pattern offered per request."""
    unassigned_penalty: float | None = None
    """CNY per TEU for leaving a request unassigned; default: three times its cheapest
    itinerary's fare plus 30 days of its lateness penalty."""
    require_all: bool = False
    """Every request must be carried: otherwise the run is infeasible."""

    def __post_init__(self) -> None:
        if self.method not in ("optimal", "greedy"):
            raise InvalidInput(f"method {self.method!r} must be optimal or greedy")
        checks = (
            ("time_limit", self.time_limit, 1, 3600),
            ("gap", self.gap, 0, 1),
            ("horizon_days", self.horizon_days, 1, 120),
            ("carbon_price", self.carbon_price, 0, 100_000),
            ("max_late_days", self.max_late_days, 0, 60),
            ("shifts", self.shifts, 1, 20),
        )
        for name, value, low, high in checks:
            if not (isinstance(value, int | float) and math.isfinite(value)) or not (
                low <= value <= high
            ):
                raise InvalidInput(f"{name} {value!r} must be between {low} and {high}")
        if self.unassigned_penalty is not None and not self.unassigned_penalty > 0:
            raise InvalidInput(
                f"unassigned_penalty {self.unassigned_penalty!r} must be a positive CNY per TEU"
            )


# Requests -------------------------------------------------------------------------------------


def _moment(value: str, field: str, timezone: str) -> dt.datetime:
    # Without an offset, a local time (or date) at the place it is about; within the platform's
    # dates, so that no run's arithmetic on it can overflow.
    return parse_instant(value, field=field, zone=ZoneInfo(timezone))


def _request(
    platform: Platform,
    where: str,
    *,
    request_id: str,
    origin: str,
    destination: str,
    teu: Any,
    cargo_type: str,
    ready: str,
    due: str,
    penalty_per_day: Any,
    organisation_id: str | None = None,
    reference: str | None = None,
) -> CargoRequest:
    """A validated request; ``where`` prefixes every field name in errors (``row 4, ``)."""
    network = platform.network
    start = resolve_place(network, origin, f"{where}origin")
    end = resolve_place(network, destination, f"{where}destination")
    if start.code == end.code:
        raise InvalidInput(f"{where}destination {destination!r} is the origin")
    try:
        size = int(str(teu).strip())
    except ValueError:
        raise InvalidInput(f"{where}teu {teu!r} is not a whole number") from None
    if not 1 <= size <= 1000:
        raise InvalidInput(f"{where}teu {teu!r} must be from 1 to 1000")
    kind = (cargo_type or "general").strip()
    if kind not in {c.value for c in CargoType}:
        raise InvalidInput(
            f"{where}cargo_type {cargo_type!r} is not one of general, reefer, dangerous"
        )
    ready_at = _moment(ready, f"{where}ready", start.timezone)
    due_at = _moment(due, f"{where}due", end.timezone)
    if due_at <= ready_at:
        raise InvalidInput(f"{where}due {due!r} is not after ready {ready!r}")
    try:
        penalty = Decimal(str(penalty_per_day).strip() or "0")
    except InvalidOperation:
        raise InvalidInput(f"{where}penalty_per_day {penalty_per_day!r} is not a number") from None
    if not penalty.is_finite() or penalty < 0:
        raise InvalidInput(f"{where}penalty_per_day {penalty_per_day!r} must be 0 or more")
    return CargoRequest(
        id=request_id,
        origin=str(start.code),
        destination=str(end.code),
        teu=size,
        cargo_type=kind,
        ready=ready_at,
        due=due_at,
        penalty_per_day=penalty,
        organisation_id=organisation_id,
        reference=reference,
    )


def read_requests_csv(platform: Platform, source: Path | str) -> list[CargoRequest]:
    """Requests from a CSV file (or its text) with the columns of :data:`CSV_COLUMNS`."""
    text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(f"the CSV lacks the column(s) {', '.join(missing)}")
    requests: list[CargoRequest] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        request_id = (row["request_id"] or "").strip()
        if not request_id:
            raise InvalidInput(f"row {number}, request_id is empty")
        if request_id in seen:
            raise InvalidInput(f"row {number}, request_id {request_id!r} appears twice")
        seen.add(request_id)
        requests.append(
            _request(
                platform,
                f"row {number}, ",
                request_id=request_id,
                origin=row["origin"] or "",
                destination=row["destination"] or "",
                teu=row["teu"],
                cargo_type=row["cargo_type"] or "general",
                ready=row["ready"] or "",
                due=row["due"] or "",
                penalty_per_day=row["penalty_per_day"] or "0",
                reference=request_id,
            )
        )
    if not requests:
        raise InvalidInput("the CSV holds no requests")
    return requests


def create_request(platform: Platform, principal: Principal, body: dict[str, Any]) -> CargoRequest:
    """A shipper's pending cargo request (``reference`` is the shipper's own)."""
    access.check(access.may_request_cargo(principal), principal, access.Action.REQUEST_CARGO)
    request = _request(
        platform,
        "",
        request_id=str(uuid.uuid4()),
        origin=str(body["origin"]),
        destination=str(body["destination"]),
        teu=body["teu"],
        cargo_type=str(body.get("cargo_type") or "general"),
        ready=str(body["ready"]),
        due=str(body["due"]),
        penalty_per_day=body.get("penalty_per_day", 0),
        organisation_id=principal.organisation_id,
        reference=body.get("reference"),
    )
    with platform.uow() as uow:
        uow.cargo_requests.add(request)
    return request


def find_requests(
    platform: Platform,
    principal: Principal,
    *,
    status: str | None,
    after: tuple[dt.datetime, str] | None,
    limit: int,
) -> list[CargoRequest]:
    """A shipper's own requests; operators and admins see every shipper's."""
    access.check(
        access.may_read_cargo_requests(principal, None),
        principal,
        access.Action.READ_CARGO_REQUESTS,
    )
    try:
        wanted = None if status is None else RequestStatus(status)
    except ValueError:
        raise InvalidInput(f"status {status!r} must be pending, booked or cancelled") from None
    with platform.uow(read_only=True) as uow:
        return uow.cargo_requests.find(
            organisation_id=None
            if access.reaches_all(principal, access.Action.READ_CARGO_REQUESTS)
            else principal.organisation_id,
            status=wanted,
            after=after,
            limit=limit,
        )


def cancel_request(platform: Platform, principal: Principal, request_id: str) -> CargoRequest:
    with platform.uow() as uow:
        found = uow.cargo_requests.get(request_id)
        access.check(
            found is not None and access.may_cancel_cargo_request(principal, found.organisation_id),
            principal,
            access.Action.CANCEL_CARGO_REQUEST,
            f"cargo request {request_id!r}",
            hide=True,
        )
        assert found is not None
        if not uow.cargo_requests.mark(request_id, RequestStatus.CANCELLED, None):
            raise Conflict(f"cargo request {request_id!r} is already {found.status.value}")
        result = uow.cargo_requests.get(request_id)
    assert result is not None
    return result


def pending_requests(
    platform: Platform, horizon_days: float, now: dt.datetime | None = None
) -> list[CargoRequest]:
    """Pending requests that are ready before ``now + horizon_days`` (earlier ones too)."""
    moment = now or dt.datetime.now(dt.UTC)
    with platform.uow(read_only=True) as uow:
        return uow.cargo_requests.find(
            status=RequestStatus.PENDING, ready_to=moment + dt.timedelta(days=horizon_days)
        )


# Solving --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Priced:
    candidate: Candidate
    freight: float
    lateness: float
    carbon: float
    days_late: int

    @property
    def total(self) -> float:
        return self.freight + self.lateness + self.carbon


def _capacity(
    platform: Platform, start: dt.datetime, end: dt.datetime
) -> dict[str, tuple[int, int, int, int]]:
    """(capacity, booked TEU, plugs, booked plugs) of the departures in use in ``[start, end)``."""
    with platform.uow(read_only=True) as uow:
        rows = uow.departures.in_use(start, end)
    return {
        r.id: (r.capacity_teu, r.booked_teu, r.reefer_plugs, r.reefer_plugs_booked) for r in rows
    }


def _may_book(principal: Principal, network: Network, candidate: Candidate) -> bool:
    services = [network.services[ServiceId(leg.service_id)] for leg in candidate.legs]
    return access.may_consolidate_onto(principal, services)


def _service_of(departure_id: str) -> str:
    return departure_id.rsplit("-", 2)[0]


def consolidate(
    platform: Platform,
    requests: Sequence[CargoRequest],
    options: ConsolidationOptions,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    principal: Principal | None = None,
) -> dict[str, Any]:
    """The result document (DESIGN.md's shape, with more fields) for ``requests``.

    With ``principal``, only itineraries its run may book are considered
    (:func:`landsea.domain.access.may_consolidate_onto`: an operator's own services, with
    on-demand trucks as first and last miles); without, the whole network (the command line's
    administrator)."""
    started = time.perf_counter()
    if not requests:
        raise InvalidInput("there are no requests to consolidate")
    network = platform.network
    first = min(r.ready for r in requests)
    last = max(r.due for r in requests) + dt.timedelta(days=options.max_late_days)
    in_use = _capacity(platform, first - dt.timedelta(days=2), last + dt.timedelta(days=2))
    capacity_left = {d: (c - b, p - q) for d, (c, b, p, q) in in_use.items()}

    cargo_of = [Cargo(teu=r.teu, cargo_type=CargoType(r.cargo_type)) for r in requests]
    asks = [
        CandidateRequest(
            origin=r.origin,
            destination=r.destination,
            cargo=cargo_of[n],
            ready=r.ready,
            latest=r.due + dt.timedelta(days=options.max_late_days),
        )
        for n, r in enumerate(requests)
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
        capacity=capacity_left,
        shifts=options.shifts,
        progress=tick,
        services=None
        if principal is None
        else access.consolidation_services(principal, network.services),
    )
    if principal is not None:  # an itinerary on others' trucks alone is not the operator's
        found = [
            [c for c in options_found if _may_book(principal, network, c)]
            for options_found in found
        ]
    candidate_seconds = time.perf_counter() - started

    # Price each candidate; keep the cheapest per set of departures.
    priced: list[list[_Priced]] = []
    for request, options_found in zip(requests, found, strict=True):
        best: dict[tuple[str, ...], _Priced] = {}
        for candidate in options_found:
            late = (candidate.arrival - request.due).total_seconds()
            days_late = math.ceil(late / 86400) if late > 0 else 0
            entry = _Priced(
                candidate=candidate,
                freight=candidate.cost,
                lateness=float(request.penalty_per_day) * request.teu * days_late,
                carbon=options.carbon_price * candidate.co2e_kg / 1000,
                days_late=days_late,
            )
            uses = candidate.departure_ids
            if uses not in best or entry.total < best[uses].total:
                best[uses] = entry
        priced.append(sorted(best.values(), key=lambda p: (p.total, p.candidate.arrival)))

    # Resources: every departure some candidate uses.
    resource: dict[str, int] = {}
    for entries in priced:
        for entry in entries:
            for departure in entry.candidate.departure_ids:
                resource.setdefault(departure, len(resource))
    teu_left: list[float] = [0.0] * len(resource)
    plugs_left: list[float] = [0.0] * len(resource)
    totals: dict[str, tuple[int, int]] = {}
    for departure, r in resource.items():
        if departure in in_use:
            capacity, booked, plugs, plugs_booked = in_use[departure]
        else:
            service = network.services[ServiceId(_service_of(departure))]
            capacity, booked, plugs, plugs_booked = (
                service.capacity_teu,
                0,
                service.reefer_plugs,
                0,
            )
        totals[departure] = (capacity, booked)
        teu_left[r] = max(0, capacity - booked)
        plugs_left[r] = max(0, plugs - plugs_booked)

    # Commodities: identical requests together.
    commodity_of: dict[tuple[Any, ...], int] = {}
    members: list[list[int]] = []
    demand: list[int] = []
    sizes: list[int] = []
    plug_sizes: list[int] = []
    miss: list[float] = []
    columns: list[Column] = []
    column_entry: list[_Priced] = []
    order: list[int] = []
    for n in sorted(range(len(requests)), key=lambda k: (requests[k].ready, requests[k].id)):
        request, entries = requests[n], priced[n]
        if options.unassigned_penalty is not None:
            miss_cost = options.unassigned_penalty * request.teu
        elif entries:
            miss_cost = (
                3 * min(e.freight for e in entries)
                + 30 * float(request.penalty_per_day) * request.teu
            )
        else:
            miss_cost = 0.0
        key = (
            request.teu,
            cargo_of[n].plugs,
            round(miss_cost, 2),
            tuple((e.candidate.departure_ids, round(e.total, 2)) for e in entries),
        )
        c = commodity_of.get(key)
        if c is None:
            c = commodity_of[key] = len(demand)
            members.append([])
            demand.append(0)
            sizes.append(request.teu)
            plug_sizes.append(cargo_of[n].plugs)
            miss.append(miss_cost)
            for entry in entries:
                columns.append(
                    Column(
                        c,
                        entry.total,
                        tuple(resource[d] for d in entry.candidate.departure_ids),
                    )
                )
                column_entry.append(entry)
        members[c].append(n)
        demand[c] += 1
        order.append(c)
    problem = AllocationProblem(
        demand=demand,
        teu=sizes,
        plugs=plug_sizes,
        miss_cost=miss,
        columns=columns,
        teu_left=teu_left,
        plugs_left=plugs_left,
        order=order,
    )
    if progress is not None:
        progress("solving", 0, 1)
    baseline = greedy(problem)
    result: AllocationResult
    if options.method == "greedy":
        result = baseline
        if options.require_all and any(result.unassigned):
            result.status = "infeasible"
    else:
        # The solver keeps at least a fifth of the time asked for, even when building the
        # itineraries took longer than planned (on very large networks).
        result = solve(
            problem,
            time_limit=max(options.time_limit / 5, options.time_limit - candidate_seconds),
            gap=options.gap,
            require_all=options.require_all,
        )
    if progress is not None:
        progress("solving", 1, 1)
    return _document(
        requests,
        priced,
        problem,
        result,
        baseline,
        members,
        column_entry,
        resource,
        totals,
        options,
        seconds={
            "itineraries": round(candidate_seconds, 3),
            "solve": round(result.seconds, 3),
            "total": round(time.perf_counter() - started, 3),
        },
    )


def _document(
    requests: Sequence[CargoRequest],
    priced: list[list[_Priced]],
    problem: AllocationProblem,
    result: AllocationResult,
    baseline: AllocationResult,
    members: list[list[int]],
    column_entry: list[_Priced],
    resource: dict[str, int],
    totals: dict[str, tuple[int, int]],
    options: ConsolidationOptions,
    *,
    seconds: dict[str, float],
) -> dict[str, Any]:
    infeasible = result.status == "infeasible"
    by_commodity = problem.columns_of()
    assignments = []
    unassigned = []
    assigned_teu = [0] * len(resource)
    cost = {"freight": 0.0, "lateness": 0.0, "carbon": 0.0, "unassigned": 0.0}
    for c, requests_of_c in enumerate(members):
        queue = list(requests_of_c)
        if not infeasible:
            for p in by_commodity[c]:
                for _ in range(result.x[p]):
                    n = queue.pop(0)
                    entry = column_entry[p]
                    request = requests[n]
                    for departure in entry.candidate.departure_ids:
                        assigned_teu[resource[departure]] += request.teu
                    cost["freight"] += entry.freight
                    cost["lateness"] += entry.lateness
                    cost["carbon"] += entry.carbon
                    assignments.append(_assignment(request, entry))
        for n in queue:
            request = requests[n]
            if not infeasible:
                cost["unassigned"] += problem.miss_cost[c]
            unassigned.append(
                {
                    "request_id": request.id,
                    "reason": _reason(request, priced[n], problem, result, resource, options),
                }
            )
    assignments.sort(key=lambda a: a["request_id"])
    unassigned.sort(key=lambda u: u["request_id"])
    departures = []
    for departure, r in sorted(resource.items()):
        capacity, booked = totals[departure]
        departures.append(
            {
                "departure_id": departure,
                "capacity_teu": int(problem.teu_left[r]),
                "total_capacity_teu": capacity,
                "booked_teu": booked,
                "assigned_teu": assigned_teu[r],
                "utilisation": round((booked + assigned_teu[r]) / capacity, 4)
                if capacity
                else None,
            }
        )
    teu_total = sum(r.teu for r in requests)
    document: dict[str, Any] = {
        "status": result.status,
        "method": options.method,
        "objective": None if infeasible else round(result.objective, 2),
        "bound": None if result.bound is None else round(result.bound, 2),
        "gap": None if result.gap is None or infeasible else round(result.gap, 6),
        "currency": "CNY",
        "cost": {k: round(v, 2) for k, v in cost.items()},
        "requests": len(requests),
        "teu": teu_total,
        "assigned_teu": sum(a["teu"] for a in assignments),
        "assignments": assignments,
        "unassigned": unassigned,
        "departures": departures,
        "model": {
            "commodities": len(problem.demand),
            "itineraries": len(problem.columns),
            "departures": len(resource),
        },
        "seconds": seconds,
        "options": asdict(options),
        "log": result.log,
    }
    if options.method == "optimal" and not infeasible:
        document["greedy"] = {
            "objective": round(baseline.objective, 2),
            "assigned_teu": sum(
                problem.teu[problem.columns[p].commodity] * n for p, n in enumerate(baseline.x)
            ),
            "saving": round(baseline.objective - result.objective, 2),
            "saving_share": round((baseline.objective - result.objective) / baseline.objective, 6)
            if baseline.objective
            else 0.0,
        }
    return document


def _assignment(request: CargoRequest, entry: _Priced) -> dict[str, Any]:
    candidate = entry.candidate
    return {
        "request_id": request.id,
        "departure_ids": list(candidate.departure_ids),
        "teu": request.teu,
        "legs": [
            {
                "service_id": leg.service_id,
                "departure_id": leg.departure_id,
                "from": leg.origin,
                "to": leg.destination,
                "departure": leg.departure.isoformat(),
                "arrival": leg.arrival.isoformat(),
            }
            for leg in candidate.legs
        ],
        "arrival": candidate.arrival.isoformat(),
        "days_late": entry.days_late,
        "cost": {
            "freight": round(entry.freight, 2),
            "lateness": round(entry.lateness, 2),
            "carbon": round(entry.carbon, 2),
        },
        "co2e_kg": round(candidate.co2e_kg, 3),
    }


def _reason(
    request: CargoRequest,
    entries: list[_Priced],
    problem: AllocationProblem,
    result: AllocationResult,
    resource: dict[str, int],
    options: ConsolidationOptions,
) -> str:
    if result.status == "infeasible":
        return "the run is infeasible: not every request can be carried (require_all)"
    if not entries:
        latest = request.due + dt.timedelta(days=options.max_late_days)
        return (
            f"no itinerary from {request.origin} reaches {request.destination} by "
            f"{latest.isoformat()} (due + {options.max_late_days:g} days)"
        )
    used = [0.0] * len(problem.teu_left)
    for p, n in enumerate(result.x):
        if n:
            column = problem.columns[p]
            for r in column.resources:
                used[r] += n * problem.teu[column.commodity]
    full = [
        entry
        for entry in entries
        if any(
            problem.teu_left[resource[d]] - used[resource[d]] < request.teu
            for d in entry.candidate.departure_ids
        )
    ]
    if len(full) == len(entries):
        names = sorted({d for e in entries for d in e.candidate.departure_ids})
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        return f"capacity: every itinerary it could take is full ({shown})"
    return "leaving it costs less than any itinerary left with room"


# Applying and runs ----------------------------------------------------------------------------


def apply_result(
    platform: Platform,
    principal: Principal,
    requests: Sequence[CargoRequest],
    document: dict[str, Any],
    *,
    run_id: str | None = None,
) -> list[str]:
    """Book every assignment in one transaction (all or none); requests from the database are
    marked booked. Returns the booking ids.

    With ``run_id`` the stored run is marked done with ``document`` (and its ``booking_ids``) in
    that same transaction: if the run is done already (another attempt applied it), nothing is
    booked and :class:`Conflict` is raised."""
    _may_run(principal)
    if document["status"] == "infeasible":
        raise Conflict("an infeasible run has nothing to apply")
    by_id = {r.id: r for r in requests}
    items = []
    services = platform.network.services
    for assignment in document["assignments"]:
        request = by_id[assignment["request_id"]]
        access.check(
            access.may_consolidate_onto(
                principal, [services[ServiceId(leg["service_id"])] for leg in assignment["legs"]]
            ),
            principal,
            access.Action.RUN_CONSOLIDATION,
            f"request {request.id!r} onto {', '.join(assignment['departure_ids'])}",
        )
        legs = tuple(
            LegRequest(
                departure_id=leg["departure_id"],
                origin=leg["from"],
                destination=leg["to"],
                service_id=leg["service_id"],
            )
            for leg in assignment["legs"]
        )
        items.append(
            (
                request.organisation_id or principal.organisation_id,
                BookingRequest(
                    legs=legs,
                    teu=request.teu,
                    cargo_type=request.cargo_type,
                    shipper_reference=request.reference or request.id,
                ),
            )
        )
    with platform.uow() as uow:
        booked = book_many(platform, uow, items)
        for assignment, booking in zip(document["assignments"], booked, strict=True):
            request = by_id[assignment["request_id"]]
            if request.organisation_id is not None and not uow.cargo_requests.mark(
                request.id, RequestStatus.BOOKED, booking.id
            ):
                raise Conflict(f"cargo request {request.id!r} is no longer pending")
        if run_id is not None:
            document["booking_ids"] = [b.id for b in booked]
            if not uow.consolidation_runs.finish(run_id, result=document):
                raise Conflict(f"consolidation run {run_id!r} was applied already")
    return [b.id for b in booked]


def start_run(
    platform: Platform,
    principal: Principal,
    options: ConsolidationOptions,
    *,
    apply: bool = False,
) -> str:
    """Record a run of the pending requests and its durable job (same id, kind
    ``consolidation.run``) in one transaction; a worker carries it out with :func:`run_stored`."""
    _may_run(principal)
    run_id = str(uuid.uuid4())
    with platform.uow() as uow:
        uow.consolidation_runs.add(
            run_id, principal.organisation_id, {**asdict(options), "apply": apply}
        )
        jobs.submit(
            uow,
            RUN_JOB,
            {
                "run_id": run_id,
                "organisation_id": principal.organisation_id,
                "options": asdict(options),
                "apply": apply,
            },
            organisation_id=principal.organisation_id,
            job_id=run_id,
        )
    return run_id


def run_stored(
    platform: Platform,
    principal: Principal,
    run_id: str,
    options: ConsolidationOptions,
    apply: bool,
) -> None:
    """Carry out a recorded run and store its result (or its error).

    Idempotent, so that a job retried after a crash is safe: a run that is done or failed is
    left alone, and an applied run's bookings commit with its "done" mark (a second attempt
    that gets there too finds it done and books nothing)."""
    with platform.uow() as uow:
        if not uow.consolidation_runs.start(run_id):
            return
    try:
        requests = pending_requests(platform, options.horizon_days)
        if not requests:
            document: dict[str, Any] = {
                "status": "optimal",
                "method": options.method,
                "objective": 0.0,
                "bound": 0.0,
                "gap": 0.0,
                "requests": 0,
                "assignments": [],
                "unassigned": [],
                "departures": [],
            }
        else:
            document = consolidate(platform, requests, options, principal=principal)
            if apply and document["assignments"]:
                apply_result(platform, principal, requests, document, run_id=run_id)
                return
        with platform.uow() as uow:
            uow.consolidation_runs.finish(run_id, result=document)
    except Exception as exc:  # the run's record must say that it failed, and why
        with platform.uow() as uow:
            uow.consolidation_runs.finish(run_id, result=None, error=f"{type(exc).__name__}: {exc}")


def recent_runs(
    platform: Platform, principal: Principal, *, limit: int = 10
) -> list[dict[str, Any]]:
    """The organisation's latest runs (an admin's: everyone's), newest first."""
    access.check(
        access.may_ever(principal, access.Action.READ_RUN), principal, access.Action.READ_RUN
    )
    with platform.uow(read_only=True) as uow:
        runs = uow.consolidation_runs.recent(
            None
            if access.reaches_all(principal, access.Action.READ_RUN)
            else principal.organisation_id,
            limit,
        )
        return [_run_document(run, uow.jobs.get(run.id)) for run in runs]


def get_run(platform: Platform, principal: Principal, run_id: str) -> dict[str, Any]:
    subject = f"consolidation run {run_id!r}"
    access.check(
        access.may_ever(principal, access.Action.READ_RUN),
        principal,
        access.Action.READ_RUN,
        subject,
    )
    with platform.uow(read_only=True) as uow:
        run = uow.consolidation_runs.get(run_id)
        job = uow.jobs.get(run_id)
    access.check(
        run is not None and access.may_read_run(principal, run.organisation_id),
        principal,
        access.Action.READ_RUN,
        subject,
        hide=True,
    )
    return _run_document(run, job)


def _may_run(principal: Principal) -> None:
    access.check(
        access.may_run_consolidation(principal), principal, access.Action.RUN_CONSOLIDATION
    )


def _run_document(run: Any, job: Job | None) -> dict[str, Any]:
    return {
        "id": run.id,
        "status": run.status,
        "attempts": 0 if job is None else job.attempts,
        "max_attempts": None if job is None else job.max_attempts,
        "parameters": run.parameters,
        "created_at": run.created_at.isoformat(),
        "finished_at": None if run.finished_at is None else run.finished_at.isoformat(),
        "error": run.error,
        "result": run.result,
    }


# The durable job ------------------------------------------------------------------------------

RUN_JOB = "consolidation.run"


def _run_job(platform: Platform, job: Job) -> dict[str, Any]:
    payload = job.payload
    run_id = str(payload["run_id"])
    with platform.uow(read_only=True) as uow:
        principal = uow.accounts.organisation(str(payload["organisation_id"]))
    if principal is None:
        raise NotFound(f"organisation {payload['organisation_id']!r} does not exist")
    options = ConsolidationOptions(**payload["options"])
    run_stored(platform, principal, run_id, options, bool(payload["apply"]))
    with platform.uow(read_only=True) as uow:
        run = uow.consolidation_runs.get(run_id)
    return {"run_id": run_id, "status": None if run is None else run.status}


def _run_job_failed(platform: Platform, job: Job, error: str) -> None:
    with platform.uow() as uow:
        uow.consolidation_runs.finish(str(job.payload["run_id"]), result=None, error=error)


jobs.register(jobs.JobKind(name=RUN_JOB, run=_run_job, on_failed=_run_job_failed, max_attempts=3))
