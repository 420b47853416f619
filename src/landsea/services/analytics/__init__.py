"""Corridor statistics over a period, from the platform's own bookings and events, one module a
family: :mod:`.volumes` (TEU per week and mode, TEU-km per mode), :mod:`.punctuality`,
:mod:`.emissions` (CO2e saved) and :mod:`.clearance` (customs clearance times, fed back to the
planner); :mod:`.booked` places the counted bookings' legs in time for the first three.

Every figure counts confirmed (and completed) bookings; cancelled ones are left out. The period
``[start, end)`` is given as aware datetimes and taken in UTC.
"""

from __future__ import annotations

from landsea.services.analytics.clearance import ClearanceReport as ClearanceReport
from landsea.services.analytics.clearance import ClearanceRow as ClearanceRow
from landsea.services.analytics.clearance import ClearanceStat as ClearanceStat
from landsea.services.analytics.clearance import clearance_stats as clearance_stats
from landsea.services.analytics.clearance import measured_clearance as measured_clearance
from landsea.services.analytics.clearance import quantile as quantile
from landsea.services.analytics.emissions import ROAD_CIRCUITY as ROAD_CIRCUITY
from landsea.services.analytics.emissions import YANGTZE_VIA as YANGTZE_VIA
from landsea.services.analytics.emissions import EmissionsAssumptions as EmissionsAssumptions
from landsea.services.analytics.emissions import EmissionsSaved as EmissionsSaved
from landsea.services.analytics.emissions import emissions_saved as emissions_saved
from landsea.services.analytics.punctuality import Punctuality as Punctuality
from landsea.services.analytics.punctuality import ServicePunctuality as ServicePunctuality
from landsea.services.analytics.punctuality import Tally as Tally
from landsea.services.analytics.punctuality import punctuality as punctuality
from landsea.services.analytics.volumes import ModalSplit as ModalSplit
from landsea.services.analytics.volumes import ModeShare as ModeShare
from landsea.services.analytics.volumes import Volumes as Volumes
from landsea.services.analytics.volumes import WeekVolume as WeekVolume
from landsea.services.analytics.volumes import modal_split as modal_split
from landsea.services.analytics.volumes import volumes as volumes

__all__ = [
    "ROAD_CIRCUITY",
    "YANGTZE_VIA",
    "ClearanceReport",
    "ClearanceRow",
    "ClearanceStat",
    "EmissionsAssumptions",
    "EmissionsSaved",
    "ModalSplit",
    "ModeShare",
    "Punctuality",
    "ServicePunctuality",
    "Tally",
    "Volumes",
    "WeekVolume",
    "clearance_stats",
    "emissions_saved",
    "measured_clearance",
    "modal_split",
    "punctuality",
    "quantile",
    "volumes",
]
