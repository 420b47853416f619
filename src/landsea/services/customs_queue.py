"""The customs officer's queue: how long each declaration has waited against the clearance
service level of its lane (``[sla]`` in ``customs_rules.toml``), and its rule hits said in the
reader's language (each rule's ``explain`` or ``explain_zh``, made of the hit's facts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landsea.domain.customs import Declaration, DeclarationStatus, RuleHit
from landsea.domain.risk import RiskRules
from landsea.services.customs import load_rules

__all__ = ["ClearanceClock", "clearance_clock", "explanation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearanceClock:
    """A declaration's time with customs: ``waited`` from lodging to its first decision (or to
    ``now`` while none is made), ``due`` by its lane's service level, ``overdue`` once waited
    longer than that; ``decided`` says whether the clock has stopped."""

    waited: dt.timedelta
    sla: dt.timedelta
    due: dt.datetime
    overdue: bool
    decided: bool

    @property
    def left(self) -> dt.timedelta:
        """Time left before the service level is missed (negative once overdue)."""
        return self.sla - self.waited


def clearance_clock(
    declaration: Declaration, now: dt.datetime, rules: RiskRules | None = None
) -> ClearanceClock:
    """The clearance clock of ``declaration`` at ``now`` (a lane without a service level in the
    rules is given a day)."""
    rules = rules or load_rules()
    sla = dt.timedelta(hours=rules.sla_hours.get(declaration.lane.value, 24.0))
    first = min((d.decided_at for d in declaration.decisions), default=None)
    decided = first is not None or declaration.status is DeclarationStatus.RELEASED
    waited = (first or now) - declaration.created_at
    return ClearanceClock(
        waited=max(waited, dt.timedelta(0)),
        sla=sla,
        due=declaration.created_at + sla,
        overdue=waited > sla,
        decided=decided,
    )


def explanation(hit: RuleHit, language: str, rules: RiskRules | None = None) -> str:
    """``hit`` explained in ``language`` (``zh-CN`` or ``en``): the rule's Chinese explanation
    made of the hit's facts, or the English one it was stored with (a hit stored without the
    facts its rule's ``explain_zh`` needs, or a rule without one, stays English)."""
    if language != "zh-CN":
        return hit.explanation
    rules = rules or load_rules()
    template = rules.rules.get(hit.rule, {}).get("explain_zh")
    if not template:
        return hit.explanation
    try:
        return str(template).format(**hit.facts)
    except (KeyError, ValueError, IndexError):
        return hit.explanation
