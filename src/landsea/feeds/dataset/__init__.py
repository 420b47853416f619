"""Reading and checking a corridor dataset folder (format: ``docs/dataset.md``).

The reader never stops at the first problem: it reads every file and every record, collects each
problem with the file, record and field it concerns, and builds the network only from a clean
dataset. ``read_dataset`` returns both; ``load_dataset`` raises :class:`DatasetError` instead.

The package reads by parts: :mod:`~.reader` drives, :mod:`~.bibliography`, :mod:`~.corridor`,
:mod:`~.location_tables`, :mod:`~.service_tables` and :mod:`~.stop_tables` read their tables
through :mod:`~.records`, and :mod:`~.reading` holds what comes out.
"""

from landsea.feeds.dataset.documents import dumps as dumps
from landsea.feeds.dataset.documents import folder_documents as folder_documents
from landsea.feeds.dataset.documents import loads as loads
from landsea.feeds.dataset.documents import write_documents as write_documents
from landsea.feeds.dataset.reader import load_dataset as load_dataset
from landsea.feeds.dataset.reader import read_dataset as read_dataset
from landsea.feeds.dataset.reader import read_documents as read_documents
from landsea.feeds.dataset.reading import SEA_DISTANCES_FILE as SEA_DISTANCES_FILE
from landsea.feeds.dataset.reading import DatasetReading as DatasetReading
from landsea.feeds.dataset.reading import SeaLeg as SeaLeg

__all__ = [
    "SEA_DISTANCES_FILE",
    "DatasetReading",
    "SeaLeg",
    "dumps",
    "folder_documents",
    "load_dataset",
    "loads",
    "read_dataset",
    "read_documents",
    "write_documents",
]
