"""Organisations and their API keys (admin)."""

from __future__ import annotations

from fastapi import APIRouter

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_cursor, paginate, require
from landsea.api.problems import problems
from landsea.api.schemas import KeyPublic, OrganisationCreate, OrganisationPublic, Page
from landsea.domain.booking import Role
from landsea.services import accounts

router = APIRouter(tags=["organisations"])


@router.post(
    "/organisations", response_model=OrganisationPublic, status_code=201, responses=problems(409)
)
def create_organisation(
    platform: PlatformDep, caller: Caller, body: OrganisationCreate
) -> OrganisationPublic:
    """Register an organisation (admin)."""
    require(caller, Role.ADMIN)
    created = accounts.create_organisation(
        platform, body.name, body.role, operator_match=body.operates
    )
    return OrganisationPublic.of(created)


@router.get("/organisations", response_model=Page[OrganisationPublic])
def list_organisations(
    platform: PlatformDep, caller: Caller, cursor: Cursor = None, limit: Limit = 50
) -> Page[OrganisationPublic]:
    """Organisations (admin)."""
    require(caller, Role.ADMIN)
    after = decode_cursor(cursor)
    found = accounts.list_organisations(
        platform, after=None if after is None else str(after), limit=limit + 1
    )
    return Page(**paginate(found, limit, OrganisationPublic.of, lambda p: p.organisation_id))


@router.get("/organisations/{organisation_id}", response_model=OrganisationPublic)
def get_organisation(
    platform: PlatformDep, caller: Caller, organisation_id: str
) -> OrganisationPublic:
    """One organisation (admin, or the organisation itself)."""
    if caller.organisation_id != organisation_id:
        require(caller, Role.ADMIN)
    return OrganisationPublic.of(accounts.organisation(platform, organisation_id))


@router.post("/organisations/{organisation_id}/keys", response_model=KeyPublic, status_code=201)
def create_key(platform: PlatformDep, caller: Caller, organisation_id: str) -> KeyPublic:
    """Issue an API key (admin); the key is in this answer only."""
    require(caller, Role.ADMIN)
    key, owner = accounts.create_key(platform, organisation_id)
    return KeyPublic(organisation_id=owner.organisation_id, api_key=key)
