"""The pure model of the corridor: places, services, schedules, departures, money and sources."""

from landsea.domain.codes import (
    is_unlocode as is_unlocode,
)
from landsea.domain.codes import (
    validate_country as validate_country,
)
from landsea.domain.codes import (
    validate_currency as validate_currency,
)
from landsea.domain.codes import (
    validate_location_key as validate_location_key,
)
from landsea.domain.codes import (
    validate_unlocode as validate_unlocode,
)
from landsea.domain.money import Money as Money
from landsea.domain.network import (
    CustomsClearance as CustomsClearance,
)
from landsea.domain.network import (
    DatasetInfo as DatasetInfo,
)
from landsea.domain.network import (
    Handling as Handling,
)
from landsea.domain.network import (
    LocalizedName as LocalizedName,
)
from landsea.domain.network import (
    Location as Location,
)
from landsea.domain.network import (
    LocationKind as LocationKind,
)
from landsea.domain.network import (
    Mode as Mode,
)
from landsea.domain.network import (
    Network as Network,
)
from landsea.domain.provenance import Provenance as Provenance
from landsea.domain.provenance import Source as Source
from landsea.domain.timetable import Call as Call
from landsea.domain.timetable import Departure as Departure
from landsea.domain.timetable import OnDemand as OnDemand
from landsea.domain.timetable import Product as Product
from landsea.domain.timetable import Service as Service
from landsea.domain.timetable import Stop as Stop
from landsea.domain.timetable import Tariff as Tariff
from landsea.domain.timetable import Weekday as Weekday
from landsea.domain.timetable import WeeklySchedule as WeeklySchedule

__all__ = [
    "Call",
    "CustomsClearance",
    "DatasetInfo",
    "Departure",
    "Handling",
    "LocalizedName",
    "Location",
    "LocationKind",
    "Mode",
    "Money",
    "Network",
    "OnDemand",
    "Product",
    "Provenance",
    "Service",
    "Source",
    "Stop",
    "Tariff",
    "Weekday",
    "WeeklySchedule",
    "is_unlocode",
    "validate_country",
    "validate_currency",
    "validate_location_key",
    "validate_unlocode",
]
