"""Addressing rules: overlaps, management ranges, line subnets."""

from ipaddress import IPv4Interface, IPv4Network

from medinfra.checks.addressing import line_subnets, zone_overlap
from tests.checks.conftest import at, evolve, example, findings, site_index

HPPH = "henan-provincial-hospital"


def test_examples_satisfy() -> None:
    for name in (HPPH, "longgang-regional-imaging", "multi-branch-hospital"):
        for rule_id in ("MI-ADDR-001", "MI-ADDR-002", "MI-ADDR-003", "MI-ADDR-004"):
            assert findings(example(name), rule_id) == [], (name, rule_id)


def test_overlapping_zones_in_one_tenant() -> None:
    topology = example(HPPH)
    # zone 'his' 10.30.2.0/24 widened to 10.30.0.0/22 covers 'pacs' 10.30.1.0/24 and
    # 'viewer' 10.30.3.0/24
    copy = evolve(
        topology, ("cloud", "tenants", 0, "zones", 2, "ranges"), (IPv4Network("10.30.0.0/22"),)
    )
    messages = [f.message for f in zone_overlap(copy, copy.settings)]
    assert messages == [
        "zone 'hpph/pacs' range 10.30.1.0/24 overlaps zone 'hpph/his' range 10.30.0.0/22 "
        "in routing domain 'hpph'",
        "zone 'hpph/viewer' range 10.30.3.0/24 overlaps zone 'hpph/his' range 10.30.0.0/22 "
        "in routing domain 'hpph'",
    ]


def test_tenants_in_separate_domains_may_reuse_ranges() -> None:
    topology = example(HPPH)
    tenant = topology.cloud.tenants[0]
    twin = tenant.model_copy(update={"id": "twin"})
    copy = evolve(topology, ("cloud", "tenants"), (tenant, twin))
    assert findings(copy, "MI-ADDR-001") == []
    shared = (
        tenant.model_copy(update={"routing_domain": "wan"}),
        twin.model_copy(update={"routing_domain": "wan"}),
    )
    overlaps = findings(evolve(topology, ("cloud", "tenants"), shared), "MI-ADDR-001")
    # every non-management range of the twin collides; the shared management network does not
    assert len(overlaps) == 4
    assert all("routing domain 'wan'" in f.message for f in overlaps)


def test_device_outside_management_network() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    copy = evolve(
        topology,
        ("sites", s, "devices", 0, "management", "address"),
        IPv4Interface("192.168.1.1/24"),
    )
    (finding,) = findings(copy, "MI-ADDR-002")
    assert finding.message == (
        "HPPH-CPE-01 management address 192.168.1.1 is outside the management networks "
        "(10.255.0.0/16)"
    )


def test_line_ends_in_different_subnets_and_reserved_address() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    z_path = ("sites", s, "uplinks", 0, "z", "address")
    apart = evolve(topology, z_path, IPv4Interface("10.0.9.2/30"))
    (finding,) = findings(apart, "MI-ADDR-003")
    assert "A end 10.0.1.1/30 and Z end 10.0.9.2/30 are in different subnets" in finding.message
    broadcast = evolve(topology, z_path, IPv4Interface("10.0.1.3/30"))
    (finding,) = findings(broadcast, "MI-ADDR-003")
    assert "10.0.1.3 is the network or broadcast address of 10.0.1.0/30" in finding.message


def test_overlapping_line_subnets() -> None:
    topology = example(HPPH)
    s = site_index(topology, "xincai-branch")
    line = at(topology, ("sites", s, "uplinks", 0))
    moved = line.model_copy(
        update={
            "a": line.a.model_copy(update={"address": IPv4Interface("10.0.1.1/29")}),
            "z": line.z.model_copy(update={"address": IPv4Interface("10.0.1.2/29")}),
        }
    )
    copy = evolve(topology, ("sites", s, "uplinks", 0), moved)
    messages = sorted(f.message for f in line_subnets(copy, copy.settings))
    # the /29 covers both /30s of hpph-main
    assert messages == [
        "private line 'hpph-peotn-a' subnet 10.0.1.0/30 overlaps private line 'xincai-otn-a' "
        "10.0.1.0/29",
        "private line 'hpph-peotn-b' subnet 10.0.1.4/30 overlaps private line 'xincai-otn-a' "
        "10.0.1.0/29",
    ]
