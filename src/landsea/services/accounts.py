"""Organisations and API keys: keys are random, shown once, and stored only as a SHA-256 hash.

Users sign in to the web platform with a password (scrypt). Guessing is bounded twice: failed
sign-ins are throttled per account and per client address in the database (so every server
process of a fleet shares the count; rules in :mod:`landsea.domain.credentials`), and a throttled
attempt is refused before any scrypt is computed; the scrypt computations that do run are
limited per process (:data:`SCRYPT_SLOTS`), so that guessing cannot starve other requests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import math
import os
import secrets
import threading
import uuid
from dataclasses import dataclass

from landsea.domain.access import Action, check, may_manage_keys
from landsea.domain.booking import Principal, Role
from landsea.domain.credentials import ACCOUNT_RULE, ADDRESS_RULE, ApiKey, ThrottleRule
from landsea.errors import (
    Busy,
    Conflict,
    InvalidInput,
    NotFound,
    Throttled,
    Unauthorized,
)
from landsea.persistence.records import SignInCount
from landsea.services.cache import CacheSpec
from landsea.services.event_check import IMPORTER_NAME
from landsea.services.platform import Platform

__all__ = [
    "CACHE_SECONDS",
    "LAST_USED_STEP",
    "SCRYPT_SLOTS",
    "WebSession",
    "authenticate",
    "authenticate_key",
    "check_password",
    "create_key",
    "create_organisation",
    "create_user",
    "end_session",
    "hash_password",
    "list_keys",
    "list_organisations",
    "organisation",
    "remembered",
    "revoke_key",
    "session",
    "start_session",
]

_KEY_PREFIX = "lsk"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_organisation(
    platform: Platform, name: str, role: str, *, operator_match: str | None = None
) -> Principal:
    """A new organisation; the name must be new."""
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidInput(f"name {name!r} must be 1 to 200 characters")
    try:
        chosen = Role(role)
    except ValueError:
        raise InvalidInput(
            f"role {role!r} is not one of shipper, operator, customs, admin"
        ) from None
    if operator_match is not None and chosen is not Role.OPERATOR:
        raise InvalidInput("operates is only for operator organisations")
    with platform.uow() as uow:
        return uow.accounts.add_organisation(
            id=str(uuid.uuid4()), name=name, role=chosen, operator_match=operator_match
        )


def organisation(platform: Platform, id_or_name: str) -> Principal:
    with platform.uow(read_only=True) as uow:
        found = uow.accounts.organisation(id_or_name)
    if found is None:
        raise NotFound(f"organisation {id_or_name!r} does not exist")
    return found


def list_organisations(platform: Platform, *, after: str | None, limit: int) -> list[Principal]:
    with platform.uow(read_only=True) as uow:
        return uow.accounts.organisations(after=after, limit=limit)


def create_key(platform: Platform, id_or_name: str) -> tuple[str, Principal]:
    """A new API key for an organisation: returned once, never stored in clear."""
    owner = organisation(platform, id_or_name)
    prefix = secrets.token_hex(4)
    key = f"{_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with platform.uow() as uow:
        uow.accounts.add_key(
            id=str(uuid.uuid4()),
            organisation_id=owner.organisation_id,
            prefix=prefix,
            key_hash=_hash(key),
        )
    return key, owner


CACHE_SECONDS = 30.0
"""A key once checked is trusted by this process for at most this long (a revoked key stops
working in every process within it; in the revoking process at once)."""
LAST_USED_STEP = dt.timedelta(minutes=5)
"""A key's ``last_used_at`` is written at most this often, so that use stays a read."""

API_KEYS = CacheSpec[str, tuple[ApiKey, Principal]]("api keys", ttl=CACHE_SECONDS)
"""Keys checked, by their hash: (the key's record, its organisation)."""


def authenticate(platform: Platform, key: str | None) -> Principal:
    """The organisation whose live API key ``key`` is, or :class:`Unauthorized`.

    A key once checked is remembered for :data:`CACHE_SECONDS` in this process (by its hash),
    sparing the database a read on every request; a revoked key therefore stops working within
    30 seconds.
    """
    return authenticate_key(platform, key)[1]


def authenticate_key(platform: Platform, key: str | None) -> tuple[ApiKey, Principal]:
    """(the key's record, its organisation) of a live API key, or :class:`Unauthorized`."""
    if not key:
        raise Unauthorized("an API key is needed: send 'Authorization: Bearer <key>'")
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != _KEY_PREFIX:
        raise Unauthorized("the API key is not valid")
    digest = _hash(key)
    cached = platform.caches(API_KEYS).get(digest)
    if cached is not None:
        return cached
    with platform.uow(read_only=True) as uow:
        found = uow.accounts.key(parts[1])
    if found is None or not hmac.compare_digest(found.key_hash, digest):
        raise Unauthorized("the API key is not valid")
    stored, owner = found.key, found.owner
    _note_use(platform, stored)
    return platform.caches(API_KEYS).put(digest, (stored, owner))


