"""Customs declarations, their risk screening and the decisions of customs officers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from enum import StrEnum

from landsea.domain.codes import validate_country
from landsea.domain.money import Money
from landsea.errors import InvalidCode, InvalidInput

__all__ = [
    "Decision",
    "DecisionKind",
    "Declaration",
    "DeclarationItem",
    "DeclarationStatus",
    "Direction",
    "Lane",
    "RuleHit",
    "check_item",
    "validate_hs_code",
]

_HS = re.compile(r"\d+")


def validate_hs_code(code: str, *, field: str = "hs_code") -> str:
    """A 6-digit HS code or China's 8- or 10-digit commodity code; dots and spaces are dropped.

    >>> validate_hs_code("0810.90")
    '081090'
    >>> validate_hs_code("7701 00")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidCode: hs_code '7701 00': chapter 77 is reserved and not in use
    """
    digits = code.replace(".", "").replace(" ", "")
    if not _HS.fullmatch(digits) or len(digits) not in (6, 8, 10):
        raise InvalidCode(f"{field} {code!r} must be 6 digits (HS) or China's 8 or 10 digits")
    chapter = int(digits[:2])
    if chapter == 77:
        raise InvalidCode(f"{field} {code!r}: chapter 77 is reserved and not in use")
    if not 1 <= chapter <= 97:
        raise InvalidCode(f"{field} {code!r}: chapter {digits[:2]} is not an HS chapter (01–97)")
    return digits


class Direction(StrEnum):
    EXPORT = "export"
    IMPORT = "import"


class Lane(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class DeclarationStatus(StrEnum):
    SUBMITTED = "submitted"
    RELEASED = "released"
    INSPECTION = "inspection"
    HELD = "held"


class DecisionKind(StrEnum):
    RELEASE = "release"
    INSPECT = "inspect"
    HOLD = "hold"

    @property
    def status(self) -> DeclarationStatus:
        return {
            DecisionKind.RELEASE: DeclarationStatus.RELEASED,
            DecisionKind.INSPECT: DeclarationStatus.INSPECTION,
            DecisionKind.HOLD: DeclarationStatus.HELD,
        }[self]

    @property
    def event_code(self) -> str:
        """The DCSA equipment event a decision emits: released, inspected, or selected (held)."""
        return {
            DecisionKind.RELEASE: "CUSR",
            DecisionKind.INSPECT: "CUSI",
            DecisionKind.HOLD: "CUSS",
        }[self]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclarationItem:
    hs_code: str
    description: str
    quantity: float
    unit: str
    net_kg: float
    gross_kg: float
    value: Money
    origin_country: str


def check_item(item: DeclarationItem, *, where: str = "item") -> DeclarationItem:
    """``item`` with its codes normalised, or :class:`InvalidInput` naming the field and value.

    The one definition of a declaration item's rules: every face builds a
    :class:`DeclarationItem` from what it was sent and the customs service checks it here (its
    value's currency is checked by :class:`Money` itself).

    >>> from decimal import Decimal
    >>> good = DeclarationItem(hs_code="0810.60", description="durian", quantity=1, unit="KGM",
    ...     net_kg=9, gross_kg=10, value=Money(Decimal(5), "CNY"), origin_country="TH")
    >>> checked = check_item(good)
    >>> checked.hs_code, checked.origin_country
    ('081060', 'TH')
    >>> import dataclasses
    >>> check_item(dataclasses.replace(good, net_kg=11), where="items[0]")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidInput: items[0].net_kg 11 is more than gross_kg 10
    """
    try:
        hs = validate_hs_code(item.hs_code, field=f"{where}.hs_code")
        origin = validate_country(item.origin_country, field=f"{where}.origin_country")
    except InvalidCode as exc:
        raise InvalidInput(exc.message) from None
    for name, number in (
        ("quantity", item.quantity),
        ("net_kg", item.net_kg),
        ("gross_kg", item.gross_kg),
    ):
        if not (isinstance(number, int | float) and math.isfinite(number) and number > 0):
            raise InvalidInput(f"{where}.{name} must be a positive number, got {number!r}")
    if item.net_kg > item.gross_kg:
        raise InvalidInput(
            f"{where}.net_kg {item.net_kg:g} is more than gross_kg {item.gross_kg:g}"
        )
    if item.value.amount < 0:
        raise InvalidInput(f"{where}.value.amount must not be negative, got {item.value.amount}")
    return dataclasses.replace(item, hs_code=hs, origin_country=origin)


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleHit:
    """A rule a declaration hit: its weight, its explanation in English and the facts the
    explanation was made of (so that a face can say it in another language)."""

    rule: str
    weight: float
    explanation: str
    facts: dict[str, str | float] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    kind: DecisionKind
    reason: str
    organisation_id: str
    decided_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Declaration:
    id: str
    organisation_id: str
    direction: Direction
    office: str
    booking_id: str | None
    containers: tuple[str, ...]
    items: tuple[DeclarationItem, ...]
    consignor: str
    consignee: str
    dangerous_goods: bool
    status: DeclarationStatus
    lane: Lane
    score: float
    rule_hits: tuple[RuleHit, ...]
    decisions: tuple[Decision, ...] = field(default_factory=tuple)
    created_at: dt.datetime

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Declaration) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("Declaration", self.id))
