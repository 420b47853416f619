"""Tracking ingest straight through the service (both databases, rolled back): duplicates,
DCSA 3.0 supersession, Beta-1 retraction, unsupported types and rejections in one batch."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landsea.domain.booking import Principal
from landsea.domain.tracking import TrackingEvent
from landsea.services import accounts, tracking
from landsea.services.platform import Platform


def _v30(event_id: str, updated: str, code: str = "ARRI") -> dict[str, Any]:
    return {
        "eventID": event_id,
        "eventDateTime": "2026-12-09T01:00:00Z",
        "eventUpdatedDateTime": updated,
        "eventClassification": {"eventTypeCode": "TRANSPORT", "eventClassifierCode": "EST",
                                "transportEventTypeCode": code},
        "eventLocation": {"UNLocationCode": "CNQZH"},
    }  # fmt: skip


def _v22(event_id: str) -> dict[str, Any]:
    return {
        "eventID": event_id, "eventType": "TRANSPORT", "eventClassifierCode": "ACT",
        "eventDateTime": "2026-12-09T01:00:00Z", "transportEventTypeCode": "DEPA",
        "transportCall": {"UNLocationCode": "CNCQI"},
    }  # fmt: skip


def _admin(platform: Platform) -> Principal:
    return accounts.system_principal(platform)


def _stored(platform: Platform) -> dict[str, TrackingEvent]:
    found = tracking.find_events(platform, _admin(platform), filters={}, after=None, limit=1000)
    return {e.event_id: e for e in found if e.event_id.startswith("t-")}


def test_a_duplicate_is_counted_once_and_stored_once(platform: Platform) -> None:
    first = tracking.ingest_events(platform, _admin(platform), [_v22("t-1"), _v22("t-1")])
    assert (first.stored, first.duplicates) == (1, 1)
    again = tracking.ingest_events(platform, _admin(platform), [_v22("t-1")])
    assert (again.stored, again.duplicates, again.superseded) == (0, 1, 0)
    assert list(_stored(platform)) == ["t-1"]


def test_a_later_30_update_supersedes_and_an_earlier_one_does_not(platform: Platform) -> None:
    admin = _admin(platform)
    tracking.ingest_events(platform, admin, [_v30("t-eta", "2026-12-01T00:00:00Z")])
    later = _v30("t-eta", "2026-12-02T00:00:00Z", code="DEPA")
    report = tracking.ingest_events(platform, admin, [later])
    assert (report.stored, report.superseded, report.duplicates) == (0, 1, 0)
    assert _stored(platform)["t-eta"].type_code == "DEPA"
    stale = tracking.ingest_events(platform, admin, [_v30("t-eta", "2026-12-01T12:00:00Z")])
    assert (stale.superseded, stale.duplicates) == (0, 1)
    assert _stored(platform)["t-eta"].updated == dt.datetime(2026, 12, 2, tzinfo=dt.UTC)


def test_a_retraction_withdraws_the_event_it_names(platform: Platform) -> None:
    admin = _admin(platform)
    tracking.ingest_events(platform, admin, [_v22("t-gone"), _v22("t-kept")])
    retraction = {"metadata": {"eventID": "t-retract", "retractedEventID": "t-gone"}}
    report = tracking.ingest_events(platform, admin, [retraction])
    assert report.retracted == 1
    assert list(_stored(platform)) == ["t-kept"]
    nothing = tracking.ingest_events(platform, admin, [{"metadata": {
        "eventID": "t-retract-2", "retractedEventID": "t-never"}}])  # fmt: skip
    assert nothing.retracted == 0


def test_a_batch_keeps_the_good_reports_the_bad_and_counts_the_unsupported(
    platform: Platform,
) -> None:
    batch = [_v22("t-good"), {**_v22("t-bad"), "eventDateTime": "soon"},
             {**_v22("t-iot"), "eventType": "CARBON"}]  # fmt: skip
    report = tracking.ingest_events(platform, _admin(platform), batch, first_index=10)
    assert (report.stored, report.unsupported) == (1, 1)
    assert [(r.index, r.field, r.value) for r in report.rejected] == [(11, "eventDateTime", "soon")]
    assert list(_stored(platform)) == ["t-good"]


def test_an_operator_may_not_write_events_of_a_booking_off_its_services(
    platform: Platform,
) -> None:
    operator = accounts.create_organisation(
        platform, "Tracking Operator", "operator", operator_match="No Such Line"
    )
    named = {**_v22("t-theirs"), "documentReferences": [
        {"documentReferenceType": "BKG", "documentReferenceValue": "someone-elses"}]}  # fmt: skip
    report = tracking.ingest_events(platform, operator, [named])
    assert report.stored == 0 and len(report.rejected) == 1
    assert report.rejected[0].value == "someone-elses"
