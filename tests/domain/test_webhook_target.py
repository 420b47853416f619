"""Where a webhook may go: strict callback URLs and the address ranges that are refused."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address

import pytest

from landsea.domain.webhook_target import TargetPolicy, WebhookTarget, parse_target, refusal
from landsea.errors import InvalidInput

STRICT = TargetPolicy()
DEVELOPMENT = TargetPolicy(allow_http=True, allow_loopback=True)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Hooks.Example.COM/x?y=1", ("hooks.example.com", 443, "/x?y=1", None)),
        ("https://hooks.example.com.:8443", ("hooks.example.com", 8443, "/", None)),
        ("https://hooks.example.com?a=b", ("hooks.example.com", 443, "/?a=b", None)),
        ("HTTPS://93.184.215.14:65535/", ("93.184.215.14", 65535, "/", "93.184.215.14")),
        ("https://[2606:2800:21F:CB07::1]/h", ("2606:2800:21f:cb07::1", 443, "/h", "2606:2800:21f:cb07::1")),
    ],
)  # fmt: skip
def test_a_well_formed_callback_is_taken_apart(
    url: str, expected: tuple[str, int, str, str | None]
) -> None:
    target = parse_target(url, STRICT)
    host, port, path, address = expected
    assert (target.scheme, target.host, target.port, target.target) == ("https", host, port, path)
    assert target.address == (None if address is None else ip_address(address))


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://hooks.example.com/", "must be an https URL"),
        ("ftp://hooks.example.com/", "must be an https URL"),
        ("https://hooks.example.com/\x00x", "'\\x00' at position 26"),
        ("https://hooks.example.com/a b", "' ' at position 27"),
        ("https://hooks.example.com/\u00e9", "only printable ASCII"),
        ("https://hooks.example.com:99999/", "port '99999' must be a number from 1 to 65535"),
        ("https://hooks.example.com:0/", "port '0'"),
        ("https://hooks.example.com:/", "port ''"),
        ("https://hooks.example.com:+443/", "port '+443'"),
        ("https://[::1/x", "unreadable host and port"),
        ("https://[fe80::1%25eth0]/", "is not an IPv6 address"),
        ("https://[127.0.0.1]/", "is not an IPv6 address"),
        ("https://user:secret@hooks.example.com/", "user information"),
        ("https://hooks.example.com@10.0.0.1/", "user information"),
        ("https://hooks.example.com\\@10.0.0.1/", "backslash"),
        ("https://hooks.example.com/#part", "fragment"),
        ("https:///path", "has no host"),
        ("https://0x7f000001/", "host '0x7f000001' is not a dotted-decimal IPv4 address"),
        ("https://2130706433/", "is not a dotted-decimal IPv4 address"),
        ("https://0177.0.0.1/", "is not a dotted-decimal IPv4 address"),
        ("https://127.1/", "is not a dotted-decimal IPv4 address"),
        ("https://127.0.0.0x1/", "is not a dotted-decimal IPv4 address"),
        ("https://hooks.example.999/", "is not a dotted-decimal IPv4 address"),
        ("https://ex%61mple.com/", "is not a valid DNS name"),
        ("https://-bad.example.com/", "is not a valid DNS name"),
        ("https://" + "a" * 64 + ".example.com/", "is not a valid DNS name"),
        ("https://hooks.example.com/" + "a" * 500, "at most 500 are allowed"),
        ("hooks.example.com/x", "is not an absolute URL"),
    ],
)
def test_a_malformed_callback_is_refused_naming_the_field(url: str, why: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_target(url, STRICT)
    assert str(raised.value).startswith("callbackUrl ")
    assert why in str(raised.value)


def test_plain_http_only_where_development_allows_it() -> None:
    assert parse_target("http://localhost:8080/h", DEVELOPMENT) == WebhookTarget(
        scheme="http", host="localhost", port=8080, target="/h", address=None
    )
    assert parse_target("http://[::1]/", DEVELOPMENT).host_header == "[::1]"
    assert parse_target("http://[::1]:81/", DEVELOPMENT).url_at(IPv6Address("::1")) == (
        "http://[::1]:81/"
    )


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("169.254.169.254", "link-local"),
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("10.0.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("0.0.0.0", "'this network'"),
        ("192.0.2.10", "documentation"),
        ("198.51.100.7", "documentation"),
        ("203.0.113.9", "documentation"),
        ("198.18.0.1", "benchmarking"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "link-local"),
        ("::127.0.0.1", "IPv4-compatible (deprecated)"),
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 of 169.254.169.254
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
        ("2001:db8::1", "documentation"),
        ("fc00::1", "unique local (private)"),
        ("fd12:3456::1", "unique local (private)"),
        ("fe80::1", "link-local"),
        ("fec0::1", "site-local"),
        ("ff02::1", "multicast"),
        ("64:ff9b:1::1", "local-use NAT64"),
    ],
)
def test_non_public_addresses_are_refused_with_their_range(address: str, kind: str) -> None:
    assert refusal(ip_address(address), STRICT) == kind


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"]
)  # fmt: skip
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(ip_address(address), STRICT) is None


def test_development_allows_loopback_and_nothing_else() -> None:
    for loopback in ("127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"):
        assert refusal(ip_address(loopback), DEVELOPMENT) is None
    for other in ("10.0.0.1", "169.254.169.254", "0.0.0.0", "::", "fe80::1"):
        assert refusal(ip_address(other), DEVELOPMENT) is not None
    assert refusal(IPv4Address("127.0.0.1"), STRICT) == "loopback"
