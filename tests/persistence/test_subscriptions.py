"""Subscriptions and their outbox: filters as JSON, due notifications, retries, counts."""

from __future__ import annotations

import datetime as dt
import uuid

from landsea.persistence.database import UnitOfWork
from landsea.persistence.records import Subscription
from landsea.services.platform import Platform
from tests.persistence.records import T0, organisation


def _subscription(uow: UnitOfWork) -> Subscription:
    made = Subscription(
        id=str(uuid.uuid4()),
        organisation_id=organisation(uow),
        callback_url="https://hooks.example.com/x",
        secret="s" * 32,
        filters={"eventType": ["EQUIPMENT"], "UNLocationCode": ["CNQZH"]},
        created_at=T0,
    )
    uow.subscriptions.add(made)
    return made


def test_a_subscription_reads_back_with_its_filters(platform: Platform) -> None:
    with platform.uow() as uow:
        made = _subscription(uow)
    with platform.uow(read_only=True) as uow:
        assert uow.subscriptions.all(made.organisation_id) == [made]


def test_the_outbox_delivers_retries_and_counts(platform: Platform) -> None:
    with platform.uow() as uow:
        made = _subscription(uow)
        uow.subscriptions.enqueue([(made.id, '[{"eventID":"a"},{"eventID":"b"}]')] * 3, T0)
        due = [n for n in uow.subscriptions.due(T0, 100) if n.subscription_id == made.id]
        assert len(due) == 3 and due[0].payload.startswith("[{")
        uow.subscriptions.delivered(due[0].id, T0)
        later = T0 + dt.timedelta(minutes=5)
        uow.subscriptions.retry(due[1].id, at=later, error="503", now=T0)
        uow.subscriptions.retry(due[2].id, at=None, error="gone", now=T0)
        assert [n.id for n in uow.subscriptions.due(T0, 100) if n.subscription_id == made.id] == []
        assert [
            n.id for n in uow.subscriptions.due(later, 100) if n.subscription_id == made.id
        ] == [due[1].id]
        outbox = uow.subscriptions.outbox(made.id)
    assert (outbox.pending, outbox.delivered, outbox.failed) == (1, 1, 1)
    newest = outbox.latest[0]
    assert newest.id == due[2].id and newest.events == 2 and newest.last_error == "gone"
    assert newest.failed_at == T0 and outbox.latest[1].next_attempt_at == later


def test_deleting_a_subscription_fails_what_it_had_pending(platform: Platform) -> None:
    with platform.uow() as uow:
        made = _subscription(uow)
        uow.subscriptions.enqueue([(made.id, "[]")], T0)
        assert not uow.subscriptions.delete(made.id, str(uuid.uuid4()))  # not theirs
        assert uow.subscriptions.delete(made.id, made.organisation_id)
        assert uow.subscriptions.all(made.organisation_id) == []
        assert [n for n in uow.subscriptions.due(T0, 100) if n.subscription_id == made.id] == []
