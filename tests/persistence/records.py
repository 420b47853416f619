"""Small makers for the persistence tests: an organisation, a departure, a booking."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from landsea.domain.booking import Booking, BookingLeg, BookingStatus, DepartureCapacity, Role
from landsea.domain.money import Money
from landsea.persistence.database import UnitOfWork

__all__ = ["CST", "T0", "booking", "departure", "organisation"]

CST = dt.timezone(dt.timedelta(hours=8))
"""China Standard Time: the corridor's local offset, to store instants given in +08:00."""
T0 = dt.datetime(2027, 3, 1, 8, 0, tzinfo=CST)
"""A moment after every departure of the seeded databases (they hold Dec 2026 – Jan 2027)."""


def organisation(uow: UnitOfWork, role: Role = Role.SHIPPER) -> str:
    made = uow.accounts.add_organisation(
        id=str(uuid.uuid4()), name=f"org {uuid.uuid4().hex[:8]}", role=role, operator_match=None
    )
    return made.organisation_id


def departure(
    uow: UnitOfWork, at: dt.datetime, *, teu: int = 10, plugs: int = 2, service: str = "T-SVC"
) -> str:
    ident = f"{service}-{uuid.uuid4().hex[:10]}"
    uow.departures.add_many(
        [
            DepartureCapacity(
                id=ident,
                service_id=service,
                departure=at,
                capacity_teu=teu,
                booked_teu=0,
                reefer_plugs=plugs,
                reefer_plugs_booked=0,
            )
        ]
    )
    return ident


def booking(organisation_id: str, departure_id: str | None, *, teu: int = 2) -> Booking:
    return Booking(
        id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        status=BookingStatus.CONFIRMED,
        teu=teu,
        cargo_type="general",
        shipper_reference="PO-1",
        price=Money(Decimal("1234.50"), "CNY"),
        co2e_kg=12.34567,
        legs=(
            BookingLeg(
                departure_id=departure_id,
                service_id="T-SVC",
                origin="CNCQI",
                destination="CNQZH",
                teu=teu,
                plugs=0,
            ),
            BookingLeg(
                departure_id=None,
                service_id="TRUCK",
                origin="CNQZH",
                destination="VNHPH",
                teu=teu,
                plugs=0,
            ),
        ),
        created_at=T0,
        updated_at=T0,
    )
