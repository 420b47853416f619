"""Reference rates on both databases: the bundled sample, ECB XML and CSV imports (bad rows
named, nothing partial stored), missing and stale rates, quotes and a booking's frozen rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from landsea.domain.booking import Principal
from landsea.domain.money import Money
from landsea.domain.rates import Rate
from landsea.errors import DatasetError, RateUnavailable
from landsea.feeds.rates import ECB_SOURCE
from landsea.services import accounts, pricing, rates
from landsea.services.booking import BookingRequest, LegRequest, create_booking, get_booking
from landsea.services.planning import PlanQuestion, plan_on_platform
from landsea.services.platform import Platform

ECB_FILE = Path(__file__).parents[1] / "data" / "rates" / "eurofxref-hist-2d.xml"
OCT30, OCT29 = dt.date(2026, 10, 30), dt.date(2026, 10, 29)
TRAIN = "SR-CQ-QZH-20261207-0900"  # priced in CNY
SHIP = "QZH-SIN-DAILY-20261211-2000"  # priced in USD


def _count(platform: Platform) -> int:
    with platform.uow(read_only=True) as uow:
        return uow.rates.count()


def _csv(day: dt.date, usd: str = "1.1172", cny: str = "7.4326", thb: str = "37.683") -> str:
    return (
        "base,quote,rate,date,source\n"
        f"EUR,USD,{usd},{day},test rates\n"
        f"EUR,CNY,{cny},{day},test rates\n"
        f"EUR,THB,{thb},{day},test rates\n"
    )


def test_db_upgrade_loads_the_dated_sourced_sample(platform: Platform) -> None:
    book = rates.rate_book(platform, OCT30)
    conversion = book.conversion("EUR", "CNY")
    assert [(r.rate, r.day, r.source) for r in conversion.rates] == [
        (Decimal("7.4326"), OCT30, ECB_SOURCE)
    ]
    assert rates.seed_rates(platform.database) == 0  # only into a database without rates


def test_ecb_xml_import_stores_every_day(platform: Platform) -> None:
    stored = rates.import_file(platform, ECB_FILE.read_text(), name=ECB_FILE.name)
    assert len(stored) == 6
    older = rates.rate_book(platform, OCT29).conversion("EUR", "THB")
    assert older.factor == Decimal("37.700") and older.rates[0].day == OCT29


def test_csv_import_names_every_bad_row_and_stores_nothing(platform: Platform) -> None:
    before = _count(platform)
    text = (
        "base,quote,rate,date,source\n"
        "EUR,VND,29500,2026-11-02,test\n"
        "EUR,ABC,1.5,2026-11-02,test\n"
        "EUR,USD,1.1,2026-13-02,test\n"
        "EUR,MYR,-4.5,2026-11-02,test\n"
        "EUR,SGD,1.43\n"
    )
    with pytest.raises(DatasetError) as refused:
        rates.import_file(platform, text, name="bad.csv")
    assert [str(p) for p in refused.value.problems] == [
        "bad.csv: line 3: quote 'ABC' is not an ISO 4217 currency code",
        "bad.csv: line 4: date: date '2026-13-02' is not a date YYYY-MM-DD",
        "bad.csv: line 5: rate: rate '-4.5' is not a positive decimal such as 7.1234",
        "bad.csv: line 6: 3 fields, 5 expected",
    ]
    assert _count(platform) == before  # line 2 was good, and is not stored either


def test_a_missing_rate_is_an_error_naming_the_pair_and_day(platform: Platform) -> None:
    with pytest.raises(RateUnavailable) as missing:
        rates.quote(platform, [("ride", Money(Decimal("100"), "USD"))], "VND", on=OCT30)
    assert missing.value.message == (
        "no reference rate for USD/VND on or before 2026-10-30 (directly or through EUR, CNY, USD)"
    )


def test_a_stale_rate_is_an_error_never_a_silent_one_to_one(platform: Platform) -> None:
    later = OCT30 + dt.timedelta(days=8)
    with pytest.raises(RateUnavailable) as stale:
        rates.quote(platform, [("ride", Money(Decimal("100"), "USD"))], "CNY", on=later)
    assert stale.value.message == (
        "no fresh reference rate for USD/CNY on 2026-11-07: EUR/USD of 2026-10-30 is more than "
        "7 days old"
    )
    week = rates.quote(platform, [("ride", Money(Decimal("100"), "USD"))], "CNY", on=later
                       - dt.timedelta(days=1))  # fmt: skip
    assert week.total == Money(Decimal("665.29"), "CNY")  # 100 / 1.1172 * 7.4326, half-even


def test_a_new_days_rates_replace_that_day_only(platform: Platform) -> None:
    rates.import_file(platform, _csv(OCT30, usd="1.2000"), name="fix.csv")
    with platform.uow(read_only=True) as uow:
        listed = uow.rates.listed(day=OCT30, currency="USD")
    assert listed == [Rate(base="EUR", quote="USD", rate=Decimal("1.2000"), day=OCT30,
                           source="test rates")]  # fmt: skip


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Money Exporter", "shipper")


def _booking(currency: str | None) -> BookingRequest:
    return BookingRequest(
        legs=(
            LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
            LegRequest(departure_id=SHIP, origin="CNQZH", destination="SGSIN"),
        ),
        teu=2,
        currency=currency,
    )


def test_a_booking_freezes_its_quote_and_rates(platform: Platform, shipper: Principal) -> None:
    today = rates.today()
    rates.import_file(platform, _csv(today), name="today.csv")
    booking, _ = create_booking(platform, shipper, _booking("THB"))
    quote = booking.quote
    assert quote is not None and quote.currency == "THB" and quote.on == today
    assert [line.amount.currency for line in quote.lines] == ["CNY", "CNY", "USD"]
    assert [line.label.split()[0] for line in quote.lines] == [
        "SR-CQ-QZH",
        "handling",
        "QZH-SIN-DAILY",
    ]
    assert quote.total == Money.total((line.converted for line in quote.lines), "THB")
    assert {(c.source, c.pivot) for c in quote.conversions} == {("CNY", "EUR"), ("USD", "EUR")}
    rates.import_file(platform, _csv(today, usd="2", cny="9", thb="50"), name="new.csv")
    again = get_booking(platform, shipper, booking.id)
    assert again.quote == quote  # frozen: the new rates of the same day change nothing
    assert again.price == booking.price and again.price.currency == "CNY"


def test_a_booking_without_a_fresh_rate_is_refused_and_reserves_nothing(
    platform: Platform, shipper: Principal
) -> None:
    with pytest.raises(RateUnavailable, match="VND"):
        create_booking(platform, shipper, _booking("VND"))
    with platform.uow(read_only=True) as uow:
        train = uow.departures.get(TRAIN)
        assert train is not None and train.booked_teu == 0


def test_plan_options_quoted_in_the_customers_currency(platform: Platform) -> None:
    question = PlanQuestion(origin="CNCQI-TJC", destination="SGSIN", depart=dt.date(2026, 12, 6))
    plan = plan_on_platform(platform, question)
    quoted = pricing.quote_plan(platform, platform.network, plan, "USD", on=OCT30)
    assert quoted.options and all(o.quote is not None for o in quoted.options)
    for option in quoted.options:
        assert option.quote is not None
        assert option.quote.total.currency == "USD"
        assert option.quote.total == Money.total((x.converted for x in option.quote.lines), "USD")
        assert option.cost == next(o.cost for o in plan.options if o.legs == option.legs)
