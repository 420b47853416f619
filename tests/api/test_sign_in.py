"""Password guessing on the web sign-in: throttled per account and per address, in the database
(shared by every server process), and never allowed to tie up every scrypt (SQLite, PostgreSQL).

What is tested here is the throttling, not scrypt's cost: the guesses hash at n = 2**4
(:func:`cheap_scrypt`; scrypt at the product's n = 2**14 was about half of this module's CPU).
The product's parameters are checked by
:func:`test_passwords_are_hashed_with_owasps_minimum_scrypt_parameters`."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.domain.credentials import ACCOUNT_RULE, ADDRESS_RULE
from landsea.errors import Throttled, Unauthorized
from landsea.services import accounts
from landsea.services.platform import open_platform
from landsea.web.app import create_app
from tests.api.conftest import World

PASSWORD = "the right password"


class Clock:
    """The throttling rules' time, moved by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def forward(self, delta: dt.timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(accounts, "_now", moved)
    return moved


@pytest.fixture
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Passwords hashed (and unknown users' guesses checked) at n = 2**4 instead of 2**14."""
    monkeypatch.setattr(accounts, "_SCRYPT", (2**4, 8, 1))


@pytest.fixture
def web(world: World, cheap_scrypt: None) -> Iterator[TestClient]:
    for name in ("alice", "bob"):
        accounts.create_user(world.platform, "exporter", name, PASSWORD)
    with TestClient(create_app(platform=world.platform)) as client:
        yield client


def _attempt(web: TestClient, username: str, password: str, lang: str = "en") -> Any:
    page = web.get(f"/signin?lang={lang}")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    return web.post(
        "/signin",
        data={"csrf": token.group(1), "username": username, "password": password, "next": "/"},
        follow_redirects=False,
    )


def test_passwords_are_hashed_with_owasps_minimum_scrypt_parameters() -> None:
    stored = accounts.hash_password(PASSWORD)
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert stored != accounts.hash_password(PASSWORD)  # a fresh salt each time
    assert accounts._password_matches(PASSWORD, stored)
    assert not accounts._password_matches("a guess", stored)


def test_after_five_failures_even_the_right_password_waits_then_works(
    web: TestClient, clock: Clock
) -> None:
    for _ in range(ACCOUNT_RULE.free_failures):
        assert _attempt(web, "alice", "a guess").status_code == 401
    refused = _attempt(web, "alice", PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert "try again in 1 seconds" in refused.text and 'role="alert"' in refused.text
    assert "landsea_session" not in refused.cookies
    clock.forward(dt.timedelta(seconds=1))
    assert _attempt(web, "alice", PASSWORD).status_code == 303  # the wait is over: signed in
    # ... and the right password cleared the account's count.
    assert _attempt(web, "alice", "a guess").status_code == 401
    assert _attempt(web, "alice", "a guess").status_code == 401


def test_120_guesses_lock_the_account_and_the_right_password_is_refused_too(
    web: TestClient, clock: Clock
) -> None:
    """The attack: 120 wrong passwords, then the right one signed in. Now each guess past the
    free ones waits a doubling delay, and from the 20th failure on the account is locked."""
    answers = []
    for n in range(120):
        answers.append(_attempt(web, "alice", "a guess").status_code)
        if n < ACCOUNT_RULE.lockout_after:
            clock.forward(dt.timedelta(seconds=61))  # the guesser waits out every backoff
    assert answers[: ACCOUNT_RULE.lockout_after] == [401] * ACCOUNT_RULE.lockout_after
    assert set(answers[ACCOUNT_RULE.lockout_after :]) == {429}  # refused unchecked
    locked = _attempt(web, "alice", PASSWORD, lang="zh-CN")
    assert locked.status_code == 429
    assert "登录已锁定" in locked.text and "分钟后重试" in locked.text
    english = _attempt(web, "alice", PASSWORD)
    assert "locked: try again in" in english.text and "minutes" in english.text
    assert int(english.headers["Retry-After"]) > 60
    # Another account from the same address is not locked by alice's failures alone.
    assert _attempt(web, "bob", PASSWORD).status_code == 303
    clock.forward(ACCOUNT_RULE.lockout)
    # After a lockout one guess is checked, and a wrong one locks the account again at once.
    assert _attempt(web, "alice", "a guess").status_code == 401
    assert _attempt(web, "alice", PASSWORD).status_code == 429
    clock.forward(ACCOUNT_RULE.lockout)
    assert _attempt(web, "alice", PASSWORD).status_code == 303


def test_throttled_attempts_cost_no_scrypt(
    web: TestClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = []
    real = hashlib.scrypt

    def counting(*args: object, **kwargs: object) -> bytes:
        computed.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hashlib, "scrypt", counting)  # as landsea.services.accounts sees it
    for _ in range(ACCOUNT_RULE.free_failures + 30):
        _attempt(web, "alice", "a guess")
    assert len(computed) == ACCOUNT_RULE.free_failures


def test_unknown_usernames_are_throttled_alike(web: TestClient, clock: Clock) -> None:
    """A guesser cannot tell a real account by how it is throttled."""
    for name in ("alice", "nobody-here"):
        answers = [_attempt(web, name, "a guess").status_code for _ in range(7)]
        assert answers == [401] * ACCOUNT_RULE.free_failures + [429, 429]


def test_guessing_many_accounts_from_one_address_is_throttled(
    web: TestClient, clock: Clock
) -> None:
    for n in range(ADDRESS_RULE.free_failures):
        assert _attempt(web, f"user{n}", "a guess").status_code == 401
    refused = _attempt(web, "bob", PASSWORD)  # a new account, but the same address
    assert refused.status_code == 429
    clock.forward(dt.timedelta(seconds=1))
    assert _attempt(web, "bob", PASSWORD).status_code == 303


def test_the_counts_are_shared_by_every_server_process(
    web: TestClient, world: World, clock: Clock
) -> None:
    """Two platforms on one database stand for two `landsea serve` processes."""
    other = open_platform(world.platform.database_url)
    try:
        for _ in range(ACCOUNT_RULE.free_failures):
            with pytest.raises(Unauthorized):
                accounts.check_password(other, "alice", "a guess", address="192.0.2.7")
        assert _attempt(web, "alice", PASSWORD).status_code == 429
    finally:
        other.dispose()


def test_ipv6_addresses_count_by_their_64_block(
    world: World, clock: Clock, cheap_scrypt: None
) -> None:
    for n in range(ADDRESS_RULE.free_failures):
        with pytest.raises(Unauthorized):
            accounts.check_password(world.platform, f"u{n}", "a guess", address=f"2001:db8::{n}")
    with pytest.raises(Throttled) as refused:
        accounts.check_password(world.platform, "fresh", "a guess", address="2001:db8::ffff")
    assert refused.value.retry_after == 1


def test_when_every_scrypt_slot_is_busy_sign_in_is_told_to_come_back(
    web: TestClient, world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guessers cannot queue up unbounded scrypt work: past the slots, a short wait, then 503;
    requests that need no scrypt (an API key, a page) are served meanwhile."""
    monkeypatch.setattr(accounts, "SCRYPT_WAIT_SECONDS", 0.05)
    taken = 0
    while accounts._scrypt_slots.acquire(blocking=False):
        taken += 1
    try:
        assert taken == accounts.SCRYPT_SLOTS
        busy = _attempt(web, "alice", PASSWORD)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
        assert "busy" in busy.text
        assert web.get("/api/v1/bookings", headers=world.headers("exporter")).status_code == 200
        assert web.get("/stats").status_code == 200
    finally:
        for _ in range(taken):
            accounts._scrypt_slots.release()
    # A refusal for want of a slot is not a failure: five more guesses are still free.
    for _ in range(ACCOUNT_RULE.free_failures):
        assert _attempt(web, "alice", "a guess").status_code == 401
