"""What OpenStack must accept, asserted over every example plan and every stack config.

Each invariant reads the declared resources (the offline plan's records), never the spec
functions that built them, so a change of the components that breaks an API rule fails here.
"""

import contextlib
import json
from functools import cache
from ipaddress import ip_network

import pytest

from medinfra.cloud.openstack_api import NeutronRuleKey, extra_spec_is_scoped, tag_problem
from medinfra.cloud.plan import PlannedResource, peer_outputs, run_offline
from medinfra.cloud.program import StackSelection, run_stack
from medinfra.model.cloud import ZoneKind
from tests.cloud.conftest import (
    EXAMPLES,
    STACK_DIR,
    example,
    example_plan,
    stack_configs,
    stack_topology,
)

T = "openstack:"
SG_RULE = T + "networking/secGroupRule:SecGroupRule"
FW_RULE = T + "firewall/ruleV2:RuleV2"
FW_POLICY = T + "firewall/policyV2:PolicyV2"
FW_GROUP = T + "firewall/groupV2:GroupV2"
PROJECT = T + "identity/project:Project"
PROVIDER = "pulumi:providers:openstack"
STORES = {
    T + "objectstorage/container:Container",
    T + "sharedfilesystem/share:Share",
    T + "blockstorage/volumeTypeV3:VolumeTypeV3",
}
TENANT_SIDE = {
    T + "objectstorage/container:Container",
    T + "sharedfilesystem/share:Share",
    T + "sharedfilesystem/shareNetwork:ShareNetwork",
    T + "sharedfilesystem/shareAccess:ShareAccess",
}


@cache
def stack_records(stack: str) -> tuple[str, tuple[PlannedResource, ...]]:
    """The stack program run from its Pulumi.<stack>.yaml (with a sync key): topology, records."""
    config = stack_configs()[stack]
    settings = {k: v if isinstance(v, str) else json.dumps(v) for k, v in config.items()}
    settings["healthcare-cloud:container_sync_key"] = "k"
    name = stack_topology(config).name
    pools = config.get("healthcare-cloud:storage_pools")
    selection = StackSelection(
        config.get("healthcare-cloud:data_centre"),
        tuple(pools) if pools else None,
        peer_stack=config.get("healthcare-cloud:peer_stack"),
    )
    with contextlib.chdir(STACK_DIR):
        records, _ = run_offline(
            run_stack, stack, settings, peers=peer_outputs(example(name), selection)
        )
    return name, tuple(records)


CASES = [("example", name) for name in EXAMPLES] + [
    ("stack", stack) for stack in sorted(stack_configs())
]


def _records(kind: str, name: str) -> tuple[str, tuple[PlannedResource, ...]]:
    if kind == "example":
        return name, example_plan(name).resources
    return stack_records(name)


def _by_type(records, resource_type):
    return [r for r in records if r.type == resource_type]


