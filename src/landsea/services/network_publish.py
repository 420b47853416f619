"""Operators publish their services and admins add places: each change a new network version,
checked whole by the dataset reader before anything is stored, then used by every process."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from landsea.domain import access
from landsea.domain.access import Action
from landsea.domain.booking import Principal
from landsea.domain.network import Network
from landsea.errors import InvalidInput, NotFound
from landsea.feeds.dataset import dumps
from landsea.persistence.database import UnitOfWork
from landsea.persistence.repositories import NetworkRecord, NetworkVersion
from landsea.services.departures import sync_departures
from landsea.services.network_versions import (
    NetworkSnapshot,
    build_network,
    digest,
    record_documents,
    remember,
    snapshot_as_of,
)
from landsea.services.platform import Platform
from landsea.units import ServiceId

__all__ = [
    "NetworkVersion",
    "Publication",
    "TimetableChange",
    "add_place",
    "change_timetable",
    "list_versions",
    "network_as_of",
    "publish_service",
    "snapshot_at",
    "withdraw_service",
]

_FIGURES = ("capacity_teu", "reefer_plugs", "cutoff_h")
_STOP_FIGURES = ("arrival_h", "departure_h", "distance_km")
_TARIFF_FIGURES = ("per_teu", "per_feu")


@dataclass(frozen=True, slots=True)
class Publication:
    """A stored change: the version it made and the key of what changed."""

    version: NetworkVersion
    key: str


def snapshot_at(platform: Platform, as_of: dt.datetime | None) -> NetworkSnapshot:
    """The snapshot in force at ``as_of`` (the current one when ``None``)."""
    if as_of is None:
        return platform.snapshot
    if as_of.tzinfo is None:
        raise InvalidInput(f"as_of: {as_of.isoformat()!r} needs a UTC offset")
    return snapshot_as_of(platform.database, as_of)


def network_as_of(platform: Platform, as_of: dt.datetime | None) -> Network:
    """The network in force at ``as_of`` (now when ``None``)."""
    return snapshot_at(platform, as_of).network


def list_versions(
    platform: Platform, *, limit: int = 50, before: int | None = None
) -> list[NetworkVersion]:
    """The network's versions, newest first: who changed what, when."""
    with platform.uow(read_only=True) as uow:
        return uow.network.versions(limit=limit, before=before)


def publish_service(
    platform: Platform,
    principal: Principal,
    table: dict[str, Any],
    *,
    service_id: str | None = None,
    now: dt.datetime | None = None,
) -> Publication:
    """Publish a new service (``service_id`` ``None``) or a change of one the principal
    operates. Plain numbers become figures citing the operator's publication at ``now``."""
    when = now or dt.datetime.now(dt.UTC)
    if service_id is not None:
        _owned(platform, principal, service_id)
        if table.get("id", service_id) != service_id:
            raise InvalidInput(f"id: {table.get('id')!r} differs from the path's {service_id!r}")
        table = {**table, "id": service_id}
    access.check(
        access.may_ever(principal, Action.MANAGE_SERVICE), principal, Action.MANAGE_SERVICE
    )
    operator = table.get("operator")
    if not access.reaches_all(principal, Action.MANAGE_SERVICE):
        access.check(
            isinstance(operator, str) and principal.operates(operator), principal,
            Action.MANAGE_SERVICE, f"operator: {operator!r} is not run by {principal.name!r}",
        )  # fmt: skip
    key = str(table.get("id", ""))
    source = _source_key(principal, when)
    stamped = _stamp(table, source)
    return _publish(
        platform, principal, kind="service", key=key, table=stamped, when=when, source=source,
        summary=f"{'changed' if service_id else 'published'} service {key}", new=service_id is None,
    )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class TimetableChange:
    """An operator's edit of a published timetable: new hour offsets of stops (by their
    position in the service) and a new capacity per run; what is not named stays as published."""

    arrival_h: Mapping[int, float] = field(default_factory=dict)
    departure_h: Mapping[int, float] = field(default_factory=dict)
    capacity_teu: int | None = None


