"""Accounts: organisations, keys (live or revoked), users, web sessions, sign-in counts."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from landsea.domain.booking import Role
from landsea.errors import Conflict
from landsea.persistence.database import UnitOfWork
from landsea.persistence.records import SignInCount
from landsea.persistence.tables import SignInAttemptRow
from landsea.services.platform import Platform
from tests.persistence.records import T0, organisation


def _key(uow: UnitOfWork, owner: str) -> tuple[str, str]:
    ident, prefix = str(uuid.uuid4()), uuid.uuid4().hex[:12]
    uow.accounts.add_key(id=ident, organisation_id=owner, prefix=prefix, key_hash="f" * 64)
    return ident, prefix


def _session(uow: UnitOfWork, owner: str, key_id: str | None, expires: dt.datetime) -> str:
    token = uuid.uuid4().hex
    uow.accounts.add_session(
        token_hash=token, organisation_id=owner, user_id=None, api_key_id=key_id,
        csrf_token="csrf", expires_at=expires,
    )  # fmt: skip
    return token


def test_an_organisation_name_is_taken_once(platform: Platform) -> None:
    with platform.uow() as uow:
        made = uow.accounts.add_organisation(
            id=str(uuid.uuid4()), name="Unique Ltd", role=Role.SHIPPER, operator_match=None
        )
    with pytest.raises(Conflict, match="'Unique Ltd'"), platform.uow() as uow:
        uow.accounts.add_organisation(
            id=str(uuid.uuid4()), name="Unique Ltd", role=Role.CUSTOMS, operator_match=None
        )
    with platform.uow(read_only=True) as uow:
        assert uow.accounts.organisation("Unique Ltd") == made
        assert uow.accounts.organisation(made.organisation_id) == made


def test_a_live_key_comes_with_its_hash_and_owner_and_a_revoked_one_not_at_all(
    platform: Platform,
) -> None:
    with platform.uow() as uow:
        owner = organisation(uow)
        ident, prefix = _key(uow, owner)
        found = uow.accounts.key(prefix)
        assert found is not None
        assert (found.key.id, found.key_hash, found.owner.organisation_id) == (
            ident,
            "f" * 64,
            owner,
        )
        assert found.key.created_at.tzinfo is dt.UTC
        uow.accounts.revoke_key(ident, T0)
        assert uow.accounts.key(prefix) is None
        [revoked] = uow.accounts.keys(owner)
    assert revoked.revoked_at == T0


def test_touch_key_writes_only_when_the_last_use_is_old(platform: Platform) -> None:
    with platform.uow() as uow:
        owner = organisation(uow)
        ident, prefix = _key(uow, owner)
        uow.accounts.touch_key(ident, T0, unless_since=T0 - dt.timedelta(minutes=5))
        later = T0 + dt.timedelta(minutes=1)
        uow.accounts.touch_key(ident, later, unless_since=later - dt.timedelta(minutes=5))
        assert uow.accounts.organisation_key(str(uuid.uuid4()), ident) is None  # not theirs
        found = uow.accounts.organisation_key(owner, prefix)
    assert found is not None and found.last_used_at == T0


def test_revoking_a_key_ends_the_sessions_it_started_and_expiry_ends_the_rest(
    platform: Platform,
) -> None:
    now = dt.datetime.now(dt.UTC)
    with platform.uow() as uow:
        owner = organisation(uow)
        ident, _ = _key(uow, owner)
        by_key = _session(uow, owner, ident, now + dt.timedelta(hours=1))
        expired = _session(uow, owner, None, now - dt.timedelta(seconds=1))
        live = _session(uow, owner, None, now + dt.timedelta(hours=1))
        assert uow.accounts.web_session(by_key, now) is not None
        assert uow.accounts.revoke_key(ident, now) == 1
        assert uow.accounts.web_session(by_key, now) is None
        assert uow.accounts.web_session(expired, now) is None
        found = uow.accounts.web_session(live, now)
    assert found is not None and found.owner.organisation_id == owner
    assert (found.csrf_token, found.username) == ("csrf", None)


def test_users_are_unique_and_read_back_with_their_hash(platform: Platform) -> None:
    with platform.uow() as uow:
        owner = organisation(uow)
        uow.accounts.add_user(id="u-1", organisation_id=owner, username="li", password_hash="x")
    with pytest.raises(Conflict, match="'li'"), platform.uow() as uow:
        uow.accounts.add_user(id="u-2", organisation_id=owner, username="li", password_hash="y")
    with platform.uow(read_only=True) as uow:
        found = uow.accounts.user("li")
        assert uow.accounts.user("nobody") is None
    assert found is not None and (found.user_id, found.password_hash) == ("u-1", "x")


def test_sign_in_counts_start_at_zero_are_set_and_forgotten(platform: Platform) -> None:
    with platform.uow() as uow:
        counts = uow.accounts.sign_in_attempts(["user:li", "addr:10.0.0.1"])
        assert counts == {"user:li": SignInCount(), "addr:10.0.0.1": SignInCount()}
        uow.accounts.set_sign_in_failures("user:li", 3, T0)
        uow.accounts.set_sign_in_failures("addr:10.0.0.1", 1, T0 - dt.timedelta(days=2))
        again = uow.accounts.sign_in_attempts(["user:li"])
        assert again == {"user:li": SignInCount(failures=3, last_failure_at=T0)}
        uow.accounts.forget_sign_in_attempts(before=T0 - dt.timedelta(days=1))
        uow.accounts.clear_sign_in_attempts("user:li")
        left = uow.session.scalars(
            select(SignInAttemptRow.key).where(
                SignInAttemptRow.key.in_(["user:li", "addr:10.0.0.1"])
            )
        ).all()
    assert left == []
