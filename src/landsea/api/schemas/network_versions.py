"""The network's versions (``GET /network/versions``, and what a publication answers)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from landsea.services.network_publish import NetworkVersion

__all__ = ["NetworkVersionPublic"]


class NetworkVersionPublic(BaseModel):
    """One version of the network: who changed what, and when."""

    id: int
    created_at: dt.datetime
    organisation_id: str | None
    author: str
    summary: str

    @classmethod
    def of(cls, version: NetworkVersion) -> NetworkVersionPublic:
        return cls(
            id=version.id,
            created_at=version.created_at,
            organisation_id=version.organisation_id,
            author=version.author,
            summary=version.summary,
        )
