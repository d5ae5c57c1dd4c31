"""The routing table the walk forwards by, and the ONT endpoint."""

from ipaddress import IPv4Address, IPv4Network

import pytest

from medinfra.flow import trace
from medinfra.flow.network import Route, RoutingTable
from tests.checks.conftest import example


def _route(prefix: str, hop: str, preference: int = 60) -> Route:
    return Route(IPv4Network(prefix), IPv4Address(hop), preference, None, None)


TABLE = [
    _route("0.0.0.0/0", "10.0.0.1"),
    _route("0.0.0.0/0", "10.0.0.5", 70),
    _route("10.20.0.0/16", "10.0.0.9"),
    _route("10.20.1.0/24", "10.0.0.13"),
    _route("10.20.1.0/24", "10.0.0.17"),
]


@pytest.mark.parametrize(
    ("address", "dead", "hops"),
    [
        ("10.99.0.1", set(), ["10.0.0.1"]),  # default route, the preferred one
        ("10.99.0.1", {"10.0.0.1"}, ["10.0.0.5"]),  # its backup when it is withdrawn
        ("10.99.0.1", {"10.0.0.1", "10.0.0.5"}, []),  # nothing left
        ("10.20.9.9", set(), ["10.0.0.9"]),  # longer prefix wins over the default
        ("10.20.1.7", set(), ["10.0.0.13", "10.0.0.17"]),  # equal cost, in table order
        ("10.20.1.7", {"10.0.0.13", "10.0.0.17"}, ["10.0.0.9"]),  # falls back to the /16
    ],
)
def test_longest_live_prefix_then_lowest_preference(
    address: str, dead: set[str], hops: list[str]
) -> None:
    table = RoutingTable()
    for route in TABLE:
        table.add(route)
    found = table.lookup(IPv4Address(address), lambda route: str(route.next_hop) not in dead)
    assert [str(route.next_hop) for route in found] == hops


def test_an_ont_named_by_olt_port_and_id_starts_at_its_service_port() -> None:
    topology = example("union-shenzhen-campus")
    result = trace(topology, "UNION-OLT-01:0/1/0:1", "his", "his")
    layers = [hop.layer.value for hop in result.forward.hops[:2]]
    assert layers == ["ONT service-port", "OLT uplink"]
    assert result.forward.hops[0].summary == (
        "ONT UNION-OLT-01:0/1/0:1 GEM 1 -> service-port 3 VLAN 120 (his)"
    )


def test_an_ont_without_the_service_breaks_at_the_ont() -> None:
    topology = example("union-shenzhen-campus")
    result = trace(topology, "UNION-OLT-01:0/1/0:1", "pacs", "pacs")
    assert result.forward.hops == ()
    assert result.forward.broken is not None
    assert result.forward.broken.reason == (
        "ONT UNION-OLT-01:0/1/0:1 carries no service pacs (its services: his, "
        "medical-devices, wifi)"
    )
    assert result.forward.broken.path[-1] == "services"
