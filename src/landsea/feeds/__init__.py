"""File formats: the corridor dataset folder (TOML), sea routes and GeoJSON.

The dataset's reader loads when one of its names is first used here, so that a module of
another format (a DCSA event reader for ``landsea track import``) does not load it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsea.feeds.dataset import DatasetReading as DatasetReading
    from landsea.feeds.dataset import load_dataset as load_dataset
    from landsea.feeds.dataset import read_dataset as read_dataset

__all__ = ["DatasetReading", "load_dataset", "read_dataset"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from landsea.feeds import dataset

        return getattr(dataset, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
