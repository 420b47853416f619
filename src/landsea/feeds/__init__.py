"""File formats: the corridor dataset folder (TOML), sea routes and GeoJSON."""

from landsea.feeds.dataset import DatasetReading as DatasetReading
from landsea.feeds.dataset import load_dataset as load_dataset
from landsea.feeds.dataset import read_dataset as read_dataset

__all__ = ["DatasetReading", "load_dataset", "read_dataset"]
