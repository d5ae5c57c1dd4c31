"""Handoffs: a site's LAN and a data-centre edge's core handoff (model, references, MI-HO)."""

from ipaddress import IPv4Network

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.model.index import index_of
from tests.checks.builders import Edit, edited, github_lines, rule_lines
from tests.checks.conftest import example, findings, site_index
from tests.conftest import EXAMPLES

runner = CliRunner()
HPPH = "henan-provincial-hospital"
TELEMED = "henan-telemedicine"
XINCAI = "sites/xincai-branch.yaml"
MAIN = "sites/hpph-main.yaml"
ZZ_DC = "sites/zz-central-plains-dc.yaml"
NEXT_HOP_FIX = "give the next hop an address of the handoff subnet, or widen the handoff's prefix"


def test_every_example_has_a_lan_per_cpe_site_and_handoffs_per_edge() -> None:
    for name in EXAMPLES:
        topology = example(name)
        for rule_id in (
            "MI-HO-001",
            "MI-HO-002",
            "MI-HO-003",
            "MI-HO-004",
            "MI-HO-005",
            "MI-HO-006",
        ):
            assert findings(topology, rule_id) == [], (name, rule_id)
        for site, device in topology.all_devices():
            if device.role.value == "cpe":
                assert site.lan is not None and site.lan.device == device.hostname, site.id
            if device.role.value == "dc_edge":
                assert [h for h in site.handoffs if h.device == device.hostname], device.hostname


def test_lan_ranges_are_behind_the_site_and_zones_they_name_are_on_premises() -> None:
    topology = example("henan-provincial-hospital")
    index = index_of(topology)
    main = topology.sites[site_index(topology, "hpph-main")]
    branch = topology.sites[site_index(topology, "xincai-branch")]
    assert index.lan_prefixes(main) == [IPv4Network("10.20.0.0/17")]
    assert index.lan_prefixes(branch) == [IPv4Network("10.20.128.0/17")]
    assert IPv4Network("10.20.128.0/17") in index.site_prefixes(branch)
    assert index.premises[("hpph", "clinical")] == ["hpph-main", "xincai-branch"]
    # a CPE routes its tenant's ranges (the cloud zones, the rest of its own zone) and the
    # management networks over its uplinks
    assert [str(n) for n in index.uplink_prefixes(branch)] == [
        "10.20.0.0/16",
        "10.30.1.0/24",
        "10.30.2.0/24",
        "10.30.3.0/24",
        "10.255.0.0/16",
    ]


def test_an_edge_routes_each_cloud_zone_to_the_router_on_its_handoff() -> None:
    topology = example("henan-telemedicine")
    index = index_of(topology)
    ((_, handoff), (_, standby)) = index.handoffs["TM-DC2-PE-01"]
    routes = [(str(prefix), hop, rank) for prefix, hop, rank in index.handoff_routes(handoff)]
    # telemed-province's router is .4, telemed-cities' .5, on the hezhi provider network:
    # its own handoff carries the ranges the Hezhi cloud holds, to the Hezhi routers
    assert ("10.130.11.0/24", "10.130.254.4", 0) in routes
    assert ("10.141.2.0/24", "10.130.254.5", 0) in routes
    assert not [route for route in routes if route[0].startswith("10.120.")]  # on premises
    assert not [route for route in routes if route[0] in ("10.130.1.0/24", "10.141.1.0/24")]
    # the standby leg on the zhengdong network carries the Zhengdong cloud's ranges (and its
    # management LAN) to the Zhengdong routers, never a Hezhi range
    assert standby.standby
    legs = {(str(prefix), hop) for prefix, hop, _ in index.handoff_routes(standby)}
    assert legs == {
        ("10.130.1.0/24", "10.130.255.4"),
        ("10.130.2.0/24", "10.130.255.4"),
        ("10.253.0.0/24", "10.130.255.4"),
        ("10.253.1.0/24", "10.130.255.4"),
        ("10.141.1.0/24", "10.130.255.5"),
        ("10.252.0.0/17", "10.130.255.5"),
    }


def test_a_lan_range_without_network_is_the_whole_zone() -> None:
    topology = example("union-shenzhen-campus")
    site = topology.sites[site_index(topology, "union-main")]
    assert index_of(topology).lan_prefixes(site) == [IPv4Network("10.60.0.0/16")]


def test_longgang_keeps_one_route_per_management_range() -> None:
    topology = example("longgang-regional-imaging")
    assert findings(topology, "MI-FLOW-001") == []