def change_timetable(
    platform: Platform, principal: Principal, service_id: str, change: TimetableChange
) -> Publication:
    """Change a stop time or the capacity of a service the principal operates: its current
    record with only the figures that differ replaced, published by :func:`publish_service`
    (what ``PUT /services/{id}`` does: the same checks; the new figures cite the publication,
    the others keep their sources)."""
    _owned(platform, principal, service_id)
    from landsea.feeds.dataset import loads

    with platform.uow(read_only=True) as uow:
        record = uow.network.current("service", service_id)
    if record is None:
        raise NotFound(f"service {service_id!r} is not in the network")
    table = loads(record.body)
    found = table.get("stops")
    stops: list[dict[str, Any]] = found if isinstance(found, list) else []
    changed = False
    for name, offsets in (("arrival_h", change.arrival_h), ("departure_h", change.departure_h)):
        for k, hours in offsets.items():
            if not 0 <= k < len(stops):
                raise InvalidInput(f"stops[{k}].{name}: service {service_id!r} has no stop {k}")
            if _value(stops[k].get(name)) != hours:
                stops[k][name], changed = hours, True
    if change.capacity_teu is not None and _value(table.get("capacity_teu")) != change.capacity_teu:
        table["capacity_teu"], changed = change.capacity_teu, True
    if not changed:
        raise InvalidInput(
            f"service {service_id!r}: no stop time nor capacity differs from the published ones"
        )
    return publish_service(platform, principal, table, service_id=service_id)


def _value(figure: Any) -> Any:
    """A figure's number, whether plain or ``{value = …, source|estimate = …}``."""
    return figure.get("value") if isinstance(figure, dict) else figure


def withdraw_service(
    platform: Platform, principal: Principal, service_id: str, *, first_day: dt.date
) -> Publication:
    """Withdraw a service the principal operates from ``first_day`` on (its last departures
    are the day before; runs already booked stay stored)."""
    _owned(platform, principal, service_id)
    with platform.uow(read_only=True) as uow:
        record = uow.network.current("service", service_id)
    assert record is not None
    from landsea.feeds.dataset import loads

    table = loads(record.body)
    schedule = table.get("schedule")
    if not isinstance(schedule, dict) or schedule.get("on_demand") is True:
        raise InvalidInput(f"from: service {service_id!r} has no schedule to end")
    table["schedule"] = {**schedule, "until": first_day - dt.timedelta(days=1)}
    return _publish(
        platform, principal, kind="service", key=service_id, table=table,
        when=dt.datetime.now(dt.UTC), source=None, new=False,
        summary=f"withdrew service {service_id} from {first_day.isoformat()}",
    )  # fmt: skip


def add_place(platform: Platform, principal: Principal, table: dict[str, Any]) -> Publication:
    """Add a place to the network (admins): checked like a dataset's ``[[location]]``."""
    access.check(access.may_ever(principal, Action.ADD_PLACE), principal, Action.ADD_PLACE)
    key = str(table.get("locode", ""))
    return _publish(
        platform, principal, kind="location", key=key, table=table,
        when=dt.datetime.now(dt.UTC), source=None, new=True, summary=f"added place {key}",
    )  # fmt: skip


def _owned(platform: Platform, principal: Principal, service_id: str) -> None:
    service = platform.network.services.get(ServiceId(service_id))
    if service is None:
        raise NotFound(f"service {service_id!r} is not in the network")
    allowed = access.may_manage_departure(principal, service, Action.MANAGE_SERVICE)
    access.check(allowed, principal, Action.MANAGE_SERVICE, f"service {service_id!r}", hide=True)


