"""The rules table: for each :class:`Action`, what each role is granted (see
:mod:`landsea.domain.access`, which applies it and re-exports these names)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from landsea.domain.booking import Role

__all__ = ["RULES", "Action", "Grant", "rules_table"]


class Grant(StrEnum):
    """What a role may do with an action's things: all of them, its own, or none."""

    ALL = "yes"
    OWN = "own"
    NONE = "no"


class Action(StrEnum):
    """The rows of the rules table; the value is how the docs name the action."""

    BOOK = "book"
    READ_BOOKING = "read a booking and its timeline"
    CANCEL_BOOKING = "cancel a booking"
    MANAGE_DEPARTURE = "change a departure's capacity, cancel, delay or add a run, close a service"
    CLOSE_PLACE = "close a place for a period"
    WRITE_EVENT = "write a DCSA event"
    READ_EVENT = "read DCSA events (API, subscriptions)"
    MANAGE_SUBSCRIPTION = "create, read, delete an event subscription"
    LODGE_DECLARATION = "lodge a customs declaration"
    READ_DECLARATION = "read a customs declaration"
    DECIDE_DECLARATION = "decide a customs declaration"
    REQUEST_CARGO = "ask for transport (cargo request)"
    READ_CARGO_REQUESTS = "read cargo requests"
    CANCEL_CARGO_REQUEST = "cancel a cargo request"
    RUN_CONSOLIDATION = "run consolidation (and apply it)"
    READ_RUN = "read a consolidation run"
    RUN_SIMULATION = "run a simulation of the corridor"
    READ_SIMULATION = "read a simulation and its results"
    MANAGE_ORGANISATIONS = "create organisations, list them, issue keys"
    READ_ORGANISATION = "read an organisation"
    MANAGE_KEYS = "list and revoke an organisation's API keys"
    ISSUE_DOCUMENT = "issue a transport document for a booking"
    READ_DOCUMENT = "read a transport document and its history"
    HOLD_DOCUMENT = "endorse, pledge or surrender a transport document it holds"
    ANSWER_DOCUMENT = "accept or refuse a transport document endorsed to it"
    RELEASE_PLEDGE = "release a pledged transport document, or take it on default"
    ANSWER_SURRENDER = "accept or refuse a transport document surrendered for delivery"
    MANAGE_SERVICE = "publish, change or withdraw a service"
    ADD_PLACE = "add a place to the network"
    READ_RATES = "read the reference exchange rates"
    LOAD_RATES = "load reference exchange rates"
    ISSUE_INVOICE = "issue invoices and credit notes, import and reconcile bank notifications"
    READ_INVOICE = "read an invoice or credit note (JSON, UBL, PDF, pain.001)"


def _row(**granted: Grant) -> Mapping[Role, Grant]:
    return MappingProxyType({Role(r): g for r, g in granted.items() if g is not Grant.NONE})


_ALL, _OWN = Grant.ALL, Grant.OWN
_EVERY_OWN = {"shipper": _OWN, "operator": _OWN, "customs": _OWN, "bank": _OWN}

RULES: Final[Mapping[Action, Mapping[Role, Grant]]] = MappingProxyType(
    {
        Action.BOOK: _row(shipper=_ALL, admin=_ALL),
        Action.READ_BOOKING: _row(shipper=_OWN, operator=_OWN, customs=_ALL, admin=_ALL),
        Action.CANCEL_BOOKING: _row(shipper=_OWN, admin=_ALL),
        Action.MANAGE_DEPARTURE: _row(operator=_OWN, admin=_ALL),
        Action.CLOSE_PLACE: _row(customs=_ALL, admin=_ALL),
        Action.WRITE_EVENT: _row(operator=_OWN, customs=_OWN, admin=_ALL),
        Action.READ_EVENT: _row(shipper=_OWN, operator=_OWN, customs=_ALL, admin=_ALL),
        Action.MANAGE_SUBSCRIPTION: _row(shipper=_OWN, operator=_OWN, customs=_OWN, admin=_ALL),
        Action.LODGE_DECLARATION: _row(shipper=_OWN, admin=_ALL),
        Action.READ_DECLARATION: _row(shipper=_OWN, customs=_ALL, admin=_ALL),
        Action.DECIDE_DECLARATION: _row(customs=_ALL),
        Action.REQUEST_CARGO: _row(shipper=_ALL, admin=_ALL),
        Action.READ_CARGO_REQUESTS: _row(shipper=_OWN, operator=_ALL, admin=_ALL),
        Action.CANCEL_CARGO_REQUEST: _row(shipper=_OWN, admin=_ALL),
        Action.RUN_CONSOLIDATION: _row(operator=_OWN, admin=_ALL),
        Action.READ_RUN: _row(operator=_OWN, admin=_ALL),
        Action.RUN_SIMULATION: _row(operator=_ALL, admin=_ALL),
        Action.READ_SIMULATION: _row(operator=_OWN, admin=_ALL),
        Action.MANAGE_ORGANISATIONS: _row(admin=_ALL),
        Action.READ_ORGANISATION: _row(**_EVERY_OWN, admin=_ALL),
        Action.MANAGE_KEYS: _row(**_EVERY_OWN, admin=_ALL),
        Action.ISSUE_DOCUMENT: _row(operator=_OWN),
        Action.READ_DOCUMENT: _row(shipper=_OWN, operator=_OWN, admin=_ALL, bank=_OWN),
        Action.HOLD_DOCUMENT: _row(shipper=_OWN, bank=_OWN),
        Action.ANSWER_DOCUMENT: _row(shipper=_OWN, bank=_OWN),
        Action.RELEASE_PLEDGE: _row(bank=_OWN),
        Action.ANSWER_SURRENDER: _row(operator=_OWN),
        Action.MANAGE_SERVICE: _row(operator=_OWN, admin=_ALL),
        Action.ADD_PLACE: _row(admin=_ALL),
        Action.READ_RATES: _row(**dict.fromkeys(_EVERY_OWN, _ALL), admin=_ALL),
        Action.LOAD_RATES: _row(admin=_ALL),
        Action.ISSUE_INVOICE: _row(operator=_OWN),
        Action.READ_INVOICE: _row(shipper=_OWN, operator=_OWN, admin=_ALL),
    }
)
"""Every rule: action → role → grant (a role not listed is refused)."""


# -- the table in the docs ------------------------------------------------------------------------


def rules_table(roles: Collection[Role] = tuple(Role)) -> str:
    """:data:`RULES` as the Markdown table of docs/platform.md; an operator has two columns —
    on its own services and on another's."""
    columns: list[tuple[str, Role, bool | None]] = []
    for role in roles:
        if role is Role.OPERATOR:
            columns += [("operator (own)", role, True), ("operator (other's)", role, False)]
        else:
            columns.append((role.value, role, None))
    lines = ["| action | " + " | ".join(c[0] for c in columns) + " |", "| --- |" + " --- |" * len(columns)]  # fmt: skip
    for action, row in RULES.items():
        cells = [row.get(role, Grant.NONE) for _, role, _ in columns]
        cells = [g if own is None or g is not Grant.OWN else (Grant.ALL if own else Grant.NONE)
                 for g, (_, _, own) in zip(cells, columns, strict=True)]  # fmt: skip
        lines.append(f"| {action.value} | " + " | ".join(g.value for g in cells) + " |")
    return "\n".join(lines)
