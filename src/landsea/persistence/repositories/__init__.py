"""Repositories: reads and writes through a Session the caller owns (they never commit).

One module per aggregate; each maps its rows to domain records (or the small records of
:mod:`landsea.persistence.records`) in its own mapping section, and never converts times or
JSON by hand (the column types of :mod:`landsea.persistence.columns` do).
"""

from landsea.persistence.records import ConsolidationRun as ConsolidationRun
from landsea.persistence.records import Notification as Notification
from landsea.persistence.records import Subscription as Subscription
from landsea.persistence.repositories.accounts import Accounts as Accounts
from landsea.persistence.repositories.bookings import Bookings as Bookings
from landsea.persistence.repositories.cargo_requests import CargoRequests as CargoRequests
from landsea.persistence.repositories.consolidation_runs import (
    ConsolidationRuns as ConsolidationRuns,
)
from landsea.persistence.repositories.declarations import Declarations as Declarations
from landsea.persistence.repositories.departures import Departures as Departures
from landsea.persistence.repositories.disruptions import Disruptions as Disruptions
from landsea.persistence.repositories.documents import Documents as Documents
from landsea.persistence.repositories.documents import PartyKey as PartyKey
from landsea.persistence.repositories.events import Events as Events
from landsea.persistence.repositories.invoices import Invoices as Invoices
from landsea.persistence.repositories.invoices import Payments as Payments
from landsea.persistence.repositories.jobs import Jobs as Jobs
from landsea.persistence.repositories.network import NetworkRecord as NetworkRecord
from landsea.persistence.repositories.network import NetworkStore as NetworkStore
from landsea.persistence.repositories.network import NetworkVersion as NetworkVersion
from landsea.persistence.repositories.subscriptions import Subscriptions as Subscriptions

__all__ = [
    "Accounts",
    "Bookings",
    "CargoRequests",
    "ConsolidationRun",
    "ConsolidationRuns",
    "Declarations",
    "Departures",
    "Disruptions",
    "Documents",
    "Events",
    "Invoices",
    "Jobs",
    "NetworkRecord",
    "NetworkStore",
    "NetworkVersion",
    "Notification",
    "PartyKey",
    "Payments",
    "Subscription",
    "Subscriptions",
]
