"""Demo data: organisations of every role with new keys and web users, a few bookings planned
on the built-in network, their first tracking events, customs declarations in each lane and
pending cargo to consolidate. Loaded once: run again, it finds the demo organisations, loads
nothing and issues new keys only when asked."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from landsea.domain.booking import Principal
from landsea.domain.codes import dcsa_location
from landsea.domain.customs import DeclarationItem
from landsea.domain.money import Money
from landsea.errors import Conflict, LandseaError, NotFound
from landsea.services import accounts, customs, departures, tracking
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.consolidation import NewCargoRequest, create_request
from landsea.services.planning import ItineraryLeg, PlanQuestion, plan
from landsea.services.platform import Platform

__all__ = ["DEMO_ORGANISATIONS", "DemoBooking", "DemoOrganisation", "DemoSummary", "load_demo"]

DEMO_ORGANISATIONS = [
    ("Chongqing Hongyu Electronics Export Co.", "shipper", None, "hongyu"),
    ("Guangxi Nanguo Tropical Fruit Import Co.", "shipper", None, "nanguo"),
    ("Land-Sea New Trade Corridor Operation Co.", "operator", None, "corridor-ops"),
    ("Qinzhou Customs", "customs", None, "qinzhou-customs"),
    ("landsea administrator", "admin", None, "admin"),
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoOrganisation:
    """A demo organisation with what its people sign in with (shown once; ``None`` when not
    issued by this call)."""

    id: str
    name: str
    role: str
    api_key: str | None
    username: str | None
    password: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoBooking:
    id: str
    shipper: str
    route: str
    price: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoSummary:
    """What :func:`load_demo` did: whether it loaded the demo, the organisations and bookings."""

    loaded: bool
    organisations: tuple[DemoOrganisation, ...]
    bookings: tuple[DemoBooking, ...]


@dataclass(frozen=True, slots=True)
class _Made:
    booking: DemoBooking
    legs: tuple[ItineraryLeg, ...]


def load_demo(
    platform: Platform, *, today: dt.date | None = None, new_keys: bool = False
) -> DemoSummary:
    """Load the demo once; returns whether this call loaded it, the organisations (with their
    new API keys, usernames and passwords, shown once) and the bookings made.

    When the demo organisations exist already nothing is loaded again: they come back with
    ``api_key`` ``None``, or a new key each when ``new_keys`` (their passwords are not shown
    again)."""
    departures.sync_departures(platform)
    present = _present(platform)
    if present:
        again = tuple(_again(platform, owner, new_keys) for owner in present)
        return DemoSummary(loaded=False, organisations=again, bookings=())
    issued = [_issue(platform, *organisation) for organisation in DEMO_ORGANISATIONS]
    exporter = accounts.organisation(platform, DEMO_ORGANISATIONS[0][0])
    importer = accounts.organisation(platform, DEMO_ORGANISATIONS[1][0])
    start = (today or dt.date.today()) + dt.timedelta(days=3)
    made = _bookings(platform, exporter, importer, start)
    _declarations(platform, exporter, importer, made)
    _events(platform, made)
    _pending(platform, exporter, start)
    return DemoSummary(
        loaded=True, organisations=tuple(issued), bookings=tuple(m.booking for m in made)
    )


def _issue(
    platform: Platform, name: str, role: str, operates: str | None, username: str
) -> DemoOrganisation:
    """A demo organisation with a new key and a web user (a new password)."""
    try:
        accounts.create_organisation(platform, name, role, operator_match=operates)
    except Conflict:
        pass  # a second run reuses the organisations and issues new keys
    key, owner = accounts.create_key(platform, name)
    password = secrets.token_urlsafe(12)
    login = username
    try:
        accounts.create_user(platform, name, login, password)
    except Conflict:
        login = f"{username}-{secrets.token_hex(2)}"
        accounts.create_user(platform, name, login, password)
    return DemoOrganisation(
        id=owner.organisation_id,
        name=owner.name,
        role=owner.role.value,
        api_key=key,
        username=login,
        password=password,
    )


def _bookings(
    platform: Platform, exporter: Principal, importer: Principal, start: dt.date
) -> list[_Made]:
    """The best option of a few planned journeys, booked (those that no longer fit are left)."""
    made: list[_Made] = []
    for shipper, origin, destination, teu, cargo in (
        (exporter, "Chongqing", "Singapore", 2, "general"),
        (exporter, "Chongqing", "Hanoi", 1, "general"),
        (importer, "Laem Chabang", "Qinzhou", 2, "reefer"),
    ):
        options = plan(
            platform.network,
            PlanQuestion(
                origin=origin, destination=destination, depart=start, teu=teu, cargo_type=cargo
            ),
        ).options
        if not options:
            continue
        request = BookingRequest(
            legs=tuple(
                LegRequest(
                    departure_id=leg.departure_id,
                    origin=leg.from_,
                    destination=leg.to,
                    service_id=leg.service_id if leg.departure_id is None else None,
                )
                for leg in options[0].legs
            ),
            teu=teu,
            cargo_type=cargo,
            shipper_reference=f"DEMO-{origin[:3].upper()}-{destination[:3].upper()}",
        )
        try:
            booking, _ = create_booking(platform, shipper, request)
        except LandseaError:
            continue
        summary = DemoBooking(
            id=booking.id,
            shipper=shipper.name,
            route=f"{origin} → {destination}",
            price=booking.price,
        )
        made.append(_Made(summary, options[0].legs))
    return made


def _present(platform: Platform) -> list[Principal]:
    """The demo organisations already in the database."""
    found = []
    for name, *_ in DEMO_ORGANISATIONS:
        try:
            found.append(accounts.organisation(platform, name))
        except NotFound:
            continue
    return found


def _again(platform: Platform, owner: Principal, new_key: bool) -> DemoOrganisation:
    """An organisation of a demo loaded before, with a new key if asked."""
    key = accounts.create_key(platform, owner.organisation_id)[0] if new_key else None
    return DemoOrganisation(
        id=owner.organisation_id,
        name=owner.name,
        role=owner.role.value,
        api_key=key,
        username=None,
        password=None,
    )


def _declarations(
    platform: Platform, exporter: Principal, importer: Principal, made: list[_Made]
) -> None:
    """Declarations that fill the three lanes by the risk rules themselves (nothing forced):

    - red: the importer's first declaration, Vietnamese durian at Pingxiang declared at CNY 1 a
      kg (under-valuation and a first declaration, 3.0), and cleaning concentrate of HS chapter 38
      exported by road without a dangerous-goods declaration (3.0);
    - yellow: the exporter's first declaration, network switches at Qinzhou (1.0), and dragon
      fruit whose gross weight is more than two boxes can carry (1.5);
    - green: laptops exported at Qinzhou and Thai durian at its market value.
    """
    booking_ids = [m.booking.id for m in made]

    def booked(n: int) -> str | None:
        return booking_ids[n] if len(booking_ids) > n else None

    def item(
        hs: str, what: str, quantity: int, unit: str, kg: tuple[int, int], cny: str, origin: str
    ) -> DeclarationItem:
        return DeclarationItem(
            hs_code=hs,
            description=what,
            quantity=quantity,
            unit=unit,
            net_kg=kg[0],
            gross_kg=kg[1],
            value=Money(Decimal(cny), "CNY"),
            origin_country=origin,
        )

    def lodge(
        direction: str,
        office: str,
        booking: str | None,
        boxes: tuple[str, ...],
        parties: tuple[str, str],
        *items: DeclarationItem,
    ) -> customs.DeclarationRequest:
        return customs.DeclarationRequest(
            direction=direction, office=office, booking_id=booking, containers=boxes,
            consignor=parties[0], consignee=parties[1], items=items,
        )  # fmt: skip

    hongyu, nanguo = exporter.name, importer.name
    lodged: list[tuple[Principal, customs.DeclarationRequest]] = [
        (exporter, lodge("export", "CNQZH", booked(0), ("CSQU3054383",),
                         (hongyu, "Lion City Components Pte Ltd"),
                         item("8517620000", "network switches 网络交换机", 1200, "PCE",
                              (4800, 5600), "1850000", "CN"))),
        (importer, lodge("import", "CNPIN", None, ("TGHU0000013",),
                         ("Hai Phong Fruit Trading JSC", nanguo),
                         item("081060", "fresh durian 鲜榴莲", 2000, "KGM", (18000, 20500),
                              "18000", "VN"))),
        (exporter, lodge("export", "CNQZH", None, ("OOLU4821070", "TRHU4821153"),
                         (hongyu, "Lion City Components Pte Ltd"),
                         item("8471300000", "laptop computers 笔记本电脑", 2400, "PCE",
                              (4800, 6200), "7200000", "CN"))),
        (exporter, lodge("export", "CNPIN", booked(1), ("CMAU4821230",),
                         (hongyu, "Hanoi Industrial Supplies JSC"),
                         item("3824999990", "industrial cleaning concentrate 工业清洗浓缩液",
                              800, "LTR", (16000, 17400), "96000", "CN"))),
        (importer, lodge("import", "CNQZH", booked(2), ("MSCU6639870",),
                         ("Chanthaburi Durian Growers Cooperative", nanguo),
                         item("081060", "fresh durian 鲜榴莲", 2200, "KGM", (19800, 22400),
                              "760000", "TH"))),
        (importer, lodge("import", "CNPIN", None, ("HLXU4821310", "TCNU4821490"),
                         ("Hai Phong Fruit Trading JSC", nanguo),
                         item("081090", "fresh dragon fruit 鲜火龙果", 6000, "KGM",
                              (60000, 64000), "540000", "VN"))),
    ]  # fmt: skip
    for who, request in lodged:
        try:
            customs.submit(platform, who, request)
        except LandseaError:
            continue


def _events(platform: Platform, made: list[_Made]) -> None:
    """The first booking's first leg has departed, an hour late."""
    if not made:
        return
    booking = made[0].booking
    first = next((leg for leg in made[0].legs if leg.departure_id), None)
    if first is None:
        return
    late = first.departure + dt.timedelta(hours=1)
    if late > dt.datetime.now(dt.UTC):
        return  # not yet: events describe what has happened
    event = {
        "eventID": f"demo-depa-{booking.id[:8]}",
        "eventType": "TRANSPORT",
        "eventClassifierCode": "ACT",
        "eventDateTime": late.isoformat(),
        "transportEventTypeCode": "DEPA",
        "transportCall": {**dcsa_location(first.from_), "modeOfTransport": "RAIL"},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": booking.id}],
    }  # fmt: skip
    tracking.ingest_events(platform, accounts.system_principal(platform), [event])


def _pending(platform: Platform, exporter: Principal, start: dt.date) -> None:
    """Pending cargo for the operator to consolidate."""
    for n, (origin, destination, teu, due_days) in enumerate(
        (
            ("CNCQI-TJC", "SGSIN", 2, 14),
            ("CNCQI-TJC", "CNQZH", 4, 5),
            ("CNCDU", "SGSIN", 2, 16),
            ("CNCQI-TJC", "THLCH", 1, 15),
            ("CNCQI", "VNHAN", 2, 6),
        )
    ):
        ready = dt.datetime.combine(start + dt.timedelta(days=n % 3), dt.time(8))
        try:
            create_request(
                platform,
                exporter,
                NewCargoRequest(
                    origin=origin,
                    destination=destination,
                    teu=teu,
                    ready=ready.isoformat(),
                    due=(ready + dt.timedelta(days=due_days)).isoformat(),
                    penalty_per_day=300,
                    reference=f"DEMO-PENDING-{n + 1}",
                ),
            )
        except LandseaError:
            continue
