"""The code rules, table-driven: UN/LOCODE, facility keys, countries, currencies, time zones."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landsea.domain.codes import (
    container_check_digit,
    is_unlocode,
    parent_unlocode,
    validate_country,
    validate_currency,
    validate_location_key,
    validate_timezone,
    validate_unlocode,
)
from landsea.errors import InvalidCode


@pytest.mark.parametrize(
    "code",
    ["CNCQI", "CNCKG", "CNQZH", "SGSIN", "VNHPH", "LATHG", "PLMAA", "DEDUI", "CNSH2", "USNYC"],
)
def test_valid_unlocodes(code: str) -> None:
    assert validate_unlocode(code) == code
    assert is_unlocode(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("cncqi", "locode 'cncqi' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)"),
        ("CNCQ", "locode 'CNCQ' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)"),
        ("CNCQII", "locode 'CNCQII' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)"),
        ("CNCK1", "locode 'CNCK1' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)"),
        ("CNCK0", "locode 'CNCK0' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)"),
        ("CN CQ", "locode 'CN CQ' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)"),
        ("XXABC", "locode 'XXABC' starts with 'XX', which is no ISO 3166 country"),
        ("", "locode '' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)"),
    ],
)
def test_invalid_unlocodes(code: str, message: str) -> None:
    with pytest.raises(InvalidCode) as raised:
        validate_unlocode(code)
    assert str(raised.value) == message
    assert raised.value.code == "invalid_code"
    assert isinstance(raised.value, ValueError)
    assert not is_unlocode(code)


@pytest.mark.parametrize(
    ("key", "parent"),
    [("CNCQI", "CNCQI"), ("CNCQI-TJC", "CNCQI"), ("CNYIC-TGL", "CNYIC"), ("SGSIN-PSA1", "SGSIN")],
)
def test_location_keys(key: str, parent: str) -> None:
    assert validate_location_key(key) == key
    assert parent_unlocode(key) == parent


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "X-CN-TJC",
            "locode 'X-CN-TJC' is neither a UN/LOCODE nor a facility key like 'CNCQI-TJC'",
        ),
        ("CNCQI-T", "locode 'CNCQI-T' is neither a UN/LOCODE nor a facility key like 'CNCQI-TJC'"),
        (
            "CNCQI-tjc",
            "locode 'CNCQI-tjc' is neither a UN/LOCODE nor a facility key like 'CNCQI-TJC'",
        ),
        (
            "CNCQI-TOOLONG",
            "locode 'CNCQI-TOOLONG' is neither a UN/LOCODE nor a facility key like 'CNCQI-TJC'",
        ),
        ("QQCQI-TJC", "locode 'QQCQI' starts with 'QQ', which is no ISO 3166 country"),
    ],
)
def test_invalid_location_keys(key: str, message: str) -> None:
    with pytest.raises(InvalidCode) as raised:
        validate_location_key(key)
    assert str(raised.value) == message


@pytest.mark.parametrize("code", ["CN", "VN", "LA", "TH", "MM", "KZ", "BY", "PL", "DE", "BN"])
def test_valid_countries(code: str) -> None:
    assert validate_country(code) == code


@pytest.mark.parametrize("code", ["cn", "CHN", "XX", "UK", "", "C1"])
def test_invalid_countries(code: str) -> None:
    with pytest.raises(InvalidCode) as raised:
        validate_country(code)
    assert str(raised.value) == f"country {code!r} is not an ISO 3166-1 alpha-2 country code"


@pytest.mark.parametrize("code", ["CNY", "USD", "EUR", "VND", "LAK", "THB", "MYR", "SGD"])
def test_valid_currencies(code: str) -> None:
    assert validate_currency(code) == code


@pytest.mark.parametrize("code", ["RMB", "cny", "US$", "DOLLAR", "", "XYZ"])
def test_invalid_currencies(code: str) -> None:
    with pytest.raises(InvalidCode) as raised:
        validate_currency(code, field="tariff.currency")
    assert str(raised.value) == f"tariff.currency {code!r} is not an ISO 4217 currency code"


@pytest.mark.parametrize("name", ["Asia/Shanghai", "Asia/Vientiane", "Europe/Warsaw"])
def test_valid_timezones(name: str) -> None:
    assert validate_timezone(name) == name


@pytest.mark.parametrize("name", ["Asia/Chongqing2", "Beijing", "UTC+8"])
def test_invalid_timezones(name: str) -> None:
    with pytest.raises(InvalidCode, match="is not an IANA time zone"):
        validate_timezone(name)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.ascii_uppercase + string.digits, min_size=0, max_size=12))
def test_the_container_check_digit_is_iso_6346s(first_ten: str) -> None:
    """The table look-ups give ISO 6346's sum: letters 10..38 skipping multiples of 11, each
    position weighted 2**i, modulo 11, 10 read as 0 (any length, as before)."""
    letters = [v for v in range(10, 39) if v % 11][:26]
    values = {**dict(zip(string.ascii_uppercase, letters, strict=True)),
              **{d: int(d) for d in string.digits}}  # fmt: skip
    expected = sum(values[ch] * 2**i for i, ch in enumerate(first_ten)) % 11 % 10
    assert container_check_digit(first_ten) == expected
