"""The pages of the web platform, rendered on the server (Jinja2), in Chinese or English: one
module a page family, each with its own router, gathered here."""

from __future__ import annotations

from fastapi import APIRouter

from landsea.web.pages import (
    corridor,
    customs,
    documents,
    invoices,
    operations,
    plan_review,
    planning,
    scenarios,
    services,
    shipments,
    signin,
    stats,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
for _module in (
    signin,
    corridor,
    planning,
    plan_review,
    shipments,
    operations,
    services,
    scenarios,
    customs,
    documents,
    invoices,
    stats,
):
    router.include_router(_module.router)
