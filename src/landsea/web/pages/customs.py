"""Customs: the declarations queue by lane, each timed against its lane's clearance service
level, and decisions named in the confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from landsea.domain import access
from landsea.domain.customs import DecisionKind, RuleHit
from landsea.errors import Conflict, LandseaError, NotFound
from landsea.services import customs, customs_queue
from landsea.web.pages.visitor import (
    VisitorDep,
    guarded,
    redirect,
    render,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# Customs ------------------------------------------------------------------------------------


@router.get("/customs")
@guarded
def customs_page(v: VisitorDep, office: str = "") -> Response:
    principal = v.needs(access.may_review_declarations)
    found = customs.list_declarations(
        v.platform, principal, office=office or None, lane=None, status=None, after=None,
        limit=300,
    )  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    rules = customs.load_rules()
    clocks = {d.id: customs_queue.clearance_clock(d, now, rules) for d in found}
    waiting = sorted(
        (d for d in found if d.status.value != "released"), key=lambda d: clocks[d.id].left
    )
    queue = {
        lane: [d for d in waiting if d.lane.value == lane] for lane in ("red", "yellow", "green")
    }
    done = [d for d in found if d.status.value == "released"][:30]
    locations = v.platform.network.locations
    offices = sorted(
        (place for place in locations.values() if place.customs is not None),
        key=lambda place: v.lang.name(place.name),
    )

    def explain(hit: RuleHit) -> str:
        return customs_queue.explanation(hit, v.lang.code, rules)

    return render(
        v, "customs.html", "customs", queue=queue, done=done, office=office, offices=offices,
        locations=locations, clocks=clocks, explain=explain, sla_hours=rules.sla_hours,
    )  # fmt: skip


@router.post("/customs/{declaration_id}/decision")
@guarded
def decide(
    v: VisitorDep,
    declaration_id: str,
    csrf: Annotated[str, Form()],
    decision: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    principal = v.needs(access.may_decide_declaration)
    v.check_csrf(csrf)
    if decision not in {kind.value for kind in DecisionKind}:
        return redirect(v, "/customs", flash=f"error:flash.customs_bad_decision|{decision[:20]}")
    if decision == DecisionKind.HOLD.value and not reason.strip():
        return redirect(
            v, "/customs", flash=f"error:flash.customs_reason_needed|{declaration_id[:8]}"
        )
    try:
        decided = customs.decide(v.platform, principal, declaration_id, decision, reason)
    except Conflict:
        return redirect(
            v, "/customs", flash=f"error:flash.customs_released_already|{declaration_id[:8]}"
        )
    except NotFound:
        return redirect(v, "/customs", flash=f"error:flash.customs_not_found|{declaration_id[:8]}")
    except LandseaError as exc:
        return redirect(v, "/customs", flash=f"error:flash.failed|{exc.message}")
    named = f"{decided.office}-{decided.id[:8]}"
    return redirect(v, "/customs", flash=f"ok:flash.decided_{decision}|{named}")
