"""API keys are listed (never shown) and revoked by the API and the command line; a revoked key
stops at once here and within 30 s everywhere, and ends the web sessions it started."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landsea.cli.main import app as cli
from landsea.errors import Unauthorized
from landsea.services import accounts
from landsea.web.app import create_app
from tests.api.conftest import World


@pytest.fixture
def web(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(platform=world.platform)) as client:
        yield client


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _prefix(key: str) -> str:
    return key.split("_")[1]


def _sign_in_with_key(web: TestClient, key: str) -> None:
    page = web.get("/signin")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    signed = web.post(
        "/signin", data={"csrf": token.group(1), "api_key": key, "next": "/"},
        follow_redirects=False,
    )  # fmt: skip
    assert signed.status_code == 303


def test_revoking_a_key_ends_the_web_sessions_it_started(web: TestClient, world: World) -> None:
    """The attack: a session started with a key worked for 12 h after the key was revoked."""
    org = world.ids["exporter"]
    _sign_in_with_key(web, world.keys["exporter"])
    assert web.get("/shipments", follow_redirects=False).status_code == 200
    assert web.get("/api/v1/bookings").status_code == 200  # the session signs API calls too
    revoked = web.delete(
        f"/api/v1/organisations/{org}/keys/{_prefix(world.keys['exporter'])}",
        headers=world.headers("admin"),
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert web.get("/shipments", follow_redirects=False).status_code == 303  # to sign-in
    assert web.get("/api/v1/bookings").status_code == 401
    assert web.get("/api/v1/bookings", headers=world.headers("exporter")).status_code == 401


def test_a_session_started_with_a_key_another_server_revoked_is_dead_at_once(
    web: TestClient, world: World
) -> None:
    """Revoked by another process (straight in the database, no local cache touched): the key
    row's revocation is checked with every session, not cached."""
    _sign_in_with_key(web, world.keys["importer"])
    assert web.get("/shipments", follow_redirects=False).status_code == 200
    now = dt.datetime.now(dt.UTC)
    with world.platform.uow() as uow:
        found = uow.accounts.key(_prefix(world.keys["importer"]))
        assert found is not None
        uow.accounts.revoke_key(found.key.id, now)
        # A session started meanwhile by a server that still trusted the key from its cache.
        uow.accounts.add_session(
            token_hash="0" * 64, organisation_id=world.ids["importer"], user_id=None,
            api_key_id=found.key.id, csrf_token="x", expires_at=now + dt.timedelta(hours=12),
        )  # fmt: skip
    assert web.get("/shipments", follow_redirects=False).status_code == 303
    with world.platform.uow(read_only=True) as uow:
        assert uow.accounts.web_session("0" * 64, now) is None


def test_other_servers_refuse_a_revoked_key_within_30_seconds(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = world.keys["customs"]
    seconds = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: seconds[0])
    assert accounts.authenticate(world.platform, key).name == "customs"  # now cached
    with world.platform.uow() as uow:  # another process revokes it
        found = uow.accounts.key(_prefix(key))
        assert found is not None
        uow.accounts.revoke_key(found.key.id, found.key.created_at)
    seconds[0] += 29
    accounts.authenticate(world.platform, key)  # this process may trust it a little longer
    seconds[0] += accounts.CACHE_SECONDS - 29
    with pytest.raises(Unauthorized):
        accounts.authenticate(world.platform, key)


def test_keys_are_listed_without_the_key_and_revoked_by_their_organisation(
    client: TestClient, world: World
) -> None:
    org = world.ids["operator"]
    second = client.post(f"/api/v1/organisations/{org}/keys", headers=world.headers("admin"))
    new_key = second.json()["api_key"]
    assert client.get("/api/v1/departures", headers=_bearer(new_key)).status_code == 200
    listed = client.get(f"/api/v1/organisations/{org}/keys", headers=world.headers("operator"))
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 2
    assert [k["prefix"] for k in body["data"]] == [
        _prefix(world.keys["operator"]),
        _prefix(new_key),
    ]
    assert all(k["last_used_at"] and k["revoked_at"] is None for k in body["data"])
    assert new_key not in listed.text and world.keys["operator"] not in listed.text
    assert "hash" not in listed.text
    # Another organisation may neither list nor revoke them; an admin may.
    for who in ("exporter", "yuxinou"):
        assert client.get(f"/api/v1/organisations/{org}/keys",
                          headers=world.headers(who)).status_code == 403  # fmt: skip
        assert client.delete(f"/api/v1/organisations/{org}/keys/{_prefix(new_key)}",
                             headers=world.headers(who)).status_code == 403  # fmt: skip
    assert client.get(f"/api/v1/organisations/{org}/keys",
                      headers=world.headers("admin")).status_code == 200  # fmt: skip
    # The organisation revokes its new key with its old one (by POST, by id).
    key_id = body["data"][1]["id"]
    revoked = client.post(
        f"/api/v1/organisations/{org}/keys/{key_id}/revoke", headers=world.headers("operator")
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert client.get("/api/v1/departures", headers=_bearer(new_key)).status_code == 401
    again = client.delete(
        f"/api/v1/organisations/{org}/keys/{key_id}", headers=world.headers("operator")
    )
    assert again.json()["revoked_at"] == revoked.json()["revoked_at"]  # nothing changes
    missing = client.delete(
        f"/api/v1/organisations/{org}/keys/{_prefix(world.keys['exporter'])}",
        headers=world.headers("admin"),
    )
    assert missing.status_code == 404 and "has no key" in missing.json()["detail"]
    assert client.get("/api/v1/departures", headers=world.headers("exporter")).status_code == 200


def test_the_command_line_lists_and_revokes_keys(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    from landsea.config import get_settings

    get_settings.cache_clear()
    runner = CliRunner()
    try:
        listed = runner.invoke(cli, ["admin", "list-keys", "yuxinou", "--format", "json"])
        assert listed.exit_code == 0, listed.output
        keys = json.loads(listed.stdout)["keys"]
        assert [k["prefix"] for k in keys] == [_prefix(world.keys["yuxinou"])]
        assert world.keys["yuxinou"] not in listed.stdout
        revoked = runner.invoke(cli, ["admin", "revoke-key", "yuxinou", f"lsk_{keys[0]['prefix']}"])
        assert revoked.exit_code == 0, revoked.output
        assert f"key {keys[0]['id']}" in revoked.stdout and "revoked" in revoked.stdout
        table = runner.invoke(cli, ["admin", "list-keys", "yuxinou"])
        assert "revoked 20" in table.stdout
        unknown = runner.invoke(cli, ["admin", "revoke-key", "yuxinou", "deadbeef"])
        assert unknown.exit_code == 1 and "has no key 'deadbeef'" in unknown.stderr
    finally:
        get_settings.cache_clear()
    with pytest.raises(Unauthorized):
        accounts.authenticate(world.platform, world.keys["yuxinou"])
