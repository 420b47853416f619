"""Organisations and their API keys."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from landsea.api.schemas.common import StrictModel
from landsea.domain.booking import Principal
from landsea.domain.credentials import ApiKey

__all__ = ["ApiKeyPublic", "KeyPublic", "OrganisationCreate", "OrganisationPublic"]


class OrganisationCreate(StrictModel):
    name: str = Field(min_length=1, max_length=200)
    role: Literal["shipper", "operator", "customs", "admin", "bank"]
    operates: str | None = Field(
        default=None,
        max_length=200,
        description="Operators: text found in the operator of the services they run (all when absent).",
    )


class OrganisationPublic(BaseModel):
    id: str
    name: str
    role: str
    operates: str | None

    @classmethod
    def of(cls, principal: Principal) -> OrganisationPublic:
        return cls(
            id=principal.organisation_id,
            name=principal.name,
            role=principal.role.value,
            operates=principal.operator_match,
        )


class KeyPublic(BaseModel):
    organisation_id: str
    api_key: str = Field(description="Shown once: only its hash is kept.")


class ApiKeyPublic(BaseModel):
    """An API key as it can be listed: never the key itself."""

    id: str
    organisation_id: str
    prefix: str = Field(description="The public part of the key: lsk_<prefix>_…")
    created_at: dt.datetime
    last_used_at: dt.datetime | None = Field(description="To within five minutes.")
    revoked_at: dt.datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyPublic:
        return cls(
            id=key.id,
            organisation_id=key.organisation_id,
            prefix=key.prefix,
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )
