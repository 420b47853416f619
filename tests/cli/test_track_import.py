"""``landsea track import`` on both databases: on PostgreSQL a batch of new events nobody
subscribes to goes by COPY on the driver's connection, with no ORM loaded; any other batch
(a duplicate, an update, a subscriber to notify) through the platform, as before."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landsea.cli.main import app
from landsea.domain.tracking import ETA_EVENT_PREFIX
from landsea.persistence.records import Subscription
from tests.api.test_timeline import _book, _transport
from tests.fixtures.api import World

runner = CliRunner()


def _event(event_id: str, *, updated: str | None = None) -> dict[str, Any]:
    """A DCSA 3.0 transport event (``updated``: its eventUpdatedDateTime)."""
    return {
        "eventID": event_id,
        "eventDateTime": "2026-12-03T09:00:00+08:00",
        "eventUpdatedDateTime": updated or "2026-12-03T09:05:00+08:00",
        "eventClassification": {
            "eventTypeCode": "TRANSPORT",
            "eventClassifierCode": "ACT",
            "transportEventTypeCode": "DEPA",
        },
        "eventLocation": {"UNLocationCode": "CNCQI"},
        "transportDetails": {"transportCall": {"modeOfTransport": "RAIL"}},
        "shipmentDetails": {"documentReference": {"typeCode": "BKG", "reference": "BK-IMPORT"}},
    }


def _file(folder: Path, name: str, events: list[dict[str, Any]], *, lines: bool = False) -> Path:
    """A JSON array of ``events``, or with ``lines`` JSON lines (read as they are stored)."""
    path = folder / name
    text = "".join(f"{json.dumps(e)}\n" for e in events) if lines else json.dumps(events)
    path.write_text(text, encoding="utf-8")
    return path


def test_new_events_on_postgresql_load_no_orm_and_read_back_as_sent(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = world.platform.database_url
    monkeypatch.setenv("LANDSEA_DATABASE_URL", url)
    first = runner.invoke(app, ["track", "import", str(_file(tmp_path, "a.jsonl", [_event("a")]))])
    assert first.exit_code == 0, first.output  # the importer's organisation made on first use
    path = _file(tmp_path, "b.jsonl", [_event("b1"), _event("b2\tx\\y")])
    code = (
        "import sys\nfrom landsea.cli.main import app\n"
        f"try:\n    app(['track', 'import', {str(path)!r}, '--format', 'json'])\n"
        "except SystemExit as end:\n    assert not end.code, end.code\n"
        "print(' '.join(m for m in ('sqlalchemy', 'landsea.services.platform') "
        "if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "LANDSEA_DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["stored"] == 2
    loaded = done.stderr.split()
    # SQLite has only the platform's path; PostgreSQL's needs none of it for new events.
    assert loaded == (["sqlalchemy", "landsea.services.platform"] if world.platform.sqlite else [])
    with world.platform.uow(read_only=True) as uow:
        stored = uow.events.get("b2\tx\\y")
    assert stored is not None and stored.raw == _event("b2\tx\\y")
    assert (stored.version, stored.carrier_booking_reference) == ("3.0", "BK-IMPORT")


@pytest.mark.parametrize("lines", [False, True], ids=["array", "lines"])
def test_batches_the_driver_cannot_take_go_through_the_platform(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: bool
) -> None:
    """One event a batch: a new one, a duplicate, an update and a new one again; with a
    subscriber, whose notifications are queued with the events, whichever way they went. JSON
    lines are read as they are stored: the batches wait for the file to be known to read, held
    in one transaction until a duplicate comes, then stored one by one, in order."""
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    monkeypatch.setattr("landsea.cli.track.BATCH", 1)
    first = runner.invoke(app, ["track", "import", str(_file(tmp_path, "a.jsonl", [_event("p")]))])
    assert first.exit_code == 0, first.output
    later = _event("p", updated="2026-12-03T10:00:00+08:00")
    events = [_event("q"), _event("p"), later, _event("r")]
    result = runner.invoke(
        app,
        ["track", "import", str(_file(tmp_path, "b.jsonl", events, lines=lines)), "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["stored"], report["duplicates"], report["superseded"]) == (2, 1, 1)

    subscription = Subscription(
        id="sub-import",
        organisation_id=world.ids["admin"],
        callback_url="https://hooks.example.com/landsea",
        secret="s" * 32,
        filters={},
        created_at=dt.datetime.now(dt.UTC),
    )
    with world.platform.uow() as uow:  # as a subscriber made it (its callback not resolved here)
        uow.subscriptions.add(subscription)
    later_file = _file(tmp_path, "c.jsonl", [_event("s"), _event("t")], lines=lines)
    result = runner.invoke(app, ["track", "import", str(later_file)])
    assert result.exit_code == 0, result.output
    with world.platform.uow(read_only=True) as uow:
        assert uow.subscriptions.outbox(subscription.id).pending == 2
        assert uow.events.get("s") is not None and uow.events.get("t") is not None


def test_a_line_that_is_not_json_stores_nothing_though_batches_before_it_were_sent(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON lines on PostgreSQL are stored as they are read; the batches before a line that is
    not JSON were sent, and are not kept: the file is refused whole, as when it was read first."""
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    monkeypatch.setattr("landsea.cli.track.BATCH", 2)
    good = "".join(f"{json.dumps(_event(f'n{n}'))}\n" for n in range(7))
    path = tmp_path / "bad.jsonl"
    path.write_text(good + '{"eventID": "n7", \n' + json.dumps(_event("n8")) + "\n")
    result = runner.invoke(app, ["track", "import", str(path)])
    assert result.exit_code != 0
    assert "line 8 is not JSON" in str(result.exception) + result.output
    with world.platform.uow(read_only=True) as uow:
        assert [uow.events.get(f"n{n}") for n in range(9)] == [None] * 9


