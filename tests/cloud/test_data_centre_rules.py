"""Each stack of an active-active pair filters its zones by its own data centre's ranges.

A zone's firewall group sits on the router ports of the subnets its data centre's cloud
holds, so the zone's side of a FWaaS rule (the source of egress, the destination of
ingress) names only those ranges: the other data centre's there would never match and only
count against the policy's rules. The remote side keeps every data centre's ranges. The
default DNS servers (the zone's subnets) and the subnets a project's quota counts are the
stack's data centre's too. Table-driven over every stack of every two-data-centre example,
checked on what the stack program declares (the offline plan).
"""

from ipaddress import IPv4Network

import pytest

from medinfra.cloud.fwaas_rules import firewall_rules
from medinfra.cloud.plan import Plan, PlannedResource, placeholder_id
from medinfra.cloud.program import base_egress
from medinfra.cloud.rule_specs import Direction, FirewallRuleSpec
from medinfra.cloud.security_group_rules import security_group_rules
from medinfra.cloud.sizing import plan_quotas
from medinfra.model.cloud import Tenant, Zone
from medinfra.model.index import index_of
from medinfra.model.topology import DataCentreMode
from tests.cloud.conftest import EXAMPLES, example, example_plan

RULE = "openstack:firewall/ruleV2:RuleV2"
POLICY = "openstack:firewall/policyV2:PolicyV2"
SG_RULE = "openstack:networking/secGroupRule:SecGroupRule"

STACKS = [
    (name, centre)
    for name in EXAMPLES
    if example(name).data_centres.mode is DataCentreMode.ACTIVE_ACTIVE
    for centre in example(name).data_centres.sites
]
"""(example, data centre) of every stack of an example with two data centres."""


def test_there_is_an_example_with_two_data_centres():
    assert len(STACKS) >= 2, "henan-telemedicine runs a stack per data centre"


def _cloud_zones(name: str) -> list[tuple[Tenant, Zone]]:
    return [(t, z) for t in example(name).cloud.tenants for z in t.cloud_zones]


def _policy_rules(plan: Plan, tenant: Tenant, zone: Zone, direction: Direction) -> list[dict]:
    """The properties of the rules of the zone's declared FWaaS policy, in order."""
    by_id: dict[str | None, PlannedResource] = {r.id: r for r in plan.resources}
    name = f"{tenant.id}-{zone.id}-{direction.value}"
    policy = next(r for r in plan.resources if r.type == POLICY and r.properties["name"] == name)
    return [by_id[rule].properties for rule in policy.properties["rules"]]


def _zone_side(direction: Direction, rule: dict | FirewallRuleSpec) -> str | None:
    """The zone's own address of a rule: the source of egress, the destination of ingress."""
    if isinstance(rule, FirewallRuleSpec):
        return rule.source if direction is Direction.EGRESS else rule.destination
    key = "sourceIpAddress" if direction is Direction.EGRESS else "destinationIpAddress"
    return rule.get(key)


def _inside(address: str | None, ranges: tuple[IPv4Network, ...]) -> bool:
    return address is None or any(IPv4Network(address).subnet_of(own) for own in ranges)


@pytest.mark.parametrize(("name", "centre"), STACKS)
def test_every_fwaas_rule_names_only_its_data_centres_ranges_on_the_zone_side(name, centre):
    plan = example_plan(name, centre)
    for tenant, zone in _cloud_zones(name):
        own = zone.ranges_in(centre)
        for direction in Direction:
            rules = _policy_rules(plan, tenant, zone, direction)
            stray = [r["name"] for r in rules if not _inside(_zone_side(direction, r), own)]
            assert not stray, (
                f"{name} stack {centre}: zone {tenant.id}/{zone.id} {direction.value} rules "
                f"name another data centre's range on the zone's side (they never match "
                f"there): {stray}"
            )


