"""Organisations, their API keys, users, web sessions and sign-in counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from landsea.domain.booking import Principal, Role
from landsea.domain.credentials import ApiKey
from landsea.errors import Conflict
from landsea.persistence.records import SignInCount, StoredKey, UserLogin, WebSession
from landsea.persistence.repositories._sql import insert_or_skip, rowcount
from landsea.persistence.tables import (
    ApiKeyRow,
    OrganisationRow,
    SignInAttemptRow,
    UserRow,
    WebSessionRow,
)

__all__ = ["Accounts"]


class Accounts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_organisation(
        self, *, id: str, name: str, role: Role, operator_match: str | None
    ) -> Principal:
        row = OrganisationRow(id=id, name=name, role=role.value, operator_match=operator_match)
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError:
            raise Conflict(f"an organisation named {name!r} already exists") from None
        return _principal(row)

    def organisation(self, id_or_name: str) -> Principal | None:
        row = self.session.scalars(
            select(OrganisationRow).where(
                or_(OrganisationRow.id == id_or_name, OrganisationRow.name == id_or_name)
            )
        ).first()
        return _principal(row) if row else None

    def organisations(self, *, after: str | None, limit: int) -> list[Principal]:
        query = select(OrganisationRow).order_by(OrganisationRow.id).limit(limit)
        if after:
            query = query.where(OrganisationRow.id > after)
        return [_principal(row) for row in self.session.scalars(query)]

    def add_key(self, *, id: str, organisation_id: str, prefix: str, key_hash: str) -> None:
        self.session.add(
            ApiKeyRow(id=id, organisation_id=organisation_id, prefix=prefix, key_hash=key_hash)
        )
        self.session.flush()

    def key(self, prefix: str) -> StoredKey | None:
        """The live key with ``prefix``, its stored hash and its organisation."""
        found = self.session.execute(
            select(ApiKeyRow, OrganisationRow)
            .join(OrganisationRow, OrganisationRow.id == ApiKeyRow.organisation_id)
            .where(ApiKeyRow.prefix == prefix, ApiKeyRow.revoked_at.is_(None))
        ).first()
        if found is None:
            return None
        key, owner = found
        return StoredKey(key=_api_key(key), key_hash=key.key_hash, owner=_principal(owner))

    def keys(self, organisation_id: str) -> list[ApiKey]:
        """Every key of an organisation, revoked ones too, oldest first."""
        rows = self.session.scalars(
            select(ApiKeyRow)
            .where(ApiKeyRow.organisation_id == organisation_id)
            .order_by(ApiKeyRow.created_at, ApiKeyRow.id)
        )
        return [_api_key(row) for row in rows]

    def organisation_key(self, organisation_id: str, id_or_prefix: str) -> ApiKey | None:
        """The key of the organisation whose id or prefix is ``id_or_prefix``."""
        row = self.session.scalars(
            select(ApiKeyRow).where(
                ApiKeyRow.organisation_id == organisation_id,
                or_(ApiKeyRow.id == id_or_prefix, ApiKeyRow.prefix == id_or_prefix),
            )
        ).first()
        return _api_key(row) if row else None

    def touch_key(self, key_id: str, now: dt.datetime, *, unless_since: dt.datetime) -> None:
        """Note that the key was used ``now``, unless that was noted after ``unless_since``."""
        self.session.execute(
            update(ApiKeyRow)
            .where(
                ApiKeyRow.id == key_id,
                or_(ApiKeyRow.last_used_at.is_(None), ApiKeyRow.last_used_at < unless_since),
            )
            .values(last_used_at=now)
        )

    def revoke_key(self, key_id: str, now: dt.datetime) -> int:
        """Revoke the key (if it is live) and end the web sessions it started; how many."""
        self.session.execute(
            update(ApiKeyRow)
            .where(ApiKeyRow.id == key_id, ApiKeyRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        ended = self.session.execute(
            delete(WebSessionRow).where(WebSessionRow.api_key_id == key_id)
        )
        return rowcount(ended)

    def add_user(self, *, id: str, organisation_id: str, username: str, password_hash: str) -> None:
        self.session.add(
            UserRow(
                id=id,
                organisation_id=organisation_id,
                username=username,
                password_hash=password_hash,
            )
        )
        try:
            self.session.flush()
        except IntegrityError:
            raise Conflict(f"a user named {username!r} already exists") from None

    def user(self, username: str) -> UserLogin | None:
        """The id, password hash and organisation of ``username``."""
        found = self.session.execute(
            select(UserRow.id, UserRow.password_hash, OrganisationRow)
            .join(OrganisationRow, OrganisationRow.id == UserRow.organisation_id)
            .where(UserRow.username == username)
        ).first()
        if found is None:
            return None
        user_id, password_hash, owner = found
        return UserLogin(user_id=user_id, password_hash=password_hash, owner=_principal(owner))

    def add_session(
        self,
        *,
        token_hash: str,
        organisation_id: str,
        user_id: str | None,
        api_key_id: str | None,
        csrf_token: str,
        expires_at: dt.datetime,
    ) -> None:
        self.session.add(
            WebSessionRow(
                token_hash=token_hash,
                organisation_id=organisation_id,
                user_id=user_id,
                api_key_id=api_key_id,
                csrf_token=csrf_token,
                expires_at=expires_at,
            )
        )
        self.session.flush()

    def web_session(self, token_hash: str, now: dt.datetime) -> WebSession | None:
        """The organisation, CSRF token and user name of a live session."""
        found = self.session.execute(
            select(OrganisationRow, WebSessionRow.csrf_token, UserRow.username)
            .join(OrganisationRow, OrganisationRow.id == WebSessionRow.organisation_id)
            .outerjoin(UserRow, UserRow.id == WebSessionRow.user_id)
            .outerjoin(ApiKeyRow, ApiKeyRow.id == WebSessionRow.api_key_id)
            .where(
                WebSessionRow.token_hash == token_hash,
                WebSessionRow.expires_at > now,
                # A session started with a key lives no longer than the key.
                or_(WebSessionRow.api_key_id.is_(None), ApiKeyRow.revoked_at.is_(None)),
            )
        ).first()
        if found is None:
            return None
        owner, csrf_token, username = found
        return WebSession(owner=_principal(owner), csrf_token=csrf_token, username=username)

    def end_session(self, token_hash: str) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    def sign_in_attempts(self, keys: Sequence[str]) -> dict[str, SignInCount]:
        """The count of each key, its row locked until the transaction ends (rows are made
        first, so that two processes counting the same new key wait in turn)."""
        self.session.execute(
            insert_or_skip(self.session, SignInAttemptRow, "key"),
            [{"key": key, "failures": 0, "last_failure_at": None} for key in sorted(keys)],
        )
        rows = self.session.scalars(
            select(SignInAttemptRow)
            .where(SignInAttemptRow.key.in_(sorted(keys)))
            .order_by(SignInAttemptRow.key)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return {
            row.key: SignInCount(failures=row.failures, last_failure_at=row.last_failure_at)
            for row in rows
        }

    def set_sign_in_failures(self, key: str, failures: int, last: dt.datetime | None) -> None:
        self.session.execute(
            update(SignInAttemptRow)
            .where(SignInAttemptRow.key == key)
            .values(failures=failures, last_failure_at=last)
        )

    def forget_sign_in_attempts(self, *, before: dt.datetime) -> None:
        """Forget the counts whose last failure is before ``before``."""
        self.session.execute(
            delete(SignInAttemptRow).where(SignInAttemptRow.last_failure_at < before)
        )

    def clear_sign_in_attempts(self, key: str) -> None:
        self.session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.key == key))


# Mapping: rows to domain records.


def _principal(row: OrganisationRow) -> Principal:
    return Principal(
        organisation_id=row.id,
        name=row.name,
        role=Role(row.role),
        operator_match=row.operator_match,
    )


def _api_key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        organisation_id=row.organisation_id,
        prefix=row.prefix,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )
