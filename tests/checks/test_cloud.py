"""Cloud rules: what Keystone, Neutron, Manila and Cinder would refuse, found by validate."""

from ipaddress import ip_address, ip_interface, ip_network

from medinfra.model.cloud import StorageProtocol, ZonePolicy
from tests.checks.conftest import at, evolve, example, findings

MBH = "multi-branch-hospital"
HPPH = "henan-provincial-hospital"
TENANT = ("cloud", "tenants", 0)


def test_a_comma_in_a_project_tag_is_an_error() -> None:
    topology = evolve(example(MBH), ("name",), "mbh,branch")
    (finding,) = findings(topology, "MI-CLD-001")
    assert finding.path == (*TENANT, "id")
    assert "tag 'topology:mbh,branch' holds a comma or slash" in finding.message
    assert findings(example(MBH), "MI-CLD-001") == []


def test_a_policy_repeating_earlier_rules_is_reported() -> None:
    topology = example(MBH)
    first = at(topology, (*TENANT, "policies", 0))
    copy = ZonePolicy(
        name="copy",
        source=first.source,
        destination=first.destination,
        services=first.services,
        action=first.action,
    )
    tenant = at(topology, TENANT)
    mutated = evolve(topology, (*TENANT, "policies"), (*tenant.policies, copy))
    found = findings(mutated, "MI-CLD-002")
    assert {f.path for f in found} == {(*TENANT, "policies", len(tenant.policies))}
    assert "policy copy adds nothing to zone" in found[0].message
    assert findings(topology, "MI-CLD-002") == []


def test_share_larger_than_manilas_quota_names_the_quota_to_raise() -> None:
    assert findings(example(HPPH), "MI-CLD-003") == [], "the example states its raised quota"
    default = evolve(example(HPPH), (*TENANT, "quotas", "share_gigabytes"), None)
    (finding,) = findings(default, "MI-CLD-003")
    assert finding.path == (*TENANT, "storage_pools")
    assert "need 479444 GiB but the project's Manila quota is 1000 GB" in finding.message
    assert "project(s) hpph" in finding.message
    assert "manila quota-update <project id> --gigabytes 479444" in finding.message


def test_network_and_volume_quotas_below_the_need_are_errors() -> None:
    topology = evolve(example(MBH), (*TENANT, "quotas", "networks"), 1)
    (networks,) = findings(topology, "MI-CLD-004")
    assert networks.path == (*TENANT, "quotas", "networks")
    no_volumes = evolve(example(MBH), (*TENANT, "quotas", "volumes"), 0)
    (volumes,) = findings(no_volumes, "MI-CLD-004")
    assert "quotas.volumes is 0 but pool(s) mbh-images serve block volumes" in volumes.message


def test_file_pool_without_storage_zone_is_an_error() -> None:
    topology = example(MBH)
    tenant = at(topology, TENANT)
    zones = tuple(z for z in tenant.zones if z.kind.value != "storage")
    without = evolve(topology, (*TENANT, "zones"), zones)
    (finding,) = findings(without, "MI-CLD-005")
    pool = at(without, (*TENANT, "storage_pools", 0))
    assert StorageProtocol.FILE in pool.protocols
    assert finding.path == (*TENANT, "storage_pools", 0, "protocols")
    assert findings(topology, "MI-CLD-005") == []


def test_a_raised_quota_below_the_need_is_still_reported() -> None:
    low = evolve(example(HPPH), (*TENANT, "quotas", "share_gigabytes"), 479_000)
    (finding,) = findings(low, "MI-CLD-003")
    assert "the project's Manila quota is 479000 GB" in finding.message


def test_more_on_premises_ranges_than_neutron_routes_is_a_warning() -> None:
    topology = example(MBH)
    assert findings(topology, "MI-CLD-006") == []
    tenant = at(topology, TENANT)
    clinical = next(z for z in tenant.zones if z.on_premises)
    # 30 on-premises ranges and the management network: one route too many
    many = tuple(ip_network(f"10.{70 + i // 4}.{(i % 4) * 64}.0/18") for i in range(30))
    zones = tuple(
        z.model_copy(update={"ranges": many}) if z is clinical else z for z in tenant.zones
    )
    (finding,) = findings(evolve(topology, (*TENANT, "zones"), zones), "MI-CLD-006")
    assert finding.path == (*TENANT, "zones")
    assert finding.message == (
        "tenant mbh: its router needs 31 routes to the edge (one per on-premises range and "
        "management network) but Neutron takes 30 by default"
    )


def test_a_gateway_subnet_overlapping_a_cloud_zone_is_an_error() -> None:
    topology = example(HPPH)
    assert findings(topology, "MI-CLD-007") == []
    uplink = at(topology, (*TENANT, "uplinks", 0))
    inside = uplink.model_copy(
        update={"router_address": ip_interface("10.30.1.4/24"), "next_hop": ip_address("10.30.1.1")}
    )
    mutated = evolve(topology, (*TENANT, "uplinks"), (inside,))
    (finding,) = findings(mutated, "MI-CLD-007")
    assert finding.path == (*TENANT, "uplinks", 0, "router_address")
    assert finding.message == (
        "tenant hpph: the router's gateway subnet 10.30.1.0/24 overlaps range 10.30.1.0/24 of "
        "zone pacs; Neutron refuses the second of two overlapping subnets on one router"
    )
