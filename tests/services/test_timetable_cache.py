"""The network and its compiled timetable on disk (issue 15, item 5): reused while the network
and the code are unchanged, rebuilt when either changes, a corrupt file ignored and replaced,
written atomically."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

import landsea
from landsea.services import timetable_cache as cache
from landsea.services.network import dataset_path
from landsea.services.planning import PlanQuestion, planner_for
from landsea.services.platform import Platform

QUESTION = PlanQuestion(origin="Chongqing", destination="Singapore", depart=dt.date(2026, 12, 7))


@pytest.fixture(autouse=True)
def fresh_process() -> None:
    """Each test starts as a new process would: nothing read from disk yet."""
    cache._opened.invalidate()


def _plan(folder: Path, spec: str = "ilstc") -> list[Any]:
    result, _ = cache.plan_once(QUESTION, spec=spec, folder=folder, database_url=None)
    return [(o.departure, o.arrival, o.cost.amount) for o in result.options]


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(spec: str) -> Any:
        raise AssertionError(f"the network {spec!r} was built again")

    monkeypatch.setattr(cache, "load_network", refuse)


def test_a_second_run_reads_the_network_and_timetable_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _plan(tmp_path)
    files = list(tmp_path.glob("planner-*.pickle"))
    assert len(files) == 1 and first
    # The corridor is small: a one-shot process plans it without importing numba.
    opened = cache._opened.get((str(tmp_path), cache.dataset_key("ilstc")))
    assert opened is not None and planner_for(opened[0].network).kernel == "python"
    cache._opened.invalidate()
    _no_build(monkeypatch)
    assert _plan(tmp_path) == first


def test_a_corrupt_file_is_ignored_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _plan(tmp_path)
    (stored,) = tmp_path.glob("planner-*.pickle")
    for damage in (b"", b"not a pickle", stored.read_bytes()[:1000], pickle.dumps({"a": 1})):
        stored.write_bytes(damage)
        cache._opened.invalidate()
        assert _plan(tmp_path) == first
        assert cache.load_planner(tmp_path, cache.dataset_key("ilstc")) is not None


def test_a_changed_dataset_or_code_is_a_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = tmp_path / "dataset"
    shutil.copytree(dataset_path("ilstc"), dataset)
    folder = tmp_path / "cache"
    first = _plan(folder, str(dataset))
    key = cache.dataset_key(str(dataset))
    some = sorted(dataset.rglob("*.toml"))[0]
    some.write_text(some.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.dataset_key(str(dataset)) != key
    cache._opened.invalidate()
    assert _plan(folder, str(dataset)) == first  # the same network, read again and stored anew
    assert len(list(folder.glob("planner-*.pickle"))) == 2
    monkeypatch.setattr(landsea, "__version__", "0.0.0+changed")
    assert cache.load_planner(folder, cache.dataset_key(str(dataset))) is None


def test_the_file_is_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _plan(tmp_path)
    (stored,) = tmp_path.glob("planner-*.pickle")
    before = stored.read_bytes()
    found = cache.load_planner(tmp_path, cache.dataset_key("ilstc"))
    assert found is not None

    def broken(*_: Any, **__: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pickle, "dump", broken)
    cache.store_planner(tmp_path, cache.dataset_key("ilstc"), *found)
    assert stored.read_bytes() == before  # the old file whole, no temporary file left
    assert [p.name for p in tmp_path.iterdir()] == [stored.name]


def test_a_stored_version_is_the_platforms_snapshot_and_read_from_disk(
    platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planner = cache.primed_network(platform.database, "ilstc", tmp_path)
    snapshot = platform.snapshot
    assert snapshot.version > 0 and snapshot.network is planner.network
    (stored,) = tmp_path.glob("planner-*.pickle")
    assert stored.name == cache._file(tmp_path, f"version-{snapshot.digest}").name
    cache._opened.invalidate()

    def refuse(*_: Any) -> Any:
        raise AssertionError("the version was built again from its records")

    monkeypatch.setattr("landsea.services.network_versions.snapshot_of", refuse)
    again = cache.primed_network(platform.database, "ilstc", tmp_path)
    assert again.network is not planner.network
    assert sorted(again.network.services) == sorted(planner.network.services)


def test_a_one_shot_plan_on_a_sqlite_file_reads_it_without_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``landsea plan`` on a SQLite file: the database's closures (and capacity left, measured
    clearance) read with sqlite3, the same plan as the platform's use case."""
    from landsea.domain.booking import Role
    from landsea.domain.disruption import Closure, ClosureSubject, Reason
    from landsea.persistence.database import Database
    from landsea.services.planning import plan_on_platform
    from landsea.services.platform import open_platform

    url = f"sqlite:///{tmp_path / 'landsea.db'}"
    database = Database(url, migrate=True)
    with database.uow() as uow:
        org = uow.accounts.add_organisation(
            id="o1", name="port", role=Role.OPERATOR, operator_match=None
        ).organisation_id
        uow.disruptions.add_closure(
            Closure(id="c1", subject=ClosureSubject.PLACE, code="CNQZH",
                    starts=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                    ends=dt.datetime(2026, 12, 30, tzinfo=dt.UTC),
                    reason=Reason(en="typhoon", zh="台风", code=None), organisation_id=org)
        )  # fmt: skip
    database.dispose()
    platform = open_platform(url)
    try:
        expected = plan_on_platform(platform, QUESTION)
    finally:
        platform.dispose()
    free = cache.plan_once(QUESTION, spec="ilstc", folder=tmp_path, database_url=None)[0]
    assert expected.options != free.options  # the closure is read

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the one-shot plan opened the platform")

    monkeypatch.setattr("landsea.services.platform.open_platform", refuse)
    found, _ = cache.plan_once(QUESTION, spec="ilstc", folder=tmp_path, database_url=url)
    assert (found.options, found.issues, found.basis) == (
        expected.options, expected.issues, expected.basis
    )  # fmt: skip
