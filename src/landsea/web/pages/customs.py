"""Customs: the declarations queue by lane, and decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from landsea.domain import access
from landsea.errors import LandseaError
from landsea.services import customs
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
    queue = {lane: [d for d in found if d.lane.value == lane and d.status.value != "released"]
             for lane in ("red", "yellow", "green")}  # fmt: skip
    done = [d for d in found if d.status.value == "released"][:30]
    return render(
        v, "customs.html", "customs", queue=queue, done=done, office=office,
        locations=v.platform.network.locations,
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
    try:
        customs.decide(v.platform, principal, declaration_id, decision, reason)
    except LandseaError as exc:
        return redirect(v, "/customs", flash=f"error:flash.failed|{exc.message}")
    return redirect(v, "/customs", flash=f"ok:flash.decided|{declaration_id[:8]}")
