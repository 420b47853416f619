"""Request and response bodies of the API (pydantic), one module a resource, mapped from the
domain there and only there; every name is re-exported here."""

from __future__ import annotations

from landsea.api.schemas.bookings import BookingCreate as BookingCreate
from landsea.api.schemas.bookings import BookingLegPublic as BookingLegPublic
from landsea.api.schemas.bookings import BookingPublic as BookingPublic
from landsea.api.schemas.bookings import ContinuationPublic as ContinuationPublic
from landsea.api.schemas.bookings import LegCreate as LegCreate
from landsea.api.schemas.bookings import MissedConnectionPublic as MissedConnectionPublic
from landsea.api.schemas.bookings import TimelineEventPublic as TimelineEventPublic
from landsea.api.schemas.bookings import TimelineLegPublic as TimelineLegPublic
from landsea.api.schemas.bookings import TimelinePublic as TimelinePublic
from landsea.api.schemas.bookings import TimesPublic as TimesPublic
from landsea.api.schemas.common import Amount as Amount
from landsea.api.schemas.common import Moment as Moment
from landsea.api.schemas.common import MoneyPublic as MoneyPublic
from landsea.api.schemas.common import Name as Name
from landsea.api.schemas.common import Page as Page
from landsea.api.schemas.common import StrictModel as StrictModel
from landsea.api.schemas.common import dump as dump
from landsea.api.schemas.consolidation import CargoRequestCreate as CargoRequestCreate
from landsea.api.schemas.consolidation import CargoRequestPublic as CargoRequestPublic
from landsea.api.schemas.consolidation import (
    ConsolidationResultPublic as ConsolidationResultPublic,
)
from landsea.api.schemas.consolidation import RunCreate as RunCreate
from landsea.api.schemas.consolidation import RunPublic as RunPublic
from landsea.api.schemas.customs import DecisionBody as DecisionBody
from landsea.api.schemas.customs import DeclarationBody as DeclarationBody
from landsea.api.schemas.customs import DeclarationPublic as DeclarationPublic
from landsea.api.schemas.customs import ItemBody as ItemBody
from landsea.api.schemas.customs import ItemPublic as ItemPublic
from landsea.api.schemas.departures import CallPublic as CallPublic
from landsea.api.schemas.departures import DeparturePublic as DeparturePublic
from landsea.api.schemas.departures import DepartureUpdate as DepartureUpdate
from landsea.api.schemas.disruptions import BookingDisruptionPublic as BookingDisruptionPublic
from landsea.api.schemas.disruptions import ClosureCreate as ClosureCreate
from landsea.api.schemas.disruptions import ClosurePublic as ClosurePublic
from landsea.api.schemas.disruptions import ExceptionCreate as ExceptionCreate
from landsea.api.schemas.disruptions import ExceptionPublic as ExceptionPublic
from landsea.api.schemas.disruptions import ReasonPublic as ReasonPublic
from landsea.api.schemas.documents import DocumentAnswer as DocumentAnswer
from landsea.api.schemas.documents import DocumentIssue as DocumentIssue
from landsea.api.schemas.documents import DocumentPledge as DocumentPledge
from landsea.api.schemas.documents import DocumentPublic as DocumentPublic
from landsea.api.schemas.documents import DocumentRelease as DocumentRelease
from landsea.api.schemas.documents import DocumentTransfer as DocumentTransfer
from landsea.api.schemas.documents import VerificationPublic as VerificationPublic
from landsea.api.schemas.events import IngestReportPublic as IngestReportPublic
from landsea.api.schemas.invoices import CreditNoteCreate as CreditNoteCreate
from landsea.api.schemas.invoices import InvoiceCreate as InvoiceCreate
from landsea.api.schemas.invoices import InvoiceLinePublic as InvoiceLinePublic
from landsea.api.schemas.invoices import InvoicePublic as InvoicePublic
from landsea.api.schemas.invoices import PartyPublic as PartyPublic
from landsea.api.schemas.invoices import PaymentCreditPublic as PaymentCreditPublic
from landsea.api.schemas.invoices import PaymentImportCreate as PaymentImportCreate
from landsea.api.schemas.invoices import PaymentImportPublic as PaymentImportPublic
from landsea.api.schemas.invoices import SkippedEntryPublic as SkippedEntryPublic
from landsea.api.schemas.invoices import TaxPublic as TaxPublic
from landsea.api.schemas.network import LocationPublic as LocationPublic
from landsea.api.schemas.network import ServicePublic as ServicePublic
from landsea.api.schemas.network import StopPublic as StopPublic
from landsea.api.schemas.network_versions import NetworkVersionPublic as NetworkVersionPublic
from landsea.api.schemas.organisations import ApiKeyPublic as ApiKeyPublic
from landsea.api.schemas.organisations import KeyPublic as KeyPublic
from landsea.api.schemas.organisations import OrganisationCreate as OrganisationCreate
from landsea.api.schemas.organisations import OrganisationPublic as OrganisationPublic
from landsea.api.schemas.plans import EmissionsPublic as EmissionsPublic
from landsea.api.schemas.plans import EpsilonBody as EpsilonBody
from landsea.api.schemas.plans import HandlingPublic as HandlingPublic
from landsea.api.schemas.plans import ItineraryPublic as ItineraryPublic
from landsea.api.schemas.plans import PlanBody as PlanBody
from landsea.api.schemas.plans import PlanIssuePublic as PlanIssuePublic
from landsea.api.schemas.plans import PlanLegPublic as PlanLegPublic
from landsea.api.schemas.plans import PlanPublic as PlanPublic
from landsea.api.schemas.plans import PlanQueryPublic as PlanQueryPublic
from landsea.api.schemas.plans import PriceSplitPublic as PriceSplitPublic
from landsea.api.schemas.rates import ConversionPublic as ConversionPublic
from landsea.api.schemas.rates import QuoteLinePublic as QuoteLinePublic
from landsea.api.schemas.rates import QuotePublic as QuotePublic
from landsea.api.schemas.rates import RateBody as RateBody
from landsea.api.schemas.rates import RatePublic as RatePublic
from landsea.api.schemas.rates import RatesCreate as RatesCreate
from landsea.api.schemas.rates import RatesLoaded as RatesLoaded
from landsea.api.schemas.simulations import SimulationCreate as SimulationCreate
from landsea.api.schemas.simulations import SimulationPublic as SimulationPublic
from landsea.api.schemas.stats import ClearancePublic as ClearancePublic
from landsea.api.schemas.subscriptions import DeliveriesPublic as DeliveriesPublic
from landsea.api.schemas.subscriptions import SubscriptionBody as SubscriptionBody
from landsea.api.schemas.subscriptions import SubscriptionPublic as SubscriptionPublic

