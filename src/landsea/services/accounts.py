"""Organisations and API keys: keys are random, shown once, and stored only as a SHA-256 hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
import uuid

from landsea.domain.booking import Principal, Role
from landsea.errors import Conflict, InvalidInput, NotFound, Unauthorized
from landsea.services.platform import Platform

__all__ = [
    "authenticate",
    "check_password",
    "create_key",
    "create_organisation",
    "create_user",
    "end_session",
    "hash_password",
    "list_organisations",
    "organisation",
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


_CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, Principal]] = {}


def authenticate(platform: Platform, key: str | None) -> Principal:
    """The organisation whose live API key ``key`` is, or :class:`Unauthorized`.

    A key once checked is remembered for 30 seconds in this process (by its hash), sparing the
    database a read on every request; a revoked key therefore stops working within 30 seconds.
    """
    if not key:
        raise Unauthorized("an API key is needed: send 'Authorization: Bearer <key>'")
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != _KEY_PREFIX:
        raise Unauthorized("the API key is not valid")
    digest = _hash(key)
    now = time.monotonic()
    cached = _cache.get(f"{platform.database_url} {digest}")
    if cached is not None and cached[0] > now:
        return cached[1]
    with platform.uow(read_only=True) as uow:
        found = uow.accounts.key(parts[1])
    if found is None or not hmac.compare_digest(found[0], digest):
        raise Unauthorized("the API key is not valid")
    if len(_cache) > 10_000:
        _cache.clear()
    _cache[f"{platform.database_url} {digest}"] = (now + _CACHE_SECONDS, found[1])
    return found[1]


SYSTEM_NAME = "landsea importer"


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


def check_password(platform: Platform, username: str, password: str) -> tuple[str, Principal]:
    """(user id, organisation) of a user whose password this is, or :class:`Unauthorized`."""
    with platform.uow(read_only=True) as uow:
        found = uow.accounts.user(username.strip())
    if found is None:
        hash_password(password)  # the same work as for a known user: timing tells nothing
        raise Unauthorized("the username or the password is not right")
    user_id, stored, owner = found
    if not _password_matches(password, stored):
        raise Unauthorized("the username or the password is not right")
    return user_id, owner


def start_session(
    platform: Platform, principal: Principal, user_id: str | None = None
) -> tuple[str, str]:
    """A new web session: (the cookie's token, the session's CSRF token). Only the token's
    SHA-256 is stored."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    with platform.uow() as uow:
        uow.accounts.add_session(
            token_hash=_hash(token),
            organisation_id=principal.organisation_id,
            user_id=user_id,
            csrf_token=csrf,
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=SESSION_HOURS),
        )
    return token, csrf


def session(platform: Platform, token: str | None) -> tuple[Principal, str, str | None] | None:
    """(organisation, CSRF token, user name) of a live session token, else ``None``."""
    if not token or len(token) > 200:
        return None
    with platform.uow(read_only=True) as uow:
        return uow.accounts.web_session(_hash(token), dt.datetime.now(dt.UTC))


def end_session(platform: Platform, token: str | None) -> None:
    if token and len(token) <= 200:
        with platform.uow() as uow:
            uow.accounts.end_session(_hash(token))
