"""The rules of domain/access.py, one test per cell of the table in docs/platform.md — the table is
read from the docs, and the docs are checked to be ``rules_table()``, so all three agree."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from landsea.domain import access
from landsea.domain import documents as rules
from landsea.domain import invoice as invoice_rules
from landsea.domain.access import Action, EventSubject, Named
from landsea.domain.booking import Booking, BookingLeg, BookingStatus, Principal, Role
from landsea.domain.documents import DocumentParties
from landsea.domain.money import Money
from landsea.domain.timetable import Service
from landsea.errors import Forbidden, NotFound
from landsea.testing import NetworkBuilder
from landsea.units import ServiceId

DOCS = Path(__file__).parents[2] / "docs" / "platform.md"
START, END = "<!-- rules table", "<!-- end of rules table -->"


def docs_table() -> str:
    text = DOCS.read_text(encoding="utf-8")
    block = text[text.index(START) : text.index(END)]
    return "\n".join(line for line in block.splitlines() if line.startswith("|"))


def docs_cells() -> list[tuple[str, str, str]]:
    """(action, column, value) of every cell of the docs table."""
    lines = docs_table().splitlines()
    columns = [c.strip() for c in lines[0].strip("|").split("|")][1:]
    cells = []
    for line in lines[2:]:
        action, *values = (c.strip() for c in line.strip("|").split("|"))
        cells += [(action, column, value) for column, value in zip(columns, values, strict=True)]
    return cells


def _services() -> dict[ServiceId, Service]:
    b = NetworkBuilder()
    b.place("CNAAA").place("CNBBB")
    b.service("MINE", "rail", [("CNAAA", None, 0), ("CNBBB", 20, None)], km=[900])
    b.service("THEIRS", "rail", [("CNAAA", None, 0), ("CNBBB", 22, None)], km=[900])
    b.service("TRUCK", "road", [("CNAAA", None, 0), ("CNBBB", 12, None)], km=[900],
              on_demand=True)  # fmt: skip
    built = b.build().services
    operators = {"MINE": "Yuxinou Logistics", "THEIRS": "Other Rail", "TRUCK": "Some Hauliers"}
    return {
        sid: dataclasses.replace(service, operator=operators[str(sid)])
        for sid, service in built.items()
    }


SERVICES = _services()
MINE, THEIRS, TRUCK = (SERVICES[ServiceId(s)] for s in ("MINE", "THEIRS", "TRUCK"))
PRINCIPALS = {
    Role.SHIPPER: Principal(organisation_id="o-exp", name="exporter", role=Role.SHIPPER),
    Role.OPERATOR: Principal(
        organisation_id="o-yux", name="yuxinou", role=Role.OPERATOR, operator_match="Yuxinou"
    ),
    Role.CUSTOMS: Principal(organisation_id="o-cus", name="customs", role=Role.CUSTOMS),
    Role.ADMIN: Principal(organisation_id="o-adm", name="admin", role=Role.ADMIN),
    Role.BANK: Principal(organisation_id="o-bank", name="bank", role=Role.BANK),
}


def _org(p: Principal, own: bool) -> str:
    return p.organisation_id if own else "o-someone-else"


def _booking(p: Principal, own: bool) -> Booking:
    """A booking of ``p``'s own (its organisation's, on its service) or of nobody it knows."""
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    service = MINE if own else THEIRS
    return Booking(
        id="b1",
        organisation_id=_org(p, own),
        status=BookingStatus.CONFIRMED,
        teu=1,
        cargo_type="general",
        shipper_reference=None,
        price=Money(Decimal("1"), "CNY"),
        co2e_kg=1.0,
        legs=(BookingLeg(departure_id="d", service_id=str(service.id), origin="CNAAA",
                         destination="CNBBB", teu=1, plugs=0),),
        created_at=now,
        updated_at=now,
    )  # fmt: skip


def _event(p: Principal, own: bool) -> EventSubject:
    """For customs, "own" is a customs event; for others, an arrival of their own booking."""
    code = "CUSR" if p.role is Role.CUSTOMS and own else "ARRI"
    named = Named(field="carrierBookingReference", value="b1",
                  services=(MINE,) if own else (THEIRS,))  # fmt: skip
    return EventSubject(type_code=code, type_field="transportEventTypeCode", named=(named,))


def _document(p: Principal, own: bool) -> DocumentParties:
    """A document whose every party is ``p``'s organisation (own) or someone else's."""
    org = _org(p, own)
    return DocumentParties(issuer_id=org, holder_id=org, pending_to=org, bank_id=org,
                           named=frozenset({org}))  # fmt: skip


PROBES: dict[Action, Callable[[Principal, bool], bool]] = {
    Action.BOOK: lambda p, own: access.can_book(p),
    Action.READ_BOOKING: lambda p, own: access.may_read_booking(p, _booking(p, own), SERVICES),
    Action.CANCEL_BOOKING: lambda p, own: access.may_cancel_booking(p, _booking(p, own)),
    Action.MANAGE_DEPARTURE: lambda p, own: access.may_manage_departure(p, MINE if own else THEIRS),
    Action.CLOSE_PLACE: lambda p, own: access.may_ever(p, Action.CLOSE_PLACE),
    Action.WRITE_EVENT: lambda p, own: access.may_write_event(p, _event(p, own)),
    Action.READ_EVENT: lambda p, own: access.may_read_event(p, _booking(p, own), SERVICES),
    Action.MANAGE_SUBSCRIPTION: lambda p, own: access.may_manage_subscription(p, _org(p, own)),
    Action.LODGE_DECLARATION: lambda p, own: access.may_lodge_declaration(p, _booking(p, own)),
    Action.READ_DECLARATION: lambda p, own: access.may_read_declaration(p, _org(p, own)),
    Action.DECIDE_DECLARATION: lambda p, own: access.may_decide_declaration(p),
    Action.REQUEST_CARGO: lambda p, own: access.may_request_cargo(p),
    Action.READ_CARGO_REQUESTS: lambda p, own: access.may_read_cargo_requests(p, _org(p, own)),
    Action.CANCEL_CARGO_REQUEST: lambda p, own: access.may_cancel_cargo_request(p, _org(p, own)),
    Action.RUN_CONSOLIDATION: lambda p, own: access.may_consolidate_onto(
        p, [MINE] if own else [THEIRS]
    ),
    Action.READ_RUN: lambda p, own: access.may_read_run(p, _org(p, own)),
    Action.RUN_SIMULATION: lambda p, own: access.may_ever(p, Action.RUN_SIMULATION),
    Action.READ_SIMULATION: lambda p, own: access.may_read_run(
        p, _org(p, own), Action.READ_SIMULATION
    ),
    Action.MANAGE_ORGANISATIONS: lambda p, own: access.may_manage_organisations(p),
    Action.READ_ORGANISATION: lambda p, own: access.may_read_organisation(p, _org(p, own)),
    Action.MANAGE_KEYS: lambda p, own: access.may_manage_keys(p, _org(p, own)),
    Action.ISSUE_DOCUMENT: lambda p, own: rules.may_issue_document(p, _booking(p, own), SERVICES),
    Action.READ_DOCUMENT: lambda p, own: rules.may_read_document(p, _document(p, own)),
    Action.HOLD_DOCUMENT: lambda p, own: rules.may_hold_document(p, _document(p, own)),
    Action.ANSWER_DOCUMENT: lambda p, own: rules.may_answer_document(p, _document(p, own)),
    Action.RELEASE_PLEDGE: lambda p, own: rules.may_release_pledge(p, _document(p, own)),
    Action.ANSWER_SURRENDER: lambda p, own: rules.may_answer_surrender(p, _document(p, own)),
    Action.MANAGE_SERVICE: lambda p, own: access.may_manage_departure(
        p, MINE if own else THEIRS, Action.MANAGE_SERVICE
    ),
    Action.ADD_PLACE: lambda p, own: access.may_ever(p, Action.ADD_PLACE),
    Action.READ_RATES: lambda p, own: access.may_ever(p, Action.READ_RATES),
    Action.LOAD_RATES: lambda p, own: access.may_ever(p, Action.LOAD_RATES),
    Action.ISSUE_INVOICE: lambda p, own: invoice_rules.may_issue_invoice(
        p, _booking(p, own), SERVICES
    ),
    Action.READ_INVOICE: lambda p, own: invoice_rules.may_read_invoice(
        p, _org(p, own), _org(p, own)
    ),
}


def test_the_docs_show_the_rules_table() -> None:
    assert docs_table() == access.rules_table()


def test_every_action_has_a_probe_and_a_row() -> None:
    assert set(PROBES) == set(Action) == set(access.RULES)
    assert {a for a, _, _ in docs_cells()} == {a.value for a in Action}


@pytest.mark.parametrize(("action", "column", "value"), docs_cells())
def test_cell(action: str, column: str, value: str) -> None:
    probe = PROBES[Action(action)]
    role = Role(column.split(" ")[0])
    principal = PRINCIPALS[role]
    if column == "operator (own)":
        checks = {True: value == "yes"}
    elif column == "operator (other's)":
        checks = {False: value == "yes"}
    else:
        checks = {True: value in ("yes", "own"), False: value == "yes"}
    assert {own: probe(principal, own) for own in checks} == checks


def test_a_new_role_starts_with_nothing() -> None:
    """Every row that does not name a role refuses it: a role is added by granting, row by row."""
    for row in access.RULES.values():
        assert all(isinstance(g, access.Grant) and g is not access.Grant.NONE for g in row.values())
    table = access.rules_table([Role.SHIPPER, Role.OPERATOR])
    assert table.splitlines()[0] == "| action | shipper | operator (own) | operator (other's) |"


def test_refusals_name_role_organisation_field_and_value() -> None:
    shipper, yuxinou = PRINCIPALS[Role.SHIPPER], PRINCIPALS[Role.OPERATOR]
    with pytest.raises(Forbidden, match=r"^shipper 'exporter' may not book"):
        access.check(access.can_book(yuxinou) and False, shipper, Action.BOOK)
    with pytest.raises(NotFound, match=r"booking 'b9' does not exist \(for operator 'yuxinou'\)"):
        access.check(False, yuxinou, Action.READ_BOOKING, "booking 'b9'", hide=True)
    unknown = EventSubject(
        type_code="ARRI",
        type_field="transportEventTypeCode",
        named=(Named(field="carrierBookingReference", value="nope", services=None),),
    )
    assert access.event_refusal(yuxinou, unknown) == (
        "carrierBookingReference",
        "nope",
        "operator 'yuxinou' knows no such booking, service or departure",
    )
    nothing = EventSubject(type_code="ARRI", type_field="transportEventTypeCode")
    field, value, reason = access.event_refusal(yuxinou, nothing) or ("", "", "")
    assert (field, value) == ("carrierBookingReference", None) and "name a booking" in reason
    other_service = EventSubject(
        type_code="DEPA",
        type_field="transportEventTypeCode",
        named=(
            Named(field="carrierBookingReference", value="b1", services=(MINE,)),
            Named(field="transportCall.carrierServiceCode", value="THEIRS", services=(THEIRS,)),
        ),
    )
    assert access.event_refusal(yuxinou, other_service) == (
        "transportCall.carrierServiceCode",
        "THEIRS",
        "not on a service that operator 'yuxinou' operates",
    )
    customs = PRINCIPALS[Role.CUSTOMS]
    assert access.event_refusal(customs, nothing) == (
        "transportEventTypeCode",
        "ARRI",
        "customs 'customs' writes only customs events (CUSI, CUSR, CUSS)",
    )


def test_an_operator_of_every_service_writes_any_event() -> None:
    everything = Principal(organisation_id="o-op", name="operator", role=Role.OPERATOR)
    nothing = EventSubject(type_code="ARRI", type_field="transportEventTypeCode")
    assert access.may_write_event(everything, nothing)
    assert access.operated_services(everything, SERVICES) is None
    assert access.operated_services(PRINCIPALS[Role.OPERATOR], SERVICES) == frozenset(
        {ServiceId("MINE")}
    )


@pytest.mark.parametrize(
    ("legs", "allowed"),
    [
        (["MINE"], True),
        (["TRUCK", "MINE", "TRUCK"], True),  # others' trucks as first and last miles
        (["TRUCK"], False),  # others' trucks alone are not the operator's business
        (["MINE", "THEIRS"], False),
        (["THEIRS"], False),
    ],
)
def test_consolidation_onto_own_services_with_trucks_as_feeders(
    legs: list[str], allowed: bool
) -> None:
    chosen = [SERVICES[ServiceId(s)] for s in legs]
    assert access.may_consolidate_onto(PRINCIPALS[Role.OPERATOR], chosen) is allowed
    assert access.may_consolidate_onto(PRINCIPALS[Role.ADMIN], chosen)
    assert access.consolidation_services(PRINCIPALS[Role.OPERATOR], SERVICES) == frozenset(
        {ServiceId("MINE"), ServiceId("TRUCK")}
    )


def test_booking_scope_is_the_query_form_of_the_rules() -> None:
    shipper, yuxinou = PRINCIPALS[Role.SHIPPER], PRINCIPALS[Role.OPERATOR]
    assert access.booking_scope(shipper, Action.READ_EVENT, SERVICES) == ("o-exp", None)
    assert access.booking_scope(yuxinou, Action.READ_EVENT, SERVICES) == (
        None,
        frozenset({ServiceId("MINE")}),
    )
    assert access.booking_scope(PRINCIPALS[Role.CUSTOMS], Action.READ_EVENT, SERVICES) == (
        None,
        None,
    )
    assert access.booking_scope(PRINCIPALS[Role.CUSTOMS], Action.CANCEL_BOOKING, SERVICES) is None
    assert re.search(r"\| read DCSA events", access.rules_table())
