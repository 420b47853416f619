"""Event subscriptions matched straight through the service (both databases, rolled back):
filters ANDed (a list means any of), and each subscriber sent only what its organisation may
read (domain/access.py: a shipper its own bookings' events)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest

from landsea.domain.booking import Principal
from landsea.domain.webhook_target import TargetPolicy
from landsea.errors import InvalidInput, NotFound
from landsea.services import accounts, subscriptions, tracking
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.platform import Platform
from landsea.services.subscriptions import Subscription

TRAIN = "SR-CQ-QZH-20261207-0900"
SECRET = "MDEyMzQ1Njc4OWFiY2RlZg=="  # 16 bytes


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Subscribing Exporter", "shipper")


def _booking(platform: Platform, shipper: Principal) -> str:
    request = BookingRequest(
        legs=(LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),), teu=1
    )
    booking, _ = create_booking(platform, shipper, request)
    return booking.id


def _subscribe(platform: Platform, who: Principal, **filters: Any) -> str:
    subscription = Subscription(
        id=str(uuid.uuid4()), organisation_id=who.organisation_id,
        callback_url="https://example.com/hook", secret=SECRET,
        filters={k: v if isinstance(v, list) else [v] for k, v in filters.items()},
        created_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    with platform.uow() as uow:  # not create_subscription: its callback check may resolve DNS
        uow.subscriptions.add(subscription)
    return subscription.id


def _event(
    event_id: str,
    booking: str,
    *,
    kind: str = "TRANSPORT",
    where: str = "CNQZH",
    container: str | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventID": event_id,
        "eventType": kind,
        "eventClassifierCode": "ACT",
        "eventDateTime": "2026-12-09T01:00:00Z",
        "transportCall": {"UNLocationCode": where},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": booking}],
    }
    if kind == "TRANSPORT":
        event["transportEventTypeCode"] = "ARRI"
    else:
        event.update(equipmentEventTypeCode="DISC", equipmentReference=container)
    return event  # fmt: skip


def _sent(platform: Platform, subscription_id: str) -> list[str]:
    with platform.uow(read_only=True) as uow:
        due = uow.subscriptions.due(dt.datetime.now(dt.UTC) + dt.timedelta(days=1), 1000)
    return sorted(
        e["eventID"]
        for n in due
        if n.subscription_id == subscription_id
        for e in json.loads(n.payload)
    )


def test_filters_are_anded_and_a_list_means_any_of(platform: Platform, shipper: Principal) -> None:
    booking = _booking(platform, shipper)
    arrivals = _subscribe(platform, shipper, eventType="TRANSPORT")
    at_qinzhou_or_pingxiang = _subscribe(
        platform, shipper, eventType="EQUIPMENT", UNLocationCode=["CNQZH", "CNPXG"]
    )
    one_box = _subscribe(platform, shipper, equipmentReference="CSQU3054383")
    events = [
        _event("s-arri", booking),
        _event("s-disc-qzh", booking, kind="EQUIPMENT", container="CSQU3054383"),
        _event("s-disc-sin", booking, kind="EQUIPMENT", where="SGSIN", container="MSCU6639870"),
    ]
    tracking.ingest_events(platform, accounts.system_principal(platform), events)
    assert _sent(platform, arrivals) == ["s-arri"]
    assert _sent(platform, at_qinzhou_or_pingxiang) == ["s-disc-qzh"]
    assert _sent(platform, one_box) == ["s-disc-qzh"]


def test_a_shipper_is_sent_only_its_own_bookings_events(
    platform: Platform, shipper: Principal
) -> None:
    other = accounts.create_organisation(platform, "Another Exporter", "shipper")
    mine, theirs = _booking(platform, shipper), _booking(platform, other)
    everything_mine = _subscribe(platform, shipper)
    snooping = _subscribe(platform, shipper, carrierBookingReference=theirs)
    admin_sees_all = _subscribe(platform, accounts.system_principal(platform))
    tracking.ingest_events(platform, accounts.system_principal(platform),
                           [_event("s-mine", mine), _event("s-theirs", theirs)])  # fmt: skip
    assert _sent(platform, everything_mine) == ["s-mine"]
    assert _sent(platform, snooping) == []
    assert _sent(platform, admin_sees_all) == ["s-mine", "s-theirs"]


def test_a_subscription_is_read_with_its_deliveries_by_its_owner_only(
    platform: Platform, shipper: Principal
) -> None:
    booking = _booking(platform, shipper)
    subscription = _subscribe(platform, shipper)
    tracking.ingest_events(platform, accounts.system_principal(platform),
                           [_event("s-1", booking)])  # fmt: skip
    found = subscriptions.get_subscription(platform, shipper, subscription)
    assert found.subscription.id == subscription
    assert (found.deliveries.pending, found.deliveries.delivered) == (1, 0)
    assert found.deliveries.latest[0].events == 1
    other = accounts.create_organisation(platform, "Nosy Exporter", "shipper")
    with pytest.raises(NotFound, match=subscription):
        subscriptions.get_subscription(platform, other, subscription)


@pytest.mark.parametrize(
    ("secret", "filters", "message"),
    [
        ("c2hvcnQ=", {}, "secret decodes to 5 bytes; at least 16 are needed"),
        ("not base64!", {}, "secret is not Base64"),
        (SECRET, {"colour": "red"}, "filters ['colour'] are not event filters"),
        (
            SECRET,
            {"eventType": "IOT"},
            "eventType 'IOT' must be one of TRANSPORT, EQUIPMENT, SHIPMENT",
        ),
    ],
)
def test_a_bad_subscription_is_refused_by_field_and_value(
    platform: Platform, shipper: Principal, secret: str, filters: dict[str, Any], message: str
) -> None:
    platform.webhook_policy = TargetPolicy(allow_http=True, allow_loopback=True)
    with pytest.raises(InvalidInput) as refused:
        subscriptions.create_subscription(
            platform, shipper, callback_url="http://127.0.0.1:9/hook", secret=secret,
            filters=filters,
        )  # fmt: skip
    assert str(refused.value).startswith(message)