def remembered(platform: Platform, key: str) -> Principal | None:
    """The organisation of ``key`` if :func:`authenticate` checked it lately and remembers it
    (no database read, so it may run on the server's event loop); ``None`` otherwise — then
    :func:`authenticate` decides."""
    if not key.startswith(_KEY_PREFIX + "_"):
        return None
    cached = platform.caches(API_KEYS).get(_hash(key))
    return None if cached is None else cached[1]


def _note_use(platform: Platform, key: ApiKey) -> None:
    """Record that ``key`` is in use, if the record is older than :data:`LAST_USED_STEP`."""
    now = dt.datetime.now(dt.UTC)
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_STEP:
        return
    with platform.uow() as uow:
        uow.accounts.touch_key(key.id, now, unless_since=now - LAST_USED_STEP)


def _forget_cached(platform: Platform, key_id: str) -> None:
    platform.caches(API_KEYS).invalidate(where=lambda _, found: found[0].id == key_id)


def _owned_by(caller: Principal | None, owner: Principal) -> None:
    """An organisation's keys are for an admin, or the organisation itself (``None``: the
    command line, which speaks for the platform's administrator)."""
    if caller is not None:
        check(
            may_manage_keys(caller, owner.organisation_id),
            caller,
            Action.MANAGE_KEYS,
            f"organisation {owner.name!r}",
        )


def list_keys(platform: Platform, caller: Principal | None, id_or_name: str) -> list[ApiKey]:
    """The keys of an organisation (never the keys themselves), revoked ones too."""
    owner = organisation(platform, id_or_name)
    _owned_by(caller, owner)
    with platform.uow(read_only=True) as uow:
        return uow.accounts.keys(owner.organisation_id)


def revoke_key(
    platform: Platform, caller: Principal | None, id_or_name: str, key_id_or_prefix: str
) -> ApiKey:
    """Revoke a key of an organisation and end the web sessions it started.

    The key stops working at once in this process and within :data:`CACHE_SECONDS` in every
    other; its sessions end at once everywhere. Revoking a revoked key changes nothing.
    """
    owner = organisation(platform, id_or_name)
    _owned_by(caller, owner)
    now = dt.datetime.now(dt.UTC)
    wanted = key_id_or_prefix.strip().removeprefix(f"{_KEY_PREFIX}_").split("_", 1)[0]
    with platform.uow() as uow:
        found = uow.accounts.organisation_key(owner.organisation_id, wanted)
        if found is None:
            raise NotFound(f"organisation {owner.name!r} has no key {key_id_or_prefix!r}")
        uow.accounts.revoke_key(found.id, now)
        revoked = uow.accounts.organisation_key(owner.organisation_id, found.id)
    _forget_cached(platform, found.id)
    assert revoked is not None
    return revoked


SYSTEM_NAME = IMPORTER_NAME


def system_principal(platform: Platform) -> Principal:
    """The admin organisation on whose behalf command-line imports write (made on first use)."""
    with platform.uow(read_only=True) as uow:
        found = uow.accounts.organisation(SYSTEM_NAME)
    if found is not None:
        return found
    try:
        return create_organisation(platform, SYSTEM_NAME, "admin")
    except Conflict:  # another import made it meanwhile
        return organisation(platform, SYSTEM_NAME)


# Users and web sessions -----------------------------------------------------------------------

