"""The running platform: one database, one network, and units of work over them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from landsea.domain.network import Network
from landsea.domain.webhook_target import TargetPolicy
from landsea.persistence.database import Database, UnitOfWork
from landsea.services.cache import Caches
from landsea.services.network import load_network

DEVELOPMENT_DOCUMENT_SECRET = b"landsea development document secret: set LANDSEA_DOCUMENT_SECRET"
"""Encrypts the parties' signing keys when no secret is configured (development and tests)."""

__all__ = [
    "DEVELOPMENT_DOCUMENT_SECRET",
    "Platform",
    "PlatformSettings",
    "UnitOfWork",
    "open_platform",
    "opened",
    "platform_from",
]


@dataclass(slots=True)
class Platform:
    """What the API and the command line need: the database, the network and the horizon."""

    database: Database
    network: Network
    departure_horizon_days: int = 120
    eta_change_hours: float = 3.0
    """A booking's ETA that moves by at least this much is announced to its subscribers."""
    clearance_min_samples: int = 20
    """Clearances measured at a place before the planner uses them over the dataset's figure."""
    caches: Caches = field(default_factory=Caches, repr=False, compare=False)
    """Figures derived from the database and kept for a while (:mod:`landsea.services.cache`)."""
    webhook_policy: TargetPolicy = field(default_factory=TargetPolicy)
    """What event subscriptions' callbacks may be (by default: https to public addresses)."""
    document_secret: bytes = field(default=DEVELOPMENT_DOCUMENT_SECRET, repr=False)
    """Encrypts the organisations' document-signing keys at rest (``LANDSEA_DOCUMENT_SECRET``)."""

    @property
    def database_url(self) -> str:
        return self.database.url

    @property
    def sqlite(self) -> bool:
        return self.database.sqlite

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        """A unit of work; ``read_only`` ones never write (and queue behind no writer on SQLite)."""
        return self.database.uow(read_only=read_only)

    def dispose(self) -> None:
        self.database.dispose()


def open_platform(
    database_url: str,
    *,
    network: str = "ilstc",
    departure_horizon_days: int = 120,
    eta_change_hours: float = 3.0,
    clearance_min_samples: int = 20,
    migrate: bool = False,
    webhook_policy: TargetPolicy | None = None,
    document_secret: bytes = DEVELOPMENT_DOCUMENT_SECRET,
) -> Platform:
    """Connect to ``database_url`` (migrating it first if asked) and load the network."""
    return Platform(
        database=Database(database_url, migrate=migrate),
        network=load_network(network),
        departure_horizon_days=departure_horizon_days,
        eta_change_hours=eta_change_hours,
        clearance_min_samples=clearance_min_samples,
        webhook_policy=webhook_policy or TargetPolicy(),
        document_secret=document_secret,
    )


class PlatformSettings(Protocol):
    """What a platform is made from: :class:`landsea.config.Settings` (read here as a Protocol,
    since services lie below the configuration layer)."""

    @property
    def database_url(self) -> str: ...
    @property
    def network(self) -> str: ...
    @property
    def departure_horizon_days(self) -> int: ...
    @property
    def eta_change_hours(self) -> float: ...
    @property
    def clearance_min_samples(self) -> int: ...
    def webhook_policy(self) -> TargetPolicy: ...
    def document_secret_bytes(self) -> bytes: ...


def platform_from(settings: PlatformSettings, *, migrate: bool = False) -> Platform:
    """The platform ``settings`` describe, every setting kept (the one way the command line, the
    API and the web make one); migrating the database first if asked."""
    return open_platform(
        settings.database_url,
        network=settings.network,
        departure_horizon_days=settings.departure_horizon_days,
        eta_change_hours=settings.eta_change_hours,
        clearance_min_samples=settings.clearance_min_samples,
        webhook_policy=settings.webhook_policy(),
        document_secret=settings.document_secret_bytes(),
        migrate=migrate,
    )


@contextmanager
def opened(settings: PlatformSettings, *, migrate: bool = False) -> Iterator[Platform]:
    """:func:`platform_from` for a ``with`` block: the database is disposed of however the block
    ends.

    Examples
    --------
    >>> from landsea.config import Settings
    >>> with opened(Settings(database_url="sqlite://"), migrate=True) as platform:
    ...     platform.sqlite
    True
    """
    platform = platform_from(settings, migrate=migrate)
    try:
        yield platform
    finally:
        platform.dispose()
