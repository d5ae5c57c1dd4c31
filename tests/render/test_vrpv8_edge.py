"""The VRPv8 data-centre edge template: a sub-interface, a BFD session and tracked routes for
every private line whose Z end is the edge; no `commit` (the push layer commits)."""

import re

import pytest

from medinfra.model import Topology
from medinfra.render.filters import bfd_name
from medinfra.render.index import build_index
from tests.conftest import EXAMPLES
from tests.render.conftest import children, config_of, example, parse_vrp, rendered

CASES = [
    (name, config.hostname)
    for name in EXAMPLES
    for config in rendered(name)
    if config.platform == "huawei_vrpv8"
]


def terminating(topology: Topology, hostname: str) -> list:
    return [line for _, line in topology.all_private_lines() if line.z.device == hostname]


def test_the_representative_edge_parses_into_the_vrp_hierarchy() -> None:
    text = config_of("henan-provincial-hospital", "ZZ-DC-PE-01")
    roots = [child.text for child in parse_vrp(text).children]
    assert roots[:2] == [
        "sysname ZZ-DC-PE-01",
        'header login information "Henan Provincial '
        "People's Hospital - authorised access only, all sessions are audited\"",
    ]
    assert children(text, "interface GigabitEthernet1/0/1.101") == [
        "vlan-type dot1q 101",
        "description hpph-peotn-a to HPPH-CPE-01 China Unicom SD-OTN premium private line, route A",
        "ip address 10.0.1.2 255.255.255.252",
        "trust upstream default",
        "user-queue cir 1000000 pir 1000000 flow-queue medinfra-wan outbound",
    ]
    assert children(text, "interface GigabitEthernet0/0/0") == [
        "undo shutdown",
        "ip binding vpn-instance __LOCAL_OAM_VPN__",
        "ip address 10.255.1.1 255.255.255.0",
    ]
    assert children(text, "ip vpn-instance __LOCAL_OAM_VPN__") == ["ipv4-family"]
    assert children(text, "aaa")[1] == "local-user auditor level 1"
    assert "local-user netadmin user-group manage-ug" in children(text, "aaa")
    # routes to each site's LAN range (its part of the clinical zone) and management range
    assert (
        "ip route-static 10.20.0.0 255.255.128.0 10.0.1.1 tag 1616 "
        "track bfd-session ge1-0-1-101" in roots
    )
    assert (
        "ip route-static 10.20.128.0 255.255.128.0 10.0.2.1 tag 1616 "
        "track bfd-session ge1-0-2-201" in roots
    )
    assert (
        "ip route-static 10.255.10.0 255.255.255.0 10.0.1.1 tag 1616 "
        "track bfd-session ge1-0-1-101" in roots
    )
    assert (
        "ip route-static 10.255.11.0 255.255.255.0 10.0.2.1 tag 1616 "
        "track bfd-session ge1-0-2-201" in roots
    )


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_every_terminating_line_has_its_subinterface_bfd_and_routes(
    name: str, hostname: str
) -> None:
    topology = example(name)
    index = build_index(topology)
    text = config_of(name, hostname)
    lines = terminating(topology, hostname)
    assert lines, f"no private line ends on {hostname}"
    subinterfaces = [
        c.text for c in parse_vrp(text).children if re.match(r"interface \S+\.\d+$", c.text)
    ]
    assert len(subinterfaces) == len(lines)
    routes = [c.text for c in parse_vrp(text).children if c.text.startswith("ip route-static")]
    tracked = [route for route in routes if " track bfd-session " in route]
    expected_routes = 0
    for line in lines:
        body = children(text, f"interface {line.z.interface}.{line.vlan}")
        assert body[0] == f"vlan-type dot1q {line.vlan}"
        assert f"ip address {line.z.address.ip} {line.z.address.netmask}" in body
        # towards the hospital: a user queue of the line's contracted rate
        rate = line.bandwidth // 1000
        assert body[-1] == f"user-queue cir {rate} pir {rate} flow-queue medinfra-wan outbound"
        session = bfd_name(str(line.z.interface), line.vlan)
        bind = f"bfd {session} bind peer-ip {line.a.address.ip} source-ip {line.z.address.ip}"
        body = children(text, bind)
        # the discriminators mirror the CPE's session for the same line
        cpe = config_of(name, line.a.device)
        peer_bind = (
            f"bfd {bfd_name(str(line.a.interface), line.vlan)} bind peer-ip "
            f"{line.z.address.ip} source-ip {line.a.address.ip}"
        )
        peer = children(cpe, peer_bind)
        assert body[0].split()[-1] == peer[1].split()[-1]  # our local == their remote
        assert body[1].split()[-1] == peer[0].split()[-1]  # our remote == their local
        site = index.model.device_site[line.a.device]
        # the site's own preference for the line: the return path follows the forward path
        rank = [uplink.id for uplink in site.uplinks].index(line.id)
        preference = "" if rank == 0 else f" preference {60 + 10 * rank}"
        for prefix in index.model.site_prefixes(site):
            route = (
                f"ip route-static {prefix.network_address} {prefix.netmask} "
                f"{line.a.address.ip}{preference} tag 1616 track bfd-session {session}"
            )
            assert route in tracked
            expected_routes += 1
    assert len(tracked) == expected_routes


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_no_commit_and_same_hardening_as_the_cpe(name: str, hostname: str) -> None:
    text = config_of(name, hostname)
    assert not any(line.strip() == "commit" for line in text.splitlines())
    assert children(text, "user-interface vty 0 4") == [
        "acl 2000 inbound",
        "authentication-mode aaa",
        "protocol inbound ssh",
    ]
    assert "stelnet server enable" in text.splitlines()