SESSION_HOURS = 12
_SCRYPT = (2**14, 8, 1)  # n, r, p: OWASP's minimum for scrypt


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` of ``password`` (hex), with a fresh random salt."""
    n, r, p = _SCRYPT
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def _password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed.hex(), digest)


def create_user(platform: Platform, id_or_name: str, username: str, password: str) -> Principal:
    """A person of an organisation who signs in to the web platform with a password."""
    username = username.strip()
    if not 3 <= len(username) <= 100 or any(c.isspace() for c in username):
        raise InvalidInput(f"username {username!r} must be 3 to 100 characters without spaces")
    if len(password) < 10:
        raise InvalidInput("password must be at least 10 characters")
    owner = organisation(platform, id_or_name)
    with platform.uow() as uow:
        uow.accounts.add_user(
            id=str(uuid.uuid4()),
            organisation_id=owner.organisation_id,
            username=username,
            password_hash=hash_password(password),
        )
    return owner


SCRYPT_SLOTS = max(1, (os.cpu_count() or 2) // 2)
"""Password hashes computed at once by one process: half the cores, so that a flood of
sign-ins leaves the other half to everyone else."""
SCRYPT_WAIT_SECONDS = 2.0
"""How long a sign-in waits for a free slot before it is told to come back (503)."""
_scrypt_slots = threading.BoundedSemaphore(SCRYPT_SLOTS)


def _now() -> dt.datetime:
    """The time of the throttling rules (tests move it)."""
    return dt.datetime.now(dt.UTC)


def _throttle_keys(username: str, address: str | None) -> dict[str, ThrottleRule]:
    """The counters an attempt is checked against: its account's and its address's (IPv6 by
    its /64, the block one subscriber gets)."""
    keys = {f"user:{username.casefold()[:200]}": ACCOUNT_RULE}
    if address:
        try:
            parsed = ipaddress.ip_address(address)
            if parsed.version == 6:
                address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
        except ValueError:
            pass
        keys[f"addr:{address[:200]}"] = ADDRESS_RULE
    return keys


def _claim_attempt(platform: Platform, rules: dict[str, ThrottleRule]) -> None:
    """Count an attempt as a failure before checking it (so that attempts racing in several
    processes are all counted), or :class:`Throttled` if one of its counters says wait."""
    now = _now()
    with platform.uow() as uow:
        counts = uow.accounts.sign_in_attempts(list(rules))
        found = {key: counts.get(key, SignInCount()) for key in rules}
        wait = max(
            rule.wait(found[key].failures, found[key].last_failure_at, now)
            for key, rule in rules.items()
        )
        if wait > dt.timedelta(0):
            raise Throttled(
                "too many failed sign-ins for this account or from this address: try again "
                f"in {math.ceil(wait.total_seconds())} seconds",
                retry_after=math.ceil(wait.total_seconds()),
            )
        for key, rule in rules.items():
            recent = rule.recent(found[key].failures, found[key].last_failure_at, now)
            uow.accounts.set_sign_in_failures(key, recent + 1, now)
        oldest = max(rule.forget_after for rule in rules.values())
        uow.accounts.forget_sign_in_attempts(before=now - oldest)


def _settle_attempt(platform: Platform, rules: dict[str, ThrottleRule], *, right: bool) -> None:
    """After the check: the right password clears its account's count; and the address's count
    loses this attempt, which was no failure (nor is one that found no free slot)."""
    with platform.uow() as uow:
        counts = uow.accounts.sign_in_attempts(list(rules))
        for key in rules:
            count = counts.get(key, SignInCount())
            if key.startswith("user:") and right:
                uow.accounts.clear_sign_in_attempts(key)
            elif count.failures > 0:
                uow.accounts.set_sign_in_failures(key, count.failures - 1, count.last_failure_at)


def check_password(
    platform: Platform, username: str, password: str, *, address: str | None = None
) -> tuple[str, Principal]:
    """(user id, organisation) of a user whose password this is, or :class:`Unauthorized`.

    Raises :class:`Throttled` (before any scrypt, whether the password is right or not) while
    the account or the client ``address`` has failed too often lately, and :class:`Busy` when
    no scrypt slot frees within :data:`SCRYPT_WAIT_SECONDS`.
    """
    username = username.strip()
    rules = _throttle_keys(username, address)
    _claim_attempt(platform, rules)
    if not _scrypt_slots.acquire(timeout=SCRYPT_WAIT_SECONDS):
        _settle_attempt(platform, rules, right=False)
        raise Busy("the server is busy checking other sign-ins: try again", retry_after=2)
    try:
        found = _user(platform, username, password)
    finally:
        _scrypt_slots.release()
    if found is None:
        raise Unauthorized("the username or the password is not right")
    _settle_attempt(platform, rules, right=True)
    return found


def _user(platform: Platform, username: str, password: str) -> tuple[str, Principal] | None:
    with platform.uow(read_only=True) as uow:
        found = uow.accounts.user(username)
    if found is None:
        hash_password(password)  # the same work as for a known user: timing tells nothing
        return None
    if not _password_matches(password, found.password_hash):
        return None
    return found.user_id, found.owner


def start_session(
    platform: Platform,
    principal: Principal,
    user_id: str | None = None,
    *,
    api_key_id: str | None = None,
) -> tuple[str, str]:
    """A new web session: (the cookie's token, the session's CSRF token). Only the token's
    SHA-256 is stored. A session started with an API key (``api_key_id``) ends with the key."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    with platform.uow() as uow:
        uow.accounts.add_session(
            token_hash=_hash(token),
            organisation_id=principal.organisation_id,
            user_id=user_id,
            api_key_id=api_key_id,
            csrf_token=csrf,
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=SESSION_HOURS),
        )
    return token, csrf


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSession:
    """A live web session: who it speaks for, its CSRF token and the user who signed in."""

    principal: Principal
    csrf_token: str
    username: str | None
    """``None`` for a session started with an API key."""


def session(platform: Platform, token: str | None) -> WebSession | None:
    """The live session of a session token, else ``None``."""
    if not token or len(token) > 200:
        return None
    with platform.uow(read_only=True) as uow:
        found = uow.accounts.web_session(_hash(token), dt.datetime.now(dt.UTC))
    if found is None:
        return None
    return WebSession(principal=found.owner, csrf_token=found.csrf_token, username=found.username)


def end_session(platform: Platform, token: str | None) -> None:
    if token and len(token) <= 200:
        with platform.uow() as uow:
            uow.accounts.end_session(_hash(token))
