"""A database and its units of work (one transaction each, with the repositories). Engines
and their SQLite pragmas are made in :mod:`landsea.persistence.engine`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Connection
from sqlalchemy.orm import sessionmaker

from landsea.persistence.engine import is_sqlite, make_engine, make_session_factory
from landsea.persistence.repositories import (
    Accounts,
    Bookings,
    CargoRequests,
    ConsolidationRuns,
    Declarations,
    Departures,
    Disruptions,
    Documents,
    Events,
    Invoices,
    Jobs,
    NetworkStore,
    Payments,
    Subscriptions,
)
from landsea.persistence.repositories.rates import Rates

__all__ = ["Database", "UnitOfWork"]


class UnitOfWork:
    """One transaction: everything done inside ``with uow:`` commits together or not at all."""

    def __init__(self, database: Database, *, read_only: bool) -> None:
        self._factory = database.readers if read_only else database.writers

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.session.begin()
        self.accounts = Accounts(self.session)
        self.departures = Departures(self.session)
        self.disruptions = Disruptions(self.session)
        self.bookings = Bookings(self.session)
        self.events = Events(self.session)
        self.declarations = Declarations(self.session)
        self.subscriptions = Subscriptions(self.session)
        self.cargo_requests = CargoRequests(self.session)
        self.consolidation_runs = ConsolidationRuns(self.session)
        self.jobs = Jobs(self.session)
        self.documents = Documents(self.session)
        self.network = NetworkStore(self.session)
        self.rates = Rates(self.session)
        self.invoices = Invoices(self.session)
        self.payments = Payments(self.session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()


class Database:
    """The database at ``url`` (SQLite or PostgreSQL).

    ``bind`` (tests only) joins every unit of work to a transaction the caller holds on that
    connection: each commits to a savepoint, and the caller's rollback undoes them all
    (SQLAlchemy's "Joining a Session into an External Transaction" recipe).
    """

    def __init__(self, url: str, *, migrate: bool = False, bind: Connection | None = None) -> None:
        self.url = url
        self.engine = make_engine(url) if bind is None else bind.engine
        if migrate:
            from landsea.persistence.migrate import upgrade  # Alembic: only when migrating

            upgrade(url, self.engine)
        if bind is None:
            self.writers = make_session_factory(self.engine)
            self.readers = make_session_factory(self.engine, read_only=True)
        else:
            self.writers = self.readers = sessionmaker(
                bind=bind, join_transaction_mode="create_savepoint", expire_on_commit=False
            )
        self._owns_engine = bind is None
        self._bind = bind

    @property
    def sqlite(self) -> bool:
        return is_sqlite(self.url)

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self, read_only=read_only)

    @property
    def joined(self) -> bool:
        """Whether units of work join a transaction the caller holds (``bind``: tests)."""
        return self._bind is not None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction on a bare Core connection of the pool, without an ORM session (the
        booking's fast path, :mod:`landsea.persistence.booking_store`): committed at the end,
        rolled back on an error. With ``bind`` (tests), a savepoint of the caller's transaction."""
        if self._bind is not None:
            with self._bind.begin_nested():
                yield self._bind
            return
        with self.engine.begin() as connection:
            yield connection

    def dispose(self) -> None:
        if self._owns_engine:
            self.engine.dispose()