def _publish(
    platform: Platform,
    principal: Principal,
    *,
    kind: str,
    key: str,
    table: dict[str, Any],
    when: dt.datetime,
    source: str | None,
    summary: str,
    new: bool,
) -> Publication:
    with platform.uow() as uow:
        latest = uow.network.latest(lock=True)
        if latest is None:
            raise NotFound("the database holds no network: run `landsea db upgrade` first")
        records = uow.network.records(latest.id)
        changed = _changes(uow, principal, records, kind, key, table, new=new)
        if source is not None:
            changed.append(_with_source(records, principal, source, when))
        merged = {(r.kind, r.key): r for r in records} | {(r.kind, r.key): r for r in changed}
        network = build_network(record_documents(merged.values()), name=f"{kind} {key}")
        version = uow.network.publish(
            organisation_id=principal.organisation_id, author=principal.name, summary=summary,
            digest=digest(merged.values()), changed=changed,
        )  # fmt: skip
    remember(version, network)
    platform.live.refresh()
    if kind == "service":
        sync_departures(platform, only=[key])
    return Publication(version=version, key=key)


def _changes(
    uow: UnitOfWork,
    principal: Principal,
    records: list[NetworkRecord],
    kind: str,
    key: str,
    table: dict[str, Any],
    *,
    new: bool,
) -> list[NetworkRecord]:
    current = next((r for r in records if r.kind == kind and r.key == key), None)
    if new and current is not None:
        raise InvalidInput(f"{ARRAY_KEY[kind]}: {key!r} is already in the network")
    if current is not None:
        return [
            NetworkRecord(
                kind=kind, key=key, file=current.file, position=current.position,
                body=dumps(table), owner_id=current.owner_id,
            )
        ]  # fmt: skip
    file = "locations.toml" if kind == "location" else _operator_file(principal)
    position = 1 + max(
        (r.position for r in records if r.file == file and r.kind == kind), default=-1
    )
    return [
        NetworkRecord(
            kind=kind, key=key, file=file, position=position, body=dumps(table),
            owner_id=principal.organisation_id,
        )
    ]  # fmt: skip


ARRAY_KEY = {"service": "id", "location": "locode"}


def _operator_file(principal: Principal) -> str:
    return f"services/published-{principal.organisation_id[:8].lower()}.toml"


def _source_key(principal: Principal, when: dt.datetime) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", principal.organisation_id[:8].lower()).strip("-")
    return f"published-{slug}-{when.strftime('%Y%m%d-%H%M%S')}"


def _with_source(
    records: list[NetworkRecord], principal: Principal, source: str, when: dt.datetime
) -> NetworkRecord:
    """The operator's file record, citing its publication at ``when`` as a source."""
    from landsea.feeds.dataset import loads

    file = _operator_file(principal)
    current = next((r for r in records if r.kind == "file" and r.key == file), None)
    rest = {} if current is None else loads(current.body)
    sources = dict(rest.get("source", {}))
    sources[source] = {
        "title": f"Published on landsea by {principal.name} at {when.isoformat(timespec='seconds')}",
        "publisher": principal.name,
        "year": when.year,
        "date": when.date(),
        "archive": f"landsea network_versions, published {when.isoformat(timespec='seconds')}",
    }
    rest["source"] = sources
    return NetworkRecord(kind="file", key=file, file=file, position=0, body=dumps(rest))


def _stamp(table: dict[str, Any], source: str) -> dict[str, Any]:
    """``table`` with every plain-number figure citing ``source`` (the operator's publication)."""
    out = copy.deepcopy(table)

    def cite(holder: dict[str, Any], names: tuple[str, ...]) -> None:
        for name in names:
            value = holder.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                holder[name] = {"value": value, "source": source}

    cite(out, _FIGURES)
    if isinstance(out.get("tariff"), dict):
        cite(out["tariff"], _TARIFF_FIGURES)
    for stop in out.get("stops", []) if isinstance(out.get("stops"), list) else []:
        if isinstance(stop, dict):
            cite(stop, _STOP_FIGURES)
    schedule = out.get("schedule")
    if isinstance(schedule, dict) and "source" not in schedule and "estimate" not in schedule:
        schedule["source"] = source
    return out
