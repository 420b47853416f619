"""landsea — the open digital platform of the New International Land-Sea Trade Corridor.

The names below load on first use (PEP 562), so that importing any ``landsea.…`` module — the
command line's start above all — does not import the whole domain (docs/performance.md,
start-up)."""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from landsea.domain import Location as Location
    from landsea.domain import Mode as Mode
    from landsea.domain import Network as Network
    from landsea.domain import Service as Service
    from landsea.errors import LandseaError as LandseaError

__version__ = "0.1.0"

__all__ = ["LandseaError", "Location", "Mode", "Network", "Service", "__version__"]

_WHERE = {
    "LandseaError": "landsea.errors",
    "Location": "landsea.domain",
    "Mode": "landsea.domain",
    "Network": "landsea.domain",
    "Service": "landsea.domain",
}


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


if not _typing.TYPE_CHECKING:  # mypy sees the names imported above, and no catch-all

    def __getattr__(name: str) -> _typing.Any:
        if name not in _WHERE:
            raise AttributeError(f"module 'landsea' has no attribute {name!r}")
        return getattr(_importlib.import_module(_WHERE[name]), name)
