"""SSRF protection: the address policy itself (classification and resolution; no packet is sent)."""

from __future__ import annotations

import ipaddress

import pytest

from dossier.ingest.errors import RefusedError
from dossier.ingest.netpolicy import NetPolicy, literal_address, parse_ipv4_number, refusal_reason


def resolver_for(table: dict[str, list[str]]):
    """A resolver answering from a table, so tests never ask real DNS."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    return resolve


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("10.0.0.1.", "10.0.0.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("8.8.8.8", "8.8.8.8"),
    ],
)
def test_numeric_host_forms_are_read_as_addresses(host, address):
    assert parse_ipv4_number(host) == ipaddress.IPv4Address(address)


@pytest.mark.parametrize("host", ["example.com", "256.1.1.1", "1.2.3.4.5", "12a.1", "4294967296", ""])
def test_names_are_not_numbers(host):
    assert parse_ipv4_number(host) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata endpoint
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "private"),  # reserved range; Python files it under private too
        ("100.64.0.1", "not globally routable"),  # carrier-grade NAT
        ("192.0.2.10", "private"),  # documentation range
        ("198.18.0.1", "private"),  # benchmarking range
        ("::ffff:127.0.0.1", "loopback (IPv4 127.0.0.1 inside IPv6)"),
        ("::ffff:10.0.0.1", "private (IPv4 10.0.0.1 inside IPv6)"),
        ("64:ff9b::a9fe:a9fe", "link-local (IPv4 169.254.169.254 inside IPv6)"),
        ("2002:7f00:1::", "loopback (IPv4 127.0.0.1 inside IPv6)"),
    ],
)
def test_non_public_addresses_are_refused_with_a_reason(address, reason):
    assert refusal_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address):
    assert refusal_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost.test/",  # resolves to loopback (table below)
        "http://2130706433/",
        "http://0x7f.1/",
        "http://0177.0.0.1:8080/admin",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1%25eth0]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://internal.test/",  # resolves to a private address
        "http://mixed.test/",  # one public and one private answer: refused
        "https://user:pass@10.0.0.5/",
        "ftp://8.8.8.8/",
        "http:///nohost",
    ],
)
def test_policy_refuses(url):
    policy = NetPolicy(
        resolver=resolver_for(
            {
                "localhost.test": ["127.0.0.1", "::1"],
                "internal.test": ["10.20.30.40"],
                "mixed.test": ["93.184.216.34", "192.168.0.10"],
            }
        )
    )
    with pytest.raises(RefusedError) as caught:
        policy.check(url)
    assert caught.value.stage == "policy"
    assert "refusing" in str(caught.value)


def test_policy_returns_the_addresses_to_connect_to():
    policy = NetPolicy(resolver=resolver_for({"news.test": ["93.184.216.34", "2606:2800:220:1::1", "93.184.216.34"]}))
    assert [str(a) for a in policy.check("https://news.test/article")] == ["93.184.216.34", "2606:2800:220:1::1"]


def test_unresolvable_host_is_a_fetch_failure():
    with pytest.raises(RefusedError, match="cannot resolve") as caught:
        NetPolicy(resolver=resolver_for({})).check("http://nowhere.test/")
    assert caught.value.stage == "fetch"


def test_allow_private_lifts_the_refusal():
    assert NetPolicy(allow_private=True).check("http://127.0.0.1:8000/") == []


def test_allowed_networks_are_an_exception_to_the_rule():
    policy = NetPolicy(allow_networks=["127.0.0.0/8"], resolver=resolver_for({"intranet.test": ["10.0.0.1"]}))
    assert [str(a) for a in policy.check("http://127.0.0.1:8000/")] == ["127.0.0.1"]
    with pytest.raises(RefusedError):
        policy.check("http://intranet.test/")
    with pytest.raises(RefusedError):
        policy.check("http://[::1]/")


def test_literal_address_forms():
    assert literal_address("[::1]") == ipaddress.IPv6Address("::1")
    assert literal_address("example.com") is None


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://0.0.0.0:8000/", "0.0.0.0 is not a public address (unspecified)"),
        ("http://100.64.0.1/", "100.64.0.1 is not a public address (not globally routable)"),
        ("http://localhost.test/", "localhost.test (127.0.0.1) is not a public address (loopback)"),
    ],
)
def test_refusal_says_what_the_address_is(url, said):
    policy = NetPolicy(resolver=resolver_for({"localhost.test": ["127.0.0.1"]}))
    with pytest.raises(RefusedError) as caught:
        policy.check(url)
    assert said in str(caught.value) and "--allow-private" in str(caught.value)
