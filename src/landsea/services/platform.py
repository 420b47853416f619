"""The running platform: one database, one network, and units of work over them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from landsea.domain.network import Network
from landsea.domain.webhook_target import TargetPolicy
from landsea.persistence.database import Database, UnitOfWork
from landsea.services.cache import Caches
from landsea.services.network import dataset_path, load_network
from landsea.services.network_versions import LiveNetwork, NetworkSnapshot, seed_network
from landsea.services.rates import seed_rates

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


class Platform:
    """What the API and the command line need: the database, the network and the horizon.

    :attr:`network` is the newest stored version of the network (``network`` given here is what
    a database with none runs on), refreshed in place without a restart: read
    :attr:`snapshot` once per query to plan on one version to its end.
    """

    def __init__(
        self,
        *,
        database: Database,
        network: Network,
        departure_horizon_days: int = 120,
        eta_change_hours: float = 3.0,
        clearance_min_samples: int = 20,
        caches: Caches | None = None,
        webhook_policy: TargetPolicy | None = None,
        document_secret: bytes = DEVELOPMENT_DOCUMENT_SECRET,
        network_poll_s: float = 0.5,
        roll_horizon: bool = False,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        self.database = database
        self.departure_horizon_days = departure_horizon_days
        self.eta_change_hours = eta_change_hours
        """A booking's ETA that moves by at least this much is announced to its subscribers."""
        self.clearance_min_samples = clearance_min_samples
        """Clearances measured at a place before the planner uses them over the dataset's
        figure."""
        self.caches = caches or Caches()
        """Figures derived from the database and kept for a while
        (:mod:`landsea.services.cache`)."""
        self.webhook_policy = webhook_policy or TargetPolicy()
        """What event subscriptions' callbacks may be (by default: https to public addresses)."""
        self.document_secret = document_secret
        """Encrypts the organisations' document-signing keys at rest
        (``LANDSEA_DOCUMENT_SECRET``)."""
        self.live = LiveNetwork(database, network, poll_s=network_poll_s)
        self.roll_horizon = roll_horizon
        """Store each new day's departures over the horizon (a serving process does)."""
        self._today = today or _utc_today
        self._rolled: dt.date | None = None

    @property
    def snapshot(self) -> NetworkSnapshot:
        """The network version in force now (polled, swapped in whole when it changes); on a
        new day the departure horizon first rolls forward, when :attr:`roll_horizon`."""
        if self.roll_horizon and self._rolled != self._today():
            self.roll()
        return self.live.snapshot

    @property
    def snapshot_at_hand(self) -> bool:
        """Whether :attr:`snapshot` answers without reading the database (no poll of the
        network nor roll of the horizon due): code on the server's event loop may read it."""
        if self.roll_horizon and self._rolled != self._today():
            return False
        return self.live.at_hand

    def roll(self) -> int:
        """Store the departures of the horizon from today; returns how many were new."""
        from landsea.services.departures import sync_departures

        self._rolled = day = self._today()
        return sync_departures(self, start=day)

    @property
    def network(self) -> Network:
        return self.snapshot.network

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
    roll_horizon: bool = False,
    cache_folder: Path | None = None,
) -> Platform:
    """Connect to ``database_url`` (migrating it first if asked, and loading the dataset
    ``network`` into it when it holds no network yet). With ``cache_folder``, the network
    comes from the disk cache of :mod:`landsea.services.timetable_cache` (one-shot commands)."""
    database = Database(database_url, migrate=migrate)
    if migrate:
        seed_network(database, dataset_path(network))
        seed_rates(database)
    if cache_folder is None:
        fallback = load_network(network)
    else:
        from landsea.services.timetable_cache import primed_network

        fallback = primed_network(database, network, cache_folder).network
    return Platform(
        database=database,
        network=fallback,
        departure_horizon_days=departure_horizon_days,
        eta_change_hours=eta_change_hours,
        clearance_min_samples=clearance_min_samples,
        webhook_policy=webhook_policy or TargetPolicy(),
        document_secret=document_secret,
        roll_horizon=roll_horizon,
    )


def _utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


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


def platform_from(
    settings: PlatformSettings,
    *,
    migrate: bool = False,
    roll_horizon: bool = False,
    cache_folder: Path | None = None,
) -> Platform:
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
        roll_horizon=roll_horizon,
        cache_folder=cache_folder,
    )


@contextmanager
def opened(
    settings: PlatformSettings, *, migrate: bool = False, cache_folder: Path | None = None
) -> Iterator[Platform]:
    """:func:`platform_from` for a ``with`` block: the database is disposed of however the block
    ends.

    Examples
    --------
    >>> from landsea.config import Settings
    >>> with opened(Settings(database_url="sqlite://"), migrate=True) as platform:
    ...     platform.sqlite
    True
    """
    platform = platform_from(settings, migrate=migrate, cache_folder=cache_folder)
    try:
        yield platform
    finally:
        platform.dispose()
