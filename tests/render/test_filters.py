"""The template filters: conversions and CLI-safe text (doctests cover the basic cases)."""

import pytest

from medinfra.render.filters import (
    MAX_BFD_NAME,
    UnsafeTextError,
    address_mask,
    bfd_name,
    cli_text,
    dba_kbps,
    kbps,
    network_mask,
    quoted,
    wildcard,
)


@pytest.mark.parametrize(
    ("bits", "expected"),
    [(1_000_000_000, 1_000_000), (10_000_000, 10_000), (1_500, 1), (999, 0)],
)
def test_kbps_truncates_to_whole_kbit(bits: int, expected: int) -> None:
    assert kbps(bits) == expected


@pytest.mark.parametrize(
    ("bits", "expected"),
    [(200_000_000, 200_000), (20_000_000, 19_968), (1_000, 64), (64_000, 64), (127_999, 64)],
)
def test_dba_bandwidth_is_a_multiple_of_64_kbit(bits: int, expected: int) -> None:
    assert dba_kbps(bits) == expected
    assert dba_kbps(bits) % 64 == 0


@pytest.mark.parametrize(
    ("prefix", "address", "network", "wild"),
    [
        ("10.0.1.1/30", "10.0.1.1 255.255.255.252", "10.0.1.0 255.255.255.252", None),
        (
            "10.255.0.0/16",
            "10.255.0.0 255.255.0.0",
            "10.255.0.0 255.255.0.0",
            "10.255.0.0 0.0.255.255",
        ),
        (
            "10.120.0.0/14",
            "10.120.0.0 255.252.0.0",
            "10.120.0.0 255.252.0.0",
            "10.120.0.0 0.3.255.255",
        ),
        ("0.0.0.0/0", "0.0.0.0 0.0.0.0", "0.0.0.0 0.0.0.0", "0.0.0.0 255.255.255.255"),
    ],
)
def test_address_forms(prefix: str, address: str, network: str, wild: str | None) -> None:
    assert address_mask(prefix) == address
    assert network_mask(prefix) == network
    if wild is not None:
        assert wildcard(prefix) == wild


@pytest.mark.parametrize(
    "hostile",
    ["ward\nreturn", "ward\rsysname EVIL", "a\x1bb", "tab\there", "x\u2028y", "x\x00y"],
)
def test_control_characters_are_refused(hostile: str) -> None:
    with pytest.raises(UnsafeTextError):
        cli_text(hostile)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Ward "3"', "Ward '3'"),
        ("help?", "help."),
        ("# not a comment", "# not a comment"),
        ("many   spaces", "many spaces"),
    ],
)
def test_cli_text_neutralises_meta_characters(text: str, expected: str) -> None:
    assert cli_text(text) == expected


def test_quoted_text_is_one_token_and_bounded() -> None:
    value = quoted('He said "quit" ' + "z" * 100, 64)
    assert value.startswith('"') and value.endswith('"')
    assert value.count('"') == 2
    assert len(value) == 64 + 2


def test_truncation_leaves_no_trailing_space() -> None:
    assert cli_text("abc " + "d" * 10, 4) == "abc"


@pytest.mark.parametrize(
    "interface",
    [
        "GigabitEthernet0/0/1",
        "10GE1/0/48",
        "100GE10/10/10",
        "Eth-Trunk100",
        "XGigabitEthernet0/0/1",
    ],
)
@pytest.mark.parametrize("vlan", [2, 101, 4094])
def test_bfd_names_fit_the_device_limit_and_are_distinct(interface: str, vlan: int) -> None:
    name = bfd_name(interface, vlan)
    assert 1 <= len(name) <= MAX_BFD_NAME
    assert " " not in name
    assert bfd_name(interface, vlan) != bfd_name(interface, vlan - 1 if vlan > 2 else 3)
