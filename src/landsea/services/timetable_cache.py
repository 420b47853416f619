"""The network and its compiled timetable kept on disk for one-shot processes (``landsea plan``).

A serving process builds a network version's planner once and keeps it in memory
(:func:`landsea.services.planning.planner_for`); a command that plans once and exits would
rebuild it every time — reading the network's records (or the dataset's TOML), checking them,
and compiling the timetable. This module keeps that work in one file per network:

- the **key** is the network's content — the stored version's digest (issue 12's snapshot), or
  for a database with no stored network the dataset folder with its files' sizes and
  modification times — and the **code version**: landsea's version, Python's, and the size and
  modification time of every module the pickled objects come from. A changed network or a
  changed landsea reads another file; files of other keys are left for a later clean-up;
- the file is a pickle of the :class:`~landsea.planning.planner.Planner` (its network and
  compiled timetable), written to a temporary file in the same folder and renamed over the old
  one (atomic: a concurrent reader sees the old file or the new, never half of one);
- an unreadable, truncated or foreign file is ignored (and replaced): the cache can only make
  the command faster, never wrong. The folder is landsea's own (``LANDSEA_CACHE_DIR``, by
  default ``<user data folder>/landsea/cache``), so that no other user writes what we
  unpickle.

Small networks (the built-in corridor) are planned with the pure-Python kernel in such a
process: importing numba and loading its cached machine code costs more than the search
(docs/performance.md, start-up); a large network uses the compiled kernel, whose numba cache
(``cache=True``) is hit from the second run.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import landsea
from landsea.domain.network import Network
from landsea.errors import LandseaError
from landsea.planning.planner import Planner
from landsea.planning.request import DEFAULT_WINDOW_DAYS
from landsea.planning.timetable import Timetable
from landsea.services.cache import TtlCache
from landsea.services.network import dataset_path, load_network
from landsea.services.planning import Plan, PlanQuestion, adopt_planner, plan, to_request

if TYPE_CHECKING:
    from landsea.persistence.database import Database

__all__ = [
    "COMPILED_FROM_SERVICES",
    "code_version",
    "dataset_key",
    "load_planner",
    "plan_once",
    "planner_on_disk",
    "primed_network",
    "store_planner",
]

COMPILED_FROM_SERVICES = 1000
"""Networks with at least this many services are planned with the compiled kernel in a
one-shot process; smaller ones with the pure-Python kernel (same answers, no numba import)."""

_SOURCES = ("domain", "planning", "feeds/dataset", "services/network_versions.py")
"""The code the cached objects are made of and by: a change to any of it is a new key."""

_FORMAT = 1


def code_version() -> str:
    """landsea's version, Python's, and every source file's size and modification time."""
    root = Path(landsea.__file__).parent
    hasher = hashlib.sha256(f"{_FORMAT} {landsea.__version__} {sys.version}".encode())
    for source in _SOURCES:
        path = root / source
        files = sorted(path.glob("*.py")) if path.is_dir() else [path]
        for file in files:
            stat = file.stat()
            hasher.update(f"{file.relative_to(root)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return hasher.hexdigest()[:24]


def dataset_key(spec: str) -> str:
    """The key of dataset ``spec`` (a built-in name or a folder): its files and their stamps."""
    root = dataset_path(spec).resolve()
    hasher = hashlib.sha256(str(root).encode())
    for path in sorted(root.rglob("*.toml")):
        stat = path.stat()
        hasher.update(f"{path} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return "dataset-" + hasher.hexdigest()[:24]


def _file(folder: Path, key: str) -> Path:
    safe = hashlib.sha256(f"{key} {code_version()}".encode()).hexdigest()[:32]
    return folder / f"planner-{safe}.pickle"


def load_planner(folder: Path, key: str) -> tuple[Planner, Timetable] | None:
    """The planner stored under ``key`` by this code version with its compiled timetable, or
    ``None`` (none, unreadable, or not a planner)."""
    try:
        with _file(folder, key).open("rb") as stream:
            found = pickle.load(stream)
    except Exception:  # missing, corrupt or foreign: ignored, rebuilt by the caller
        return None
    if (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], Planner)
        and isinstance(found[1], Timetable)
    ):
        return found[0], found[1]
    return None


def store_planner(folder: Path, key: str, planner: Planner, timetable: Timetable) -> None:
    """Write ``planner`` and its compiled ``timetable`` under ``key`` atomically (temporary
    file, then rename); a folder that cannot be written leaves the cache as it was."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".planner-", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((planner, timetable), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, _file(folder, key))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


_opened = TtlCache[tuple[str, str], tuple[Planner, Timetable | None]](
    "planners from disk", ttl=None, max_entries=2
)
"""The planners this process read (or built) by folder and key, with the timetable stored."""


def planner_on_disk(
    folder: Path,
    key: str,
    build: Callable[[], Network],
    request: Callable[[Network], tuple[dt.datetime, float]],
) -> Planner:
    """The planner of the network stored under ``key`` with a timetable covering
    ``request(network)``: read from ``folder`` when there, else made from ``build()`` (and the
    timetable compiled) and stored; stored again when the request needed a wider timetable."""
    memo = (str(folder), key)
    planner, before = _opened.get_or_make(
        memo, lambda: load_planner(folder, key) or (Planner(build()), None)
    )
    timetable = planner.timetable(*request(planner.network))
    if timetable is not before:
        store_planner(folder, key, planner, timetable)
        _opened.put(memo, (planner, timetable))
    return planner


def _now(network: Network) -> tuple[dt.datetime, float]:
    return dt.datetime.now(dt.UTC), DEFAULT_WINDOW_DAYS


def primed_network(
    database: Database,
    spec: str,
    folder: Path,
    window: Callable[[Network], tuple[dt.datetime, float]] = _now,
) -> Planner:
    """The planner of the network ``database`` runs on — its newest stored version, or dataset
    ``spec`` when it stores none — from ``folder``; a stored version's network is remembered
    (:func:`~landsea.services.network_versions.remember`) so that the platform's snapshot is
    this very network, not one built again from the version's records."""
    from landsea.services.network_versions import remember, snapshot_of

    with database.uow(read_only=True) as uow:
        head = uow.network.head()
        version = None if head is None else uow.network.version(head[0])
    if version is None:
        return planner_on_disk(folder, dataset_key(spec), lambda: load_network(spec), window)
    stored = version
    planner = planner_on_disk(
        folder, f"version-{stored.digest}", lambda: snapshot_of(database, stored).network, window
    )
    remember(stored, planner.network)
    return planner


