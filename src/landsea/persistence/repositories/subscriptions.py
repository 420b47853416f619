"""Event subscriptions and the outbox of notifications to deliver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.orm import Session

from landsea.persistence.records import Notification, OutboxEntry, OutboxSummary, Subscription
from landsea.persistence.repositories._sql import is_postgresql, table
from landsea.persistence.tables import EventSubscriptionRow, OutboxRow

__all__ = ["Subscriptions"]


class Subscriptions:
    """Event subscriptions and the outbox of notifications to deliver."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, subscription: Subscription) -> None:
        self.session.add(
            EventSubscriptionRow(
                id=subscription.id,
                organisation_id=subscription.organisation_id,
                callback_url=subscription.callback_url,
                secret=subscription.secret,
                filters=subscription.filters,
                created_at=subscription.created_at,
                version=subscription.version,
            )
        )
        self.session.flush()

    def change(
        self,
        subscription_id: str,
        *,
        callback_url: str | None = None,
        filters: dict[str, Any] | None = None,
        secret: str | None = None,
    ) -> None:
        """A new callback, filters or secret (what is given); notifications not yet delivered
        are sent to the new callback and signed with the new secret."""
        values: dict[str, Any] = {
            "callback_url": callback_url,
            "filters": filters,
            "secret": secret,
        }
        self.session.execute(
            update(EventSubscriptionRow)
            .where(EventSubscriptionRow.id == subscription_id)
            .values(**{k: v for k, v in values.items() if v is not None})
        )

    def all(self, organisation_id: str | None = None) -> list[Subscription]:
        """Every subscription (or the organisation's), in id order."""
        query = select(EventSubscriptionRow).order_by(EventSubscriptionRow.id)
        if organisation_id is not None:
            query = query.where(EventSubscriptionRow.organisation_id == organisation_id)
        return [_subscription(row) for row in self.session.scalars(query)]

    def delete(self, subscription_id: str, organisation_id: str | None) -> bool:
        """Delete the subscription (the organisation's only, if given); its undelivered
        notifications fail. ``False`` if there is no such subscription."""
        query = select(EventSubscriptionRow).where(EventSubscriptionRow.id == subscription_id)
        if organisation_id is not None:
            query = query.where(EventSubscriptionRow.organisation_id == organisation_id)
        row = self.session.scalars(query).first()
        if row is None:
            return False
        self.session.execute(
            update(OutboxRow).where(OutboxRow.subscription_id == subscription_id, OutboxRow.delivered_at.is_(None))
            .values(failed_at=dt.datetime.now(dt.UTC), last_error="subscription deleted")
        )  # fmt: skip
        self.session.delete(row)
        return True

    def enqueue(self, rows: Sequence[tuple[str, str]], now: dt.datetime) -> None:
        """Outbox rows of (subscription id, JSON payload), due now."""
        if rows:
            self.session.connection().execute(
                insert(table(OutboxRow)),
                [
                    {
                        "subscription_id": s,
                        "payload": p,
                        "attempts": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                    for s, p in rows
                ],
            )

    def due(self, now: dt.datetime, limit: int) -> list[Notification]:
        """Notifications due for delivery, locked for this deliverer (others skip them)."""
        query = (
            select(OutboxRow, EventSubscriptionRow)
            .join(EventSubscriptionRow, EventSubscriptionRow.id == OutboxRow.subscription_id)
            .where(
                OutboxRow.delivered_at.is_(None),
                OutboxRow.failed_at.is_(None),
                OutboxRow.next_attempt_at <= now,
            )
            .order_by(OutboxRow.id)
            .limit(limit)
        )
        if is_postgresql(self.session):
            query = query.with_for_update(skip_locked=True, of=OutboxRow)
        return [_notification(o, s) for o, s in self.session.execute(query)]

    def lease(self, notification_ids: Sequence[int], until: dt.datetime) -> None:
        if notification_ids:
            self.session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(list(notification_ids)))
                .values(next_attempt_at=until)
            )

    def delivered(self, notification_id: int, now: dt.datetime) -> None:
        self.session.execute(
            update(OutboxRow).where(OutboxRow.id == notification_id)
            .values(delivered_at=now, attempts=OutboxRow.attempts + 1, last_error=None)
        )  # fmt: skip

    def retry(
        self, notification_id: int, *, at: dt.datetime | None, error: str, now: dt.datetime
    ) -> None:
        """Count a failed attempt; try again ``at``, or give up when ``at`` is ``None``."""
        values: dict[str, Any] = {"attempts": OutboxRow.attempts + 1, "last_error": error[:500]}
        if at is None:
            values["failed_at"] = now
        else:
            values["next_attempt_at"] = at
        self.session.execute(
            update(OutboxRow).where(OutboxRow.id == notification_id).values(**values)
        )

    def outbox(self, subscription_id: str, last: int = 20) -> OutboxSummary:
        """Counts of pending, delivered and failed notifications, and the latest ``last``."""
        rows = self.session.scalars(
            select(OutboxRow)
            .where(OutboxRow.subscription_id == subscription_id)
            .order_by(OutboxRow.id.desc())
            .limit(last)
        )
        return OutboxSummary(
            pending=self._count(
                subscription_id, OutboxRow.delivered_at.is_(None), OutboxRow.failed_at.is_(None)
            ),
            delivered=self._count(subscription_id, OutboxRow.delivered_at.is_not(None)),
            failed=self._count(subscription_id, OutboxRow.failed_at.is_not(None)),
            latest=tuple(_entry(row) for row in rows),
        )

    def _count(self, subscription_id: str, *where: ColumnElement[bool]) -> int:
        query = select(func.count()).where(OutboxRow.subscription_id == subscription_id, *where)
        return int(self.session.scalar(query) or 0)


# Mapping: rows to records.


def _subscription(row: EventSubscriptionRow) -> Subscription:
    return Subscription(
        id=row.id,
        organisation_id=row.organisation_id,
        callback_url=row.callback_url,
        secret=row.secret,
        filters=row.filters,
        created_at=row.created_at,
        version=row.version,
    )


def _notification(outbox: OutboxRow, subscription: EventSubscriptionRow) -> Notification:
    return Notification(
        id=outbox.id,
        subscription_id=subscription.id,
        callback_url=subscription.callback_url,
        secret=subscription.secret,
        payload=outbox.payload,
        attempts=outbox.attempts,
        version=subscription.version,
    )


def _count_events(body: Any) -> int:
    """The events of a notification: a 2.2 array, or a 3.0 ``{"events": [...]}``."""
    return len(body["events"]) if isinstance(body, dict) else len(body)


def _entry(row: OutboxRow) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        attempts=row.attempts,
        # The payload is the exact body sent (text, not a value): count its events.
        events=_count_events(orjson.loads(row.payload)),
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        delivered_at=row.delivered_at,
        failed_at=row.failed_at,
        last_error=row.last_error,
    )
