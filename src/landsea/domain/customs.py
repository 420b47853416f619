"""Customs declarations, their risk screening and the decisions of customs officers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from landsea.domain.money import Money
from landsea.errors import InvalidCode

__all__ = [
    "Decision",
    "DecisionKind",
    "Declaration",
    "DeclarationItem",
    "DeclarationStatus",
    "Direction",
    "Lane",
    "RuleHit",
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


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleHit:
    rule: str
    weight: float
    explanation: str


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