def plan_once(
    question: PlanQuestion,
    *,
    spec: str,
    folder: Path,
    database_url: str | None,
    clearance_min_samples: int = 20,
) -> tuple[Plan, Network]:
    """Plan ``question`` in a process that plans once — on the database at ``database_url``
    (its newest network version, capacity left, measured clearance, disruptions) or, when
    ``None``, on dataset ``spec`` alone — with the network and timetable from ``folder``;
    returns the plan and the network it was made on. On a SQLite file whose network is in
    ``folder`` already, the database is read with the standard library's driver, not the
    platform (:mod:`landsea.persistence.sqlite_reads`): the same reads, the same plan."""

    def window(network: Network) -> tuple[dt.datetime, float]:
        try:
            asked = to_request(network, question)
        except LandseaError:  # refused again, and said, by the plan itself
            return _now(network)
        return asked.depart, asked.window_days

    if database_url is None:
        planner = _one_shot(
            planner_on_disk(folder, dataset_key(spec), lambda: load_network(spec), window)
        )
        return plan(planner.network, question), planner.network
    from landsea.persistence.sqlite_reads import sqlite_path

    path = sqlite_path(database_url)
    if path is not None:
        done = _plan_on_sqlite(question, path, spec, folder, window, clearance_min_samples)
        if done is not None:
            return done
    from landsea.services.planning import plan_on_platform
    from landsea.services.platform import open_platform

    platform = open_platform(
        database_url,
        network=spec,
        clearance_min_samples=clearance_min_samples,
        cache_folder=folder,
    )
    try:
        planner = _one_shot(primed_network(platform.database, spec, folder, window))
        return plan_on_platform(platform, question), planner.network
    finally:
        platform.dispose()


def _one_shot(found: Planner) -> Planner:
    """``found`` for this process: the same network and timetable, this process's kernel."""
    planner = copy.copy(found)
    if len(planner.network.services) < COMPILED_FROM_SERVICES:
        planner.kernel, planner.work_cap = "python", 0
    adopt_planner(planner)
    return planner


def _read_from_disk(folder: Path, key: str) -> bool:
    """Whether the planner stored under ``key`` is in this process, read from ``folder`` now
    if need be."""
    memo = (str(folder), key)
    if _opened.get(memo) is None:
        found = load_planner(folder, key)
        if found is None:
            return False
        _opened.put(memo, found)
    return True


def _plan_on_sqlite(
    question: PlanQuestion,
    path: Path,
    spec: str,
    folder: Path,
    window: Callable[[Network], tuple[dt.datetime, float]],
    clearance_min_samples: int,
) -> tuple[Plan, Network] | None:
    """:func:`~landsea.services.planning.plan_on_platform`'s reads on the SQLite file at
    ``path`` with :mod:`sqlite3`, or ``None`` when the stored network version is not in
    ``folder`` yet (or the file cannot be read so): then the platform plans, and fills it."""
    import sqlite3

    from landsea.domain.disruption import Overlay
    from landsea.persistence.sqlite_reads import SqlitePlanReads
    from landsea.services.clearance_measure import PLANNER_WINDOW, measure, planner_clearance
    from landsea.services.planning import CAPACITY_SPAN, plan_on_database

    try:
        with SqlitePlanReads(path) as reads:
            head = reads.head()
            key = dataset_key(spec) if head is None else f"version-{head[1]}"
            if head is not None and not _read_from_disk(folder, key):
                return None  # a stored version is built from its records by the platform
            # Built here only with no stored network: the dataset's.
            planner = _one_shot(planner_on_disk(folder, key, lambda: load_network(spec), window))
            now = dt.datetime.now(dt.UTC)
            before, after = CAPACITY_SPAN
            rows = reads.in_use(now - before, now + after)
            capacity = {row.id: (row.remaining_teu, row.remaining_plugs) for row in rows}
            stats = measure(reads, now - PLANNER_WINDOW, now, None)
            overlay = Overlay.of(reads.exceptions(), reads.closures())
    except sqlite3.Error:
        return None
    measured = planner_clearance(stats, planner.network, clearance_min_samples)
    version = 0 if head is None else head[0]
    result = plan_on_database(planner.network, version, question, capacity, measured, overlay)
    return result, planner.network