@pytest.mark.parametrize(("name", "centre"), STACKS)
def test_the_rule_count_drops_by_the_rules_of_the_other_data_centres_ranges(name, centre):
    topology, plan = example(name), example_plan(name, centre)
    services = index_of(topology).services
    base, ntp = base_egress(topology)
    managed = topology.management.networks
    dropped = 0
    for tenant, zone in _cloud_zones(name):
        own = zone.ranges_in(centre)
        for direction in Direction:
            every = firewall_rules(
                tenant, zone, services, direction, base, ntp=ntp, managed=managed
            )
            kept = [r for r in every if _inside(_zone_side(direction, r), own)]
            # the zone's ranges in the other cloud stay, as the remote side
            others = tuple(n for n in zone.ranges if n not in own)
            remote = [
                r for r in kept if r.intra_zone and _inside(_remote_side(direction, r), others)
            ]
            declared = _policy_rules(plan, tenant, zone, direction)
            assert [r["name"] for r in declared] == [r.name for r in kept], (
                f"{name} stack {centre}: zone {tenant.id}/{zone.id} {direction.value}: the "
                "policy is every rule of the single-stack one whose zone side is this data "
                "centre's, in the same order"
            )
            dropped += len(every) - len(kept)
            if others:
                assert len(remote) == len(own) * len(others), f"{tenant.id}/{zone.id}"
    assert dropped > 0
    assert plan.counts()[RULE] == sum(
        len(firewall_rules(t, z, services, d, base, ntp=ntp, managed=managed, data_centre=centre))
        for t, z in _cloud_zones(name)
        for d in Direction
    )


def _remote_side(direction: Direction, rule: FirewallRuleSpec) -> str | None:
    """The remote address of a rule: the destination of egress, the source of ingress."""
    return rule.destination if direction is Direction.EGRESS else rule.source


@pytest.mark.parametrize(("name", "centre"), STACKS)
def test_default_dns_is_the_zones_subnets_in_the_stacks_data_centre(name, centre):
    topology, plan = example(name), example_plan(name, centre)
    services = index_of(topology).services
    base, ntp = base_egress(topology)
    if base.dns_servers:
        pytest.skip("the model names its DNS servers")
    for tenant, zone in _cloud_zones(name):
        dns = [
            r.remote_ip_prefix
            for r in security_group_rules(tenant, zone, services, base, ntp, data_centre=centre)
            if r.base == "dns"
        ]
        assert sorted(dns) == sorted(2 * [str(n) for n in zone.ranges_in(centre)]), "udp, tcp"
    declared = [
        r.properties
        for r in plan.resources
        if r.type == SG_RULE and "base egress: dns" in r.properties["description"]
    ]
    own = tuple(n for _, z in _cloud_zones(name) for n in z.ranges_in(centre))
    assert declared and all(_inside(r["remoteIpPrefix"], own) for r in declared)


@pytest.mark.parametrize(("name", "centre"), STACKS)
def test_quotas_count_the_subnets_and_rules_of_the_stacks_data_centre(name, centre):
    plan = example_plan(name, centre)
    for tenant in example(name).cloud.tenants:
        zones = tenant.cloud_zones
        own = sum(len(zone.ranges_in(centre)) for zone in zones)
        assert own < sum(len(zone.ranges) for zone in zones)
        # a networks quota below the subnets, so the subnet quota is the subnets counted
        tight = tenant.model_copy(
            update={"quotas": tenant.quotas.model_copy(update={"networks": len(zones)})}
        )
        assert plan_quotas(tight, 0, centre).subnets == own
        assert plan_quotas(tight, 0).subnets == sum(len(z.ranges) for z in zones)
        quota = next(
            r.properties
            for r in plan.resources
            if r.id
            == placeholder_id("openstack:networking/quotaV2:QuotaV2", f"{tenant.id}-network")
        )
        groups = {
            r.id
            for r in plan.resources
            if r.type == "openstack:networking/secGroup:SecGroup"
            and r.properties["name"].startswith(f"{tenant.id}-")
        }
        rules = sum(
            1
            for r in plan.resources
            if r.type == SG_RULE and r.properties["securityGroupId"] in groups
        )
        assert quota["securityGroupRule"] == rules + 4, "the stack's own rules, and Neutron's 4"