def _ancestor(records, resource, resource_type):
    by_urn = {r.urn: r for r in records}
    current = by_urn.get(resource.parent_urn or "")
    while current is not None and current.type != resource_type:
        current = by_urn.get(current.parent_urn or "")
    return current


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_no_two_security_group_rules_are_equal_for_neutron(kind, name):
    _, records = _records(kind, name)
    seen = {}
    for rule in _by_type(records, SG_RULE):
        p = rule.properties
        key = (
            p["securityGroupId"],
            NeutronRuleKey.of(
                p["direction"],
                p["ethertype"],
                protocol=p.get("protocol"),
                port_min=p.get("portRangeMin"),
                port_max=p.get("portRangeMax"),
                remote_ip_prefix=p.get("remoteIpPrefix"),
                remote_group_id=p.get("remoteGroupId"),
            ),
        )
        assert key not in seen, f"{rule.urn} equals {seen.get(key)} (409 SecurityGroupRuleExists)"
        seen[key] = rule.urn
        assert p["ethertype"] == "IPv4" and ip_network(p["remoteIpPrefix"]).version == 4, rule.urn
        assert rule.options.get("deleteBeforeReplace"), rule.urn


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_firewall_rules_are_distinct_enabled_and_each_group_enforces(kind, name):
    _, records = _records(kind, name)
    rules = {r.id: r for r in _by_type(records, FW_RULE)}
    for policy in _by_type(records, FW_POLICY):
        listed = [rules[i] for i in policy.properties["rules"]]
        matches = [
            tuple(
                r.properties.get(k)
                for k in ("protocol", "sourceIpAddress", "destinationIpAddress", "destinationPort")
            )
            for r in listed
        ]
        assert len(set(matches)) == len(matches), policy.urn
        assert all(r.properties["enabled"] is True for r in listed), policy.urn
        assert all(r.properties["ipVersion"] == 4 for r in listed), policy.urn
    for group in _by_type(records, FW_GROUP):
        p = group.properties
        assert p["adminStateUp"] is True, group.urn
        assert p["ports"] and p["ingressFirewallPolicyId"] and p["egressFirewallPolicyId"]


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_every_tag_is_valid_for_keystone_and_every_extra_spec_is_scoped(kind, name):
    _, records = _records(kind, name)
    for resource in records:
        for tag in resource.properties.get("tags") or []:
            assert tag_problem(tag) is None, f"{resource.urn}: {tag_problem(tag)}"
        for key in resource.properties.get("extraSpecs") or {}:
            assert extra_spec_is_scoped(key), f"{resource.urn}: unscoped extra spec {key}"


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_every_image_store_is_protected_and_synced(kind, name):
    topology_name, records = _records(kind, name)
    pools = {p.id: p for t in example(topology_name).cloud.tenants for p in t.storage_pools}
    stores = [r for r in records if r.type in STORES]
    assert stores
    for store in stores:
        pool = pools[_ancestor(records, store, "medinfra:cloud:StoragePool").name]
        assert store.options.get("protect") is pool.holds_images, store.urn
        if store.type.endswith("Container") and pool.holds_images:
            assert store.properties.get("containerSyncKey"), store.urn
            if pool.dr_target:
                target = store.properties["containerSyncTo"]
                assert target.endswith(f"/{pool.dr_target}") and "/AUTH_<Project:" in target


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_every_container_and_share_is_in_its_tenants_project(kind, name):
    _, records = _records(kind, name)
    providers = {r.urn: r for r in _by_type(records, PROVIDER)}
    tenant_side = [r for r in records if r.type in TENANT_SIDE]
    assert tenant_side
    for resource in tenant_side:
        tenant = _ancestor(records, resource, "medinfra:cloud:HospitalTenant")
        (project,) = [r for r in _by_type(records, PROJECT) if r.parent_urn == tenant.urn]
        provider = providers.get(resource.provider or "")
        assert provider is not None, f"{resource.urn} uses the admin provider"
        assert provider.properties["tenantId"] == project.id, resource.urn
        (operator,) = [
            r
            for r in _by_type(records, T + "identity/roleAssignment:RoleAssignment")
            if r.parent_urn == tenant.urn and "userId" in r.properties
        ]
        assert operator.properties["projectId"] == project.id
        assert operator.urn in resource.dependencies, (
            f"{resource.urn} must wait for the operator's role on the project"
        )
    for share_access in _by_type(records, T + "sharedfilesystem/shareAccess:ShareAccess"):
        assert share_access.properties["accessLevel"] == "rw", share_access.urn


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_each_share_is_open_to_every_range_of_the_storage_zone_and_nothing_else(kind, name):
    topology_name, records = _records(kind, name)
    for tenant in example(topology_name).cloud.tenants:
        storage = [z for z in tenant.zones if z.kind is ZoneKind.STORAGE]
        for share in _by_type(records, T + "sharedfilesystem/share:Share"):
            if _ancestor(records, share, "medinfra:cloud:HospitalTenant").name != tenant.id:
                continue
            granted = sorted(
                r.properties["accessTo"]
                for r in _by_type(records, T + "sharedfilesystem/shareAccess:ShareAccess")
                if r.properties["shareId"] == share.id
            )
            assert granted == sorted(str(c) for z in storage for c in z.ranges), share.urn


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_quotas_hold_what_the_tenant_declares(kind, name):
    topology_name, records = _records(kind, name)
    for tenant in example(topology_name).cloud.tenants:
        component = next(
            r for r in records if r.type == "medinfra:cloud:HospitalTenant" and r.name == tenant.id
        )

        def mine(resource_type, component=component):
            return [
                r
                for r in _by_type(records, resource_type)
                if _ancestor(records, r, "medinfra:cloud:HospitalTenant") == component
            ]

        (network,) = mine(T + "networking/quotaV2:QuotaV2")
        q = network.properties
        assert q["network"] >= len(mine(T + "networking/network:Network"))
        assert q["subnet"] >= len(mine(T + "networking/subnet:Subnet"))
        assert q["router"] >= len(mine(T + "networking/router:Router"))
        assert q["securityGroup"] >= len(mine(T + "networking/secGroup:SecGroup")) + 1
        assert q["securityGroupRule"] >= len(mine(SG_RULE)) + 4
        (block,) = mine(T + "blockstorage/quoteSetV3:QuoteSetV3")
        shares = mine(T + "sharedfilesystem/share:Share")
        assert sum(s.properties["size"] for s in shares) <= (tenant.quotas.share_gigabytes or 1000)
        assert bool(block.properties["volumes"]) == bool(block.properties["gigabytes"])
        if mine(T + "blockstorage/volumeTypeV3:VolumeTypeV3"):
            assert block.properties["gigabytes"] > 0 and block.properties["volumes"] > 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_policy_rules_point_at_the_other_zone_or_the_zone_itself(name):
    topology, records = example(name), example_plan(name).resources
    for tenant in topology.cloud.tenants:
        zones = {z.id: z for z in tenant.zones}
        for zone in tenant.cloud_zones:
            (group,) = [
                r
                for r in _by_type(records, T + "networking/secGroup:SecGroup")
                if r.name == f"{tenant.id}-{zone.id}-fw-sg"
            ]
            rules = [
                r for r in _by_type(records, SG_RULE) if r.properties["securityGroupId"] == group.id
            ]
            own = {str(r) for r in zone.ranges}
            allowed = {"egress": set(own), "ingress": set(own)}
            for policy in tenant.policies:
                if policy.source == zone.id:
                    allowed["egress"] |= {str(r) for r in zones[policy.destination].ranges}
                if policy.destination == zone.id:
                    allowed["ingress"] |= {str(r) for r in zones[policy.source].ranges}
            for rule in rules:
                p = rule.properties
                if p["description"].startswith("base egress"):
                    assert p["direction"] == "egress", rule.urn
                    continue
                if p["description"].startswith("management:"):  # the servers to the devices
                    assert zone.kind.value == "management" and p["direction"] == "egress"
                    managed = {str(n) for n in topology.management.networks}
                    assert p["remoteIpPrefix"] in managed, rule.urn
                    continue
                assert p["remoteIpPrefix"] in allowed[p["direction"]], rule.urn
                if p["description"].startswith("intra-zone"):
                    assert p["remoteIpPrefix"] in own and "protocol" not in p, rule.urn