def test_unknown_cpe_tenant_and_zone_name_file_and_line(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = edited(
        example_copy,
        HPPH,
        Edit(
            MAIN,
            "  device: HPPH-CPE-01\n  interface: GigabitEthernet0/0/3",
            "  device: HPPH-CPE-9\n  interface: GigabitEthernet0/0/3",
        ),
        Edit(
            MAIN,
            "- {zone: clinical, network: 10.20.0.0/17",
            "- {zone: clinic, network: 10.20.0.0/17",
        ),
    )
    result = runner.invoke(app, ["validate", str(topo)])
    assert result.exit_code == 1
    assert (
        "topo/sites/hpph-main.yaml:60:3: lan.device: unknown cpe of this site 'HPPH-CPE-9'; "
        "did you mean 'HPPH-CPE-01'? [MI-REF-001]" in result.output
    )
    assert (
        "topo/sites/hpph-main.yaml:67:6: lan.ranges[0].zone: unknown zone of tenant 'hpph' "
        "'clinic'; did you mean 'clinical'? [MI-REF-001]" in result.output
    )


def test_an_unknown_lan_tenant(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = edited(example_copy, HPPH, Edit(XINCAI, "  tenant: hpph", "  tenant: hpp"))
    result = runner.invoke(app, ["validate", str(topo)])
    assert result.exit_code == 1
    assert "lan.tenant: unknown tenant 'hpp'; did you mean 'hpph'? [MI-REF-001]" in result.output


EXACT = [
    pytest.param(
        HPPH,
        [Edit(XINCAI, "  interface: GigabitEthernet0/0/3", "  interface: GigabitEthernet0/0/30")],
        "MI-HO-001",
        [
            "::error file=topo/sites/xincai-branch.yaml,line=42,col=3,title=MI-HO-001::"
            "lan.interface: the LAN of site xincai-branch: AR6140 has no port "
            "GigabitEthernet0/0/30 (it has GigabitEthernet0/0/0..GigabitEthernet0/0/7 "
            "(switched), GigabitEthernet0/0/8..GigabitEthernet0/0/15 (routed), "
            "XGigabitEthernet0/0/0..XGigabitEthernet0/0/3 (routed))"
        ],
        id="a-lan-on-a-port-the-cpe-lacks",
    ),
    pytest.param(
        HPPH,
        [
            Edit(
                XINCAI,
                "  interface: GigabitEthernet0/0/3\n  vlan: 100",
                "  interface: GigabitEthernet0/0/1\n  vlan: 201",
            )
        ],
        "MI-HO-001",
        [
            "::error file=topo/sites/xincai-branch.yaml,line=42,col=3,title=MI-HO-001::"
            "lan.interface: the LAN of site xincai-branch: XC-CPE-01 GigabitEthernet0/0/1 "
            "already carries private line 'xincai-otn-a'; give the handoff a port of its own"
        ],
        id="a-lan-on-a-private-line-sub-interface",
    ),
    pytest.param(
        HPPH,
        [
            Edit(
                ZZ_DC,
                "address: 10.30.255.2/28, virtual_address: 10.30.255.1",
                "address: 10.30.255.2/28, virtual_address: 10.30.255.17",
            ),
            Edit(MAIN, "next_hop: 10.20.127.254", "next_hop: 10.20.127.253"),
        ],
        "MI-HO-002",
        [
            "::error file=topo/sites/hpph-main.yaml,line=64,col=3,title=MI-HO-002::"
            "lan.next_hop: the LAN of site hpph-main: 10.20.127.253 is the handoff's own "
            f"address; {NEXT_HOP_FIX}",
            "::error file=topo/sites/zz-central-plains-dc.yaml,line=24,col=72,title=MI-HO-002::"
            "handoffs[0].virtual_address: the core handoff of ZZ-DC-PE-01: 10.30.255.17 is "
            f"not a host of the handoff subnet 10.30.255.0/28; {NEXT_HOP_FIX}",
        ],
        id="a-next-hop-off-the-handoff-subnet",
    ),
    pytest.param(
        HPPH,
        [
            Edit(
                XINCAI,
                "- {zone: clinical, network: 10.20.128.0/17}",
                "- {zone: his, network: 10.30.2.0/25}",
            )
        ],
        "MI-HO-003",
        [
            "::error file=topo/sites/xincai-branch.yaml,line=48,col=6,title=MI-HO-003::"
            "lan.ranges[0].zone: the LAN of site xincai-branch names zone hpph/his, which is in "
            "the cloud; set the zone's placement: on_premises or name another zone"
        ],
        id="a-lan-naming-a-cloud-zone",
    ),
    pytest.param(
        HPPH,
        [
            Edit(XINCAI, "network: 10.20.128.0/17", "network: 10.21.0.0/17"),
            Edit(MAIN, "  next_hop: 10.20.127.254\n", ""),
        ],
        "MI-HO-003",
        [
            "::error file=topo/sites/hpph-main.yaml,line=66,col=22,title=MI-HO-003::"
            "lan.ranges[0].network: range 10.20.0.0/17 of the LAN of site hpph-main is not on "
            "the handoff subnet 10.20.127.252/30 and the LAN has no next_hop to route it; set "
            "lan.next_hop to the campus core's address",
            "::error file=topo/sites/xincai-branch.yaml,line=48,col=22,title=MI-HO-003::"
            "lan.ranges[0].network: range 10.21.0.0/17 of the LAN of site xincai-branch is "
            "outside zone hpph/clinical (10.20.0.0/16); add it to the zone or pick a part of "
            "the zone",
        ],
        id="a-lan-range-outside-its-zone-and-one-the-cpe-cannot-reach",
    ),
    pytest.param(
        TELEMED,
        [
            Edit(
                "sites/zzu-dc-hezhi.yaml",
                "address: 10.130.255.3/28, virtual_address: 10.130.255.1, standby: true",
                "address: 10.130.255.3/28, virtual_address: 10.130.255.9, standby: true",
            )
        ],
        "MI-HO-006",
        [
            "::error file=topo/sites/zzu-dc-hezhi.yaml,line=22,col=106,title=MI-HO-006::"
            "handoffs[1].standby: the standby handoff of TM-DC2-PE-01 (100GE2/0/1 "
            "10.130.255.3/28): no edge of another data centre holds 10.130.255.9 on "
            "10.130.255.0/28 (a handoff there with that virtual_address and no standby); put "
            "the standby on the subnet and virtual_address of the other data centre's own "
            "handoff, or drop standby: true"
        ],
        id="a-standby-handoff-must-back-up-the-other-data-centres-virtual-address",
    ),
]


@pytest.mark.parametrize(("name", "edits", "rule_id", "expected"), EXACT)
def test_a_broken_handoff_is_reported_at_its_line(
    example_copy,  # type: ignore[no-untyped-def]
    name: str,
    edits: list[Edit],
    rule_id: str,
    expected: list[str],
) -> None:
    assert rule_lines(edited(example_copy, name, *edits), rule_id) == expected


PARTIAL = [
    # the core handoff on the management port: the rest of the line names the port's use
    pytest.param(
        [
            Edit(
                ZZ_DC,
                "interface: 10GE2/0/0, address: 10.30.255.3/28",
                "interface: GigabitEthernet0/0/0, address: 10.30.255.3/28",
            )
        ],
        "MI-HO-001",
        "::error file=topo/sites/zz-central-plains-dc.yaml,line=25,col=25,title=MI-HO-001::"
        "handoffs[1].interface: the core handoff of ZZ-DC-PE-02: GigabitEthernet0/0/0 is the "
        "management port of ZZ-DC-PE-02",
        "",
        id="a-core-handoff-on-the-management-port",
    ),
    pytest.param(
        [Edit("topology.yaml", "next_hop: 10.30.255.1", "next_hop: 10.30.255.9")],
        "MI-HO-004",
        "::error file=topo/topology.yaml,line=",
        "title=MI-HO-004::cloud.tenants[0].uplinks[0].next_hop: tenant hpph's router routes its "
        "on-premises zones to 10.30.255.9, but no edge of data centre zz-central-plains-dc has "
        "that address on a handoff; give an edge of that data centre a handoff",
        id="a-tenant-router-whose-next-hop-no-edge-answers",
    ),
    # the CT scanners' range moved into the branch's part of the clinical zone
    pytest.param(
        [Edit(MAIN, "network: 10.20.10.0/24", "network: 10.20.200.0/24")],
        "MI-HO-005",
        "::error file=topo/sites/hpph-main.yaml,line=",
        "title=MI-HO-005::imaging_gateways[0].peers[0].network: peer HPPH_CT01 of imaging "
        "gateway HPPH-DICOM-GW-01 sends from 10.20.200.0/24, on the premises, but outside the "
        "LAN ranges of site hpph-main (10.20.0.0/17); add the modalities' range",
        id="a-modality-outside-the-sites-lan",
    ),
    pytest.param(
        [
            Edit(
                ZZ_DC,
                "address: 10.30.255.3/28, virtual_address: 10.30.255.1}",
                "address: 10.30.255.3/28, virtual_address: 10.30.255.1, standby: true}",
            )
        ],
        "MI-HO-006",
        "::error ",
        "there is no other data centre to back up",
        id="a-standby-handoff-without-active-active-data-centres",
    ),
]


@pytest.mark.parametrize(("edits", "rule_id", "start", "fragment"), PARTIAL)
def test_a_broken_handoff_gives_one_line(
    example_copy,  # type: ignore[no-untyped-def]
    edits: list[Edit],
    rule_id: str,
    start: str,
    fragment: str,
) -> None:
    (line,) = rule_lines(edited(example_copy, HPPH, *edits), rule_id)
    assert line.startswith(start)
    assert fragment in line


def test_a_standby_handoff_needs_the_virtual_address_it_backs_up(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = edited(
        example_copy,
        TELEMED,
        Edit(
            "sites/zzu-dc-hezhi.yaml",
            "address: 10.130.255.3/28, virtual_address: 10.130.255.1, standby: true",
            "address: 10.130.255.3/28, standby: true",
        ),
    )
    assert "a standby handoff backs up the other data centre's VRRP virtual address" in (
        "\n".join(github_lines(topo))
    )
