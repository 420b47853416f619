"""The network in the database: export → import → export, refused imports, versions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from landsea.errors import DatasetError
from landsea.feeds.dataset import folder_documents
from landsea.services.network_versions import export_network, import_network
from landsea.services.platform import Platform


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.toml"))}


def test_export_import_export_is_identical(platform: Platform, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    export_network(platform.database, first)
    version = import_network(
        platform.database, folder_documents(first), author="test", summary="round trip"
    )
    assert export_network(platform.database, second) == version.id
    assert _files(first) == _files(second)
    assert platform.live.refresh().version == version.id
    assert len(platform.network.services) >= 160


def test_an_import_with_a_problem_stores_nothing(platform: Platform, tmp_path: Path) -> None:
    export_network(platform.database, tmp_path)
    documents = folder_documents(tmp_path)
    _, services = next((n, d) for n, d in documents if n.startswith("services/"))
    services["service"][0]["capacity_teu"] = {"value": -5, "source": "nowhere"}
    before = platform.live.refresh().version
    with pytest.raises(DatasetError, match="capacity_teu") as caught:
        import_network(platform.database, documents, author="test", summary="bad")
    assert any(p.field == "capacity_teu" and "-5" in p.message for p in caught.value.problems)
    assert platform.live.refresh().version == before


def test_the_horizon_rolls_forward_on_a_new_day(platform: Platform) -> None:
    today = [dt.date(2027, 3, 1)]
    rolling = Platform(
        database=platform.database, network=platform.network, departure_horizon_days=5,
        roll_horizon=True, today=lambda: today[0],
    )  # fmt: skip
    late = dt.datetime(2027, 3, 5, 16, tzinfo=dt.UTC), dt.datetime(2027, 3, 6, 16, tzinfo=dt.UTC)
    with platform.uow(read_only=True) as uow:
        assert not uow.departures.existing_ids(*late)
    assert rolling.network.services  # the first use on 1 March stores 1–5 March (local)
    with platform.uow(read_only=True) as uow:
        assert not uow.departures.existing_ids(*late)
    today[0] = dt.date(2027, 3, 2)
    assert rolling.network.services  # a day later: 6 March (local) came into the horizon
    with platform.uow(read_only=True) as uow:
        assert uow.departures.existing_ids(*late)