def test_the_two_data_centre_stacks_know_each_other_and_share_no_keystone_name():
    stacks = {s: c for s, c in stack_configs().items() if "healthcare-cloud:peer_stack" in c}
    assert len(stacks) == 2
    names = {}
    for stack, config in stacks.items():
        other = next(s for s in stacks if s != stack)
        assert config["healthcare-cloud:peer_stack"].endswith(f"/{other}")
        _, records = stack_records(stack)
        names[stack] = {r.properties["name"] for r in _by_type(records, PROJECT)}
        (container,) = _by_type(records, T + "objectstorage/container:Container")
        other_dc = stacks[other]["healthcare-cloud:data_centre"]
        assert f"/{other_dc}/AUTH_<Project:" in container.properties["containerSyncTo"]
        assert f"-{other_dc}>/" in container.properties["containerSyncTo"]
    assert len({c["openstack:cloud"] for c in stacks.values()}) == 2
    first, second = names.values()
    assert first and not first & second


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_staff_group_has_its_role_on_its_tenants_project(name):
    topology, records = example(name), example_plan(name).resources
    projects = {r.parent_urn: r.id for r in _by_type(records, PROJECT)}
    groups = {r.id: r for r in _by_type(records, T + "identity/groupV3:GroupV3")}
    grants = [
        r
        for r in _by_type(records, T + "identity/roleAssignment:RoleAssignment")
        if "groupId" in r.properties
    ]
    expected = {
        (f"{t.id}-{g.id}", f"<role:{g.role}>") for t in topology.cloud.tenants for g in t.staff
    }
    assert {(groups[g.properties["groupId"]].name, g.properties["roleId"]) for g in grants} == (
        expected
    )
    for grant in grants:
        assert grant.properties["projectId"] == projects[grant.parent_urn], grant.urn


def test_an_example_declares_staff_groups():
    assert any(t.staff for name in EXAMPLES for t in example(name).cloud.tenants)