def test_discriminators_are_unique_on_a_busy_edge() -> None:
    text = config_of("henan-telemedicine", "TM-DC1-PE-01")
    local = [line for line in text.splitlines() if line.startswith(" discriminator local")]
    assert len(local) == 138
    assert len(set(local)) == len(local)


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_each_prefix_is_routed_to_one_site(name: str, hostname: str) -> None:
    """Per prefix, the edge's routes go over one site's lines only (1+1 sites: primary and
    backup of that site): no equal-cost routes to a range shared by several sites."""
    topology = example(name)
    found = build_index(topology).model
    hop_site = {}
    for _, line in topology.all_private_lines():
        owner = found.find(line.a.device)
        if line.z.device == hostname and owner is not None:
            hop_site[str(line.a.address.ip)] = owner[0].id
    owners: dict[str, set[str]] = {}
    for route in re.findall(r"^ip route-static (\S+ \S+) (\S+)", config_of(name, hostname), re.M):
        prefix, hop = route
        if hop in hop_site:
            owners.setdefault(prefix, set()).add(hop_site[hop])
    assert owners, "the edge routes to no site"
    shared = {prefix: sites for prefix, sites in owners.items() if len(sites) > 1}
    assert shared == {}


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_every_physical_port_in_use_is_brought_up(name: str, hostname: str) -> None:
    """An NE40E/NE8000 port without `undo shutdown` is down: the management port and every
    line port carry it, the dot1q sub-interfaces (up with their port) do not."""
    text = config_of(name, hostname)
    ports = [
        child.text for child in parse_vrp(text).children if child.text.startswith("interface ")
    ]
    physical = [port for port in ports if "." not in port]
    assert len(physical) >= 2 and len(physical) < len(ports)
    for port in ports:
        assert ("undo shutdown" in children(text, port)) is (port in physical), port


def _routes(name: str, hostname: str) -> list[str]:
    text = config_of(name, hostname)
    return [c.text for c in parse_vrp(text).children if c.text.startswith("ip route-static")]


