"""Runtime settings, read from ``LANDSEA_*`` environment variables when first asked for.

The environment is read here, as pydantic-settings reads it (prefix ``LANDSEA_``, names in any
case, values given to :class:`Settings` itself win), with pydantic alone: pydantic-settings
cost ``landsea plan`` a seventh of its start (docs/performance.md, start-up).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from landsea.domain.webhook_target import TargetPolicy

ENV_PREFIX = "LANDSEA_"

__all__ = ["ENV_PREFIX", "Settings", "default_database_url", "get_settings"]


class Settings(BaseModel):
    """landsea's settings; every field can be set as ``LANDSEA_<FIELD>``."""

    model_config = ConfigDict(extra="ignore", validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _environment(cls, data: Any) -> Any:
        """``LANDSEA_<FIELD>`` (in any case) for each field not given."""
        if not isinstance(data, dict):
            return data
        prefix = ENV_PREFIX.lower()
        found = {
            name.lower().removeprefix(prefix): value
            for name, value in os.environ.items()
            if name.lower().startswith(prefix)
        }
        return {**{k: v for k, v in found.items() if k in cls.model_fields}, **data}

    network: str = "ilstc"
    """The active network: the name of a built-in dataset (``ilstc``) or a dataset folder."""

    database_url: str = Field(default_factory=lambda: default_database_url())
    """SQLAlchemy URL: SQLite (default, a file in the user's data folder) or
    ``postgresql+psycopg://user:password@host:port/db``."""

    departure_horizon_days: int = Field(default=120, ge=1, le=400)
    """How far ahead departures are kept in the database, with their capacity."""

    eta_change_hours: float = Field(default=3.0, gt=0)
    """An ETA that moves by at least this many hours is announced (an estimated arrival event)."""

    clearance_min_samples: int = Field(default=20, ge=1)
    """Clearances measured at a border crossing or port (trailing 90 days) before the planner
    uses their median in place of the dataset's figure."""

    delivery_interval_seconds: float = Field(default=2.0, ge=0)
    """How often the server delivers due event notifications to subscribers; 0 turns it off
    (``landsea track deliver`` then does it)."""

    webhook_allow_http: bool = False
    """Development only: let event subscriptions call back over plain ``http`` (otherwise only
    ``https``)."""

    webhook_allow_loopback: bool = False
    """Development only: let event subscriptions call back to loopback addresses (127.0.0.0/8,
    ``::1``), such as a receiver on the same machine. Private, link-local and other non-public
    addresses are refused whatever this says."""

    def webhook_policy(self) -> TargetPolicy:
        """What callbacks may be, as these settings allow."""
        return TargetPolicy(
            allow_http=self.webhook_allow_http, allow_loopback=self.webhook_allow_loopback
        )

    document_secret: SecretStr | None = None
    """Encrypts the organisations' transport-document signing keys at rest (AES-GCM under a key
    derived from it). Set it in production and keep it: keys sealed under one secret do not open
    under another. Unset, a development secret written in the source is used."""

    def document_secret_bytes(self) -> bytes:
        """The document secret as bytes (the development one when unset)."""
        if self.document_secret is None or not self.document_secret.get_secret_value():
            from landsea.services.platform import DEVELOPMENT_DOCUMENT_SECRET

            return DEVELOPMENT_DOCUMENT_SECRET
        return self.document_secret.get_secret_value().encode()

    job_workers: int = Field(default=2, ge=0, le=64)
    """Durable-job workers in each ``landsea serve`` process (threads polling the database on
    SQLite, a procrastinate worker on PostgreSQL); 0 turns them off (``landsea worker`` then
    carries the jobs out)."""

    job_lease_seconds: float = Field(default=30.0, ge=1, le=3600)
    """A running job's lease, renewed every third of it: a job whose worker died is taken up
    again this long after its last renewal (on PostgreSQL: after procrastinate's last worker
    heartbeat)."""
    cache_dir: Path | None = None
    """Where one-shot commands (``landsea plan``) keep the network and its compiled timetable
    between runs; by default ``<user data folder>/landsea/cache``."""

    def cache_folder(self) -> Path:
        """:attr:`cache_dir`, or its default under the user's data folder."""
        return self.cache_dir or Path(user_data_dir("landsea")) / "cache"

    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024, le=1024**3)
    """The largest request body the server reads (20 MiB): enough for ``POST /api/v1/events``
    with its 10,000 events of up to 2 KB each; a larger one is answered 413 while it arrives."""


def default_database_url() -> str:
    """``sqlite:///<user data folder>/landsea/landsea.db``."""
    return f"sqlite:///{Path(user_data_dir('landsea')) / 'landsea.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, built on first use (never at import time)."""
    return Settings()
