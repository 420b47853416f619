"""Organisations and their API keys (admin)."""

from __future__ import annotations

from fastapi import APIRouter

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_cursor, paginate, require
from landsea.api.problems import problems
from landsea.api.schemas import (
    ApiKeyPublic,
    KeyPublic,
    OrganisationCreate,
    OrganisationPublic,
    Page,
)
from landsea.domain.access import Action, check, may_read_organisation
from landsea.services import accounts

router = APIRouter(tags=["organisations"])


@router.post(
    "/organisations", response_model=OrganisationPublic, status_code=201, responses=problems(409)
)
def create_organisation(
    platform: PlatformDep, caller: Caller, body: OrganisationCreate
) -> OrganisationPublic:
    """Register an organisation (admin)."""
    require(caller, Action.MANAGE_ORGANISATIONS)
    created = accounts.create_organisation(
        platform, body.name, body.role, operator_match=body.operates
    )
    return OrganisationPublic.of(created)


@router.get("/organisations", response_model=Page[OrganisationPublic])
def list_organisations(
    platform: PlatformDep, caller: Caller, cursor: Cursor = None, limit: Limit = 50
) -> Page[OrganisationPublic]:
    """Organisations (admin)."""
    require(caller, Action.MANAGE_ORGANISATIONS)
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
    check(
        may_read_organisation(caller, organisation_id),
        caller,
        Action.READ_ORGANISATION,
        f"organisation {organisation_id!r}",
    )
    return OrganisationPublic.of(accounts.organisation(platform, organisation_id))


@router.post("/organisations/{organisation_id}/keys", response_model=KeyPublic, status_code=201)
def create_key(platform: PlatformDep, caller: Caller, organisation_id: str) -> KeyPublic:
    """Issue an API key (admin); the key is in this answer only."""
    require(caller, Action.MANAGE_ORGANISATIONS)
    key, owner = accounts.create_key(platform, organisation_id)
    return KeyPublic(organisation_id=owner.organisation_id, api_key=key)


@router.get("/organisations/{organisation_id}/keys", response_model=Page[ApiKeyPublic])
def list_keys(platform: PlatformDep, caller: Caller, organisation_id: str) -> Page[ApiKeyPublic]:
    """The organisation's API keys, revoked ones too — ids, prefixes and times, never a key
    (admin, or the organisation itself)."""
    found = accounts.list_keys(platform, caller, organisation_id)
    return Page(data=[ApiKeyPublic.of(key) for key in found], count=len(found))


@router.delete("/organisations/{organisation_id}/keys/{key_id}", response_model=ApiKeyPublic)
def revoke_key(
    platform: PlatformDep, caller: Caller, organisation_id: str, key_id: str
) -> ApiKeyPublic:
    """Revoke an API key (by id or prefix) and end the web sessions it started (admin, or the
    organisation itself): refused at once by this server, by every server within 30 s."""
    return ApiKeyPublic.of(accounts.revoke_key(platform, caller, organisation_id, key_id))


@router.post("/organisations/{organisation_id}/keys/{key_id}/revoke", response_model=ApiKeyPublic)
def revoke_key_by_post(
    platform: PlatformDep, caller: Caller, organisation_id: str, key_id: str
) -> ApiKeyPublic:
    """The same as ``DELETE …/keys/{key_id}``, for clients that cannot send DELETE."""
    return ApiKeyPublic.of(accounts.revoke_key(platform, caller, organisation_id, key_id))
