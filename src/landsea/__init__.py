"""landsea — the open digital platform of the New International Land-Sea Trade Corridor."""

from landsea.domain import Location as Location
from landsea.domain import Mode as Mode
from landsea.domain import Network as Network
from landsea.domain import Service as Service
from landsea.errors import LandseaError as LandseaError

__version__ = "0.1.0"

__all__ = ["LandseaError", "Location", "Mode", "Network", "Service", "__version__"]