__all__ = [
    "Amount",
    "ApiKeyPublic",
    "BookingCreate",
    "BookingDisruptionPublic",
    "BookingLegPublic",
    "BookingPublic",
    "CallPublic",
    "CargoRequestCreate",
    "CargoRequestPublic",
    "ClearancePublic",
    "ClosureCreate",
    "ClosurePublic",
    "ConsolidationResultPublic",
    "ContinuationPublic",
    "ConversionPublic",
    "CreditNoteCreate",
    "DecisionBody",
    "DeclarationBody",
    "DeclarationPublic",
    "DeliveriesPublic",
    "DeparturePublic",
    "DepartureUpdate",
    "DocumentAnswer",
    "DocumentIssue",
    "DocumentPledge",
    "DocumentPublic",
    "DocumentRelease",
    "DocumentTransfer",
    "EmissionsPublic",
    "EpsilonBody",
    "ExceptionCreate",
    "ExceptionPublic",
    "HandlingPublic",
    "IngestReportPublic",
    "InvoiceCreate",
    "InvoiceLinePublic",
    "InvoicePublic",
    "ItemBody",
    "ItemPublic",
    "ItineraryPublic",
    "KeyPublic",
    "LegCreate",
    "LocationPublic",
    "MissedConnectionPublic",
    "Moment",
    "MoneyPublic",
    "Name",
    "NetworkVersionPublic",
    "OrganisationCreate",
    "OrganisationPublic",
    "Page",
    "PartyPublic",
    "PaymentCreditPublic",
    "PaymentImportCreate",
    "PaymentImportPublic",
    "PlanBody",
    "PlanIssuePublic",
    "PlanLegPublic",
    "PlanPublic",
    "PlanQueryPublic",
    "PriceSplitPublic",
    "QuoteLinePublic",
    "QuotePublic",
    "RateBody",
    "RatePublic",
    "RatesCreate",
    "RatesLoaded",
    "ReasonPublic",
    "RunCreate",
    "RunPublic",
    "ServicePublic",
    "SimulationCreate",
    "SimulationPublic",
    "SkippedEntryPublic",
    "StopPublic",
    "StrictModel",
    "SubscriptionBody",
    "SubscriptionPublic",
    "TaxPublic",
    "TimelineEventPublic",
    "TimelineLegPublic",
    "TimelinePublic",
    "TimesPublic",
    "VerificationPublic",
    "dump",
]