def test_an_eta_the_imported_events_move_is_announced_once(
    world: World, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import keeps, of each booking its events name, one event that is not one of
    landsea's own ETA announcements where there is one: what the announcement reads."""
    booking = _book(client, world)
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    monkeypatch.setattr("landsea.cli.track.BATCH", 2)
    own = {**_transport("x", "ARRI", "SGSIN", "2026-12-20T00:00:00Z", booking, "EST")}
    own["eventID"] = f"{ETA_EVENT_PREFIX}{booking}-earlier"
    events = [
        own,
        _transport("d1", "DEPA", "CNCQI", "2026-12-07T02:00:00Z", booking),
        *(
            _transport(f"o{n}", "DEPA", "CNCQI", "2026-12-07T02:00:00Z", f"BK-{n}")
            for n in range(3)
        ),
        # Into Qinzhou on Thursday afternoon: the Friday ship is missed, the ETA moves by days.
        _transport("a1", "ARRI", "CNQZH", "2026-12-10T07:00:00Z", booking),
    ]
    path = _file(tmp_path, "eta.jsonl", events, lines=True)
    result = runner.invoke(app, ["track", "import", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["stored"], report["eta_announced"]) == (len(events), 1)


def test_the_script_ends_without_the_interpreters_teardown_once_all_is_said(
    world: World, tmp_path: Path
) -> None:
    """``track import`` ends the ``landsea`` script at once when it has said everything (its
    report on stdout, the rejections on stderr, the exit status): an atexit hook does not run;
    another command ends as Python ends."""
    bad = {**_event("q3"), "eventDateTime": "not a time"}
    path = _file(tmp_path, "q.jsonl", [_event("q1"), _event("q2"), bad], lines=True)

    def script(*args: str) -> subprocess.CompletedProcess[str]:
        code = (
            "import atexit, sys\n"
            "atexit.register(lambda: print('teardown', file=sys.stderr))\n"
            "from landsea.cli.main import main\n"
            f"sys.argv = ['landsea', *{list(args)!r}]\n"
            "main()\n"
        )
        return subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "LANDSEA_DATABASE_URL": world.platform.database_url},
            capture_output=True,
            text=True,
        )

    done = script("track", "import", str(path), "--format", "json")
    assert done.returncode == 1, done.stderr  # one event rejected
    report = json.loads(done.stdout)
    assert (report["stored"], len(report["rejected"])) == (2, 1)
    assert "teardown" not in done.stderr and "1 of 3" in done.stderr, done.stderr
    assert "teardown" in script("--help").stderr


def test_json_lines_with_retractions_and_unmodelled_types_are_stored_in_order(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read as they are stored, two batches of new events are held; a retraction of the first
    of them and an IOT event (batches the platform stores, DCSA 3.0 models IOT) end the holding, and every batch is
    then stored in order: the retracted event is retracted, the later new one stored."""
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    monkeypatch.setattr("landsea.cli.track.BATCH", 2)
    iot = {
        "eventID": "iot-1",
        "eventDateTime": "2026-12-03T09:00:00+08:00",
        "eventClassification": {
            "eventTypeCode": "IOT",
            "eventClassifierCode": "ACT",
            "iotEventTypeCode": "DETC",
        },
    }
    events = [_event("h1"), _event("h2"), _event("h3"), _event("h4")]
    events += [{"eventID": "h1", "isRetracted": True}, iot, _event("h5")]
    path = _file(tmp_path, "mixed.jsonl", events, lines=True)
    result = runner.invoke(app, ["track", "import", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["stored"], report["retracted"], report["rejected"]) == (6, 1, [])  # IOT too
    with world.platform.uow(read_only=True) as uow:
        assert uow.events.get("h1") is None  # retracted
        assert all(uow.events.get(f"h{n}") is not None for n in (2, 3, 4, 5))