def test_the_handoff_holds_the_virtual_address_and_routes_the_cloud_to_the_router() -> None:
    name = "henan-provincial-hospital"
    primary, backup = config_of(name, "ZZ-DC-PE-01"), config_of(name, "ZZ-DC-PE-02")
    assert children(primary, "interface 10GE2/0/0") == [
        "description to the cloud provider network",
        "undo shutdown",
        "ip address 10.30.255.2 255.255.255.240",
        "vrrp vrid 1 virtual-ip 10.30.255.1",
        "vrrp vrid 1 priority 120",
    ]
    assert children(backup, "interface 10GE2/0/0")[-1] == "vrrp vrid 1 virtual-ip 10.30.255.1"
    # every cloud zone of tenant hpph, to the router's gateway (cloud.tenants[0].uplinks)
    for prefix in (
        "10.30.1.0 255.255.255.0",
        "10.30.2.0 255.255.255.0",
        "10.255.0.0 255.255.255.0",
    ):
        assert f"ip route-static {prefix} 10.30.255.4" in _routes(name, "ZZ-DC-PE-01")
        assert f"ip route-static {prefix} 10.30.255.4" in _routes(name, "ZZ-DC-PE-02")


def test_the_edges_of_a_handoff_subnet_peer_over_ibgp_and_import_their_line_routes_only() -> None:
    name = "henan-provincial-hospital"
    # hpph-main's first line ends on PE-01, its second on PE-02: each edge announces the
    # site over its own line; with it down the other edge's announcement is the way across
    for own, other in (("ZZ-DC-PE-01", "10.30.255.3"), ("ZZ-DC-PE-02", "10.30.255.2")):
        text = config_of(name, own)
        assert children(text, "bgp 65010") == [
            f"peer {other} as-number 65010",
            "ipv4-family unicast",
        ]
        start = text.splitlines().index("bgp 65010")
        assert text.splitlines()[start + 2 : start + 8] == [
            " #",
            " ipv4-family unicast",
            "  undo synchronization",
            "  import-route static route-policy medinfra-site-lines",
            f"  peer {other} enable",
            f"  peer {other} advertise-community",
        ]
        # only the tagged routes, marked no-export: not passed on to the device's eBGP peers
        assert children(text, "route-policy medinfra-site-lines permit node 10") == [
            "if-match tag 1616",
            "apply community no-export",
        ]
        assert not [r for r in _routes(name, own) if r.split()[4] in ("10.30.255.2", "10.30.255.3")]
    assert (
        "ip route-static 10.20.0.0 255.255.128.0 10.0.1.5 preference 70 tag 1616 "
        "track bfd-session ge1-0-1-102" in _routes(name, "ZZ-DC-PE-02")
    )


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_edge_announces_or_routes_a_site_through_another_edge(name: str) -> None:
    # the loop-freedom of the iBGP: an edge imports only its tagged routes, each of them
    # over a line of its own (tracked by the line's BFD session), so no announcement points
    # at another edge, and no static route does either; both ends of each session name
    # each other in one AS
    topology = example(name)
    handoff_address = {
        str(handoff.address.ip): handoff.device
        for site in topology.sites
        for handoff in site.handoffs
    }
    sessions: set[tuple[str, str]] = set()
    for _, device in topology.all_devices():
        if device.role.value != "dc_edge":
            continue
        text = config_of(name, device.hostname)
        for route in _routes(name, device.hostname):
            words = route.split()
            assert words[4] not in handoff_address, route
            if " tag 1616" in route:
                assert " track bfd-session " in route, route
        bgp = [line for line in text.splitlines() if line.startswith("bgp ")]
        assert bgp == [f"bgp {topology.data_centres.as_number}"]
        for peer in re.findall(r"^ peer (\S+) as-number (\d+)$", text, re.M):
            assert peer[1] == str(topology.data_centres.as_number)
            sessions.add((device.hostname, handoff_address[peer[0]]))
    assert sessions
    assert {(b, a) for a, b in sessions} == sessions


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_no_prefix_has_two_routes_of_one_preference(name: str, hostname: str) -> None:
    # two routes to one prefix at one preference would be equal-cost routes through
    # different sites' lines (the Longgang shared-management case) or different routers
    seen: dict[tuple[str, str], str] = {}
    for route in _routes(name, hostname):
        words = route.split()
        preference = words[words.index("preference") + 1] if "preference" in words else "60"
        key = (f"{words[2]} {words[3]}", preference)
        assert key not in seen, (route, seen.get(key))
        seen[key] = route
