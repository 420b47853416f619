"""Shared set-up of the invoice and payment tests: organisations and an invoiced booking."""

from __future__ import annotations

from landsea.domain.booking import Booking, Principal
from landsea.services import accounts
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.platform import Platform

TRAIN = "SR-CQ-QZH-20261207-0900"
SHIP = "QZH-SIN-DAILY-20261211-2000"


class Orgs:
    def __init__(self, platform: Platform) -> None:
        self.carrier = accounts.create_organisation(platform, "Corridor Carrier", "operator")
        self.seller = accounts.create_organisation(platform, "Chongqing Seller", "shipper")
        self.buyer = accounts.create_organisation(platform, "Singapore Buyer", "shipper")
        self.other = accounts.create_organisation(
            platform, "Other Carrier", "operator", operator_match="nobody-runs-this"
        )


def book(
    platform: Platform, shipper: Principal, teu: int = 1, currency: str | None = None
) -> Booking:
    request = BookingRequest(
        legs=(LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
              LegRequest(departure_id=SHIP, origin="CNQZH", destination="SGSIN")),
        teu=teu, currency=currency,
    )  # fmt: skip
    booking, _ = create_booking(platform, shipper, request)
    return booking
