"""ZoneFirewall under Pulumi's mocks: ordered FWaaS rules, default deny last, security group."""

import pytest

from medinfra.cloud.firewall import ZoneFirewall, ZoneFirewallArgs
from medinfra.cloud.fwaas_rules import firewall_rules
from medinfra.cloud.plan import run_offline
from medinfra.cloud.ports import catalogue
from medinfra.cloud.rule_specs import Direction
from medinfra.cloud.security_group_rules import security_group_rules
from medinfra.model.cloud import BaseEgress
from tests.cloud.conftest import example

RULE = "openstack:firewall/ruleV2:RuleV2"
POLICY = "openstack:firewall/policyV2:PolicyV2"
GROUP = "openstack:firewall/groupV2:GroupV2"
SG = "openstack:networking/secGroup:SecGroup"
SG_RULE = "openstack:networking/secGroupRule:SecGroupRule"


@pytest.fixture(scope="module")
def archive_firewall():
    topology = example("longgang-regional-imaging")
    tenant = topology.cloud.tenants[0]
    zone = next(z for z in tenant.zones if z.id == "archive")
    services = catalogue(topology)

    def program():
        firewall = ZoneFirewall(
            "fw", ZoneFirewallArgs(tenant, zone, services, "project-1", ["port-a", "port-b"], "R")
        )
        return firewall.group_id

    records, group_id = run_offline(program, "test")
    return tenant, zone, services, records, group_id


def test_policies_list_rules_in_model_order_with_default_deny_last(archive_firewall):
    tenant, zone, services, records, _ = archive_firewall
    rules_by_id = {r.id: r for r in records if r.type == RULE}
    policies = {r.properties["name"]: r for r in records if r.type == POLICY}
    assert sorted(policies) == [
        "longgang-imaging-archive-egress",
        "longgang-imaging-archive-ingress",
    ]
    for direction in Direction:
        policy = policies[f"longgang-imaging-archive-{direction.value}"]
        declared = [rules_by_id[i] for i in policy.properties["rules"]]
        specs = firewall_rules(tenant, zone, services, direction)
        assert [r.properties["name"] for r in declared] == [s.name for s in specs]
        last = declared[-1].properties
        assert (last["action"], last["protocol"]) == ("deny", "any")
        assert "sourceIpAddress" not in last and "destinationPort" not in last


def test_ingress_rules_carry_addresses_and_ports(archive_firewall):
    _, _, _, records, _ = archive_firewall
    rules_by_id = {r.id: r for r in records if r.type == RULE}
    (ingress,) = [r for r in records if r.type == POLICY and r.name.endswith("-ingress")]
    first = rules_by_id[ingress.properties["rules"][0]].properties
    assert first["enabled"] is True and first["ipVersion"] == 4
    assert (
        first["action"],
        first["protocol"],
        first["sourceIpAddress"],
        first["destinationIpAddress"],
        first["destinationPort"],
    ) == ("allow", "tcp", "10.100.0.0/16", "10.110.1.0/24", "104")


def test_group_binds_both_policies_to_the_zone_ports(archive_firewall):
    _, _, _, records, group_id = archive_firewall
    (group,) = [r for r in records if r.type == GROUP]
    assert group.id == group_id
    policy_ids = {
        r.properties["name"].rsplit("-", 1)[-1]: r.id for r in records if r.type == POLICY
    }
    assert group.properties["ingressFirewallPolicyId"] == policy_ids["ingress"]
    assert group.properties["egressFirewallPolicyId"] == policy_ids["egress"]
    assert group.properties["ports"] == ["port-a", "port-b"]


def test_security_group_drops_defaults_and_mirrors_permits(archive_firewall):
    tenant, zone, services, records, _ = archive_firewall
    (group,) = [r for r in records if r.type == SG]
    assert group.properties["deleteDefaultRules"] is True
    declared = [r for r in records if r.type == SG_RULE]
    specs = security_group_rules(tenant, zone, services, BaseEgress())
    assert sorted(r.name for r in declared) == sorted(s.name for s in specs)
    assert all(r.properties["securityGroupId"] == group.id for r in declared)
    assert all(r.properties["ethertype"] == "IPv4" for r in declared)
    egress = {
        (
            r.properties.get("protocol"),
            r.properties.get("portRangeMin"),
            r.properties["remoteIpPrefix"],
        )
        for r in declared
        if r.properties["direction"] == "egress"
    }
    assert ("tcp", 80, "169.254.169.254/32") in egress, "the metadata service stays reachable"
    assert {("udp", 53, "10.110.1.0/24"), ("tcp", 53, "10.110.1.0/24")} <= egress, (
        "DNS to the zone's own subnet (Neutron's DHCP port) stays reachable"
    )
    ingress = {
        (r.properties["remoteIpPrefix"], r.properties.get("portRangeMin"))
        for r in declared
        if r.properties["direction"] == "ingress"
    }
    assert (None, None, "10.110.1.0/24") in egress and ("10.110.1.0/24", None) in ingress, (
        "instances of the zone reach each other"
    )
    assert ("10.101.0.0/16", 11112) in ingress
    assert not any(prefix == "10.110.3.0/24" for prefix, _ in ingress), (
        "the patient portal never reaches the archive"
    )
