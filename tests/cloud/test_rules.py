"""Zone policies as ordered firewall rules and security group rules."""

from ipaddress import ip_network

import pytest

from medinfra.cloud.errors import CloudError
from medinfra.cloud.fwaas_rules import firewall_rules
from medinfra.cloud.ports import catalogue, service_matches
from medinfra.cloud.rule_specs import Direction
from medinfra.cloud.security_group_rules import security_group_rules
from medinfra.cloud.zone_policies import check_patient_facing, intra_zone_pairs, is_patient_facing
from medinfra.model.cloud import Tenant
from medinfra.model.services import ServiceKind
from tests.cloud.conftest import EXAMPLES, example


def _expected_rule_count(tenant, zone, services, side):
    """Distinct matches (protocol, source, destination, port) of the zone's policies + default."""
    zones = {z.id: z for z in tenant.zones}
    matches = {
        (m.protocol, str(src), str(dst), m.fwaas_port)
        for policy in tenant.policies
        if getattr(policy, side) == zone.id
        for s in policy.services
        for m in service_matches(services[s])
        for src in zones[policy.source].ranges
        for dst in zones[policy.destination].ranges
    }
    return len(matches) + 1


@pytest.mark.parametrize("name", EXAMPLES)
def test_rules_follow_policy_order_and_end_in_default_deny(name):
    topology = example(name)
    services = catalogue(topology)
    for tenant in topology.cloud.tenants:
        order = [p.name for p in tenant.policies]
        for zone in tenant.zones:
            for direction, side in (
                (Direction.INGRESS, "destination"),
                (Direction.EGRESS, "source"),
            ):
                rules = firewall_rules(tenant, zone, services, direction)
                pairs = intra_zone_pairs(zone)
                assert len(rules) == _expected_rule_count(tenant, zone, services, side) + len(pairs)
                *body, last = rules
                assert last.is_default and last.action == "deny" and last.protocol == "any"
                assert (last.source, last.destination, last.destination_port) == (None, None, None)
                intra, body = body[: len(pairs)], body[len(pairs) :]
                assert [(r.source, r.destination, r.protocol, r.action) for r in intra] == [
                    (str(a), str(b), "any", "allow") for a, b in pairs
                ], "a zone of several ranges is open to itself, before any policy"
                assert all(r.intra_zone for r in intra) and not any(r.intra_zone for r in body)
                positions = [order.index(rule.policy) for rule in body]
                assert positions == sorted(positions), f"{tenant.id}/{zone.id} rules out of order"
                assert all(not rule.is_default for rule in body)


@pytest.mark.parametrize("name", EXAMPLES)
def test_patient_facing_zones_reach_only_image_viewers(name):
    topology = example(name)
    services = catalogue(topology)
    viewer_ports = {
        m.fwaas_port
        for s in topology.services
        if s.kind is ServiceKind.IMAGE_VIEWER
        for m in service_matches(s)
    }
    for tenant in topology.cloud.tenants:
        for zone in (z for z in tenant.zones if is_patient_facing(z)):
            rules = firewall_rules(tenant, zone, services, Direction.EGRESS)
            allowed = [r for r in rules if r.action == "allow"]
            for rule in allowed:
                assert rule.service_kind is ServiceKind.IMAGE_VIEWER, rule.name
                assert rule.destination_port in viewer_ports, rule.name
                assert any(ip_network(rule.source).subnet_of(r) for r in zone.ranges)


def test_an_example_has_a_patient_portal_with_rules():
    topology = example("longgang-regional-imaging")
    tenant = topology.cloud.tenants[0]
    portal = next(z for z in tenant.zones if is_patient_facing(z))
    rules = firewall_rules(tenant, portal, catalogue(topology), Direction.EGRESS)
    assert [r.action for r in rules] == ["allow", "deny"]
    assert rules[0].destination_port == "443" and rules[0].service == "image-viewer"


def _longgang_with_policy(extra: dict[str, object]) -> tuple[Tenant, dict]:
    topology = example("longgang-regional-imaging")
    data = topology.cloud.tenants[0].model_dump(mode="json")
    data["policies"].append(extra)
    return Tenant.model_validate(data), catalogue(topology)


def test_permit_from_patient_portal_to_his_is_refused():
    tenant, services = _longgang_with_policy(
        {
            "name": "portal-to-his",
            "source": "portal",
            "destination": "archive",
            "services": ["image-viewer", "his"],
            "action": "permit",
        }
    )
    with pytest.raises(
        CloudError,
        match=r"policy portal-to-his permits service his \(his\) from patient-facing zone portal",
    ) as caught:
        check_patient_facing(tenant, services, index=0)
    assert caught.value.path == (
        "cloud",
        "tenants",
        0,
        "policies",
        len(tenant.policies) - 1,
        "services",
    )


def test_deny_from_patient_portal_is_allowed_and_becomes_a_deny_rule():
    tenant, services = _longgang_with_policy(
        {
            "name": "portal-no-pacs",
            "source": "portal",
            "destination": "archive",
            "services": ["pacs"],
            "action": "deny",
        }
    )
    check_patient_facing(tenant, services, index=0)
    portal = next(z for z in tenant.zones if z.id == "portal")
    rules = firewall_rules(tenant, portal, services, Direction.EGRESS)
    assert [r.action for r in rules] == ["allow", "deny", "deny", "deny"]
    assert [r.destination_port for r in rules] == ["443", "104", "11112", None]


def test_security_groups_mirror_permits_and_skip_shadowed_ones():
    tenant, services = _longgang_with_policy(
        {
            "name": "clinics-to-his",
            "source": "clinics",
            "destination": "archive",
            "services": ["his"],
            "action": "permit",
        }
    )
    archive = next(z for z in tenant.zones if z.id == "archive")
    before = security_group_rules(tenant, archive, services)
    assert any(r.policy == "clinics-to-his" for r in before)
    data = tenant.model_dump(mode="json")
    data["policies"].insert(
        0,
        {
            "name": "no-his",
            "source": "clinics",
            "destination": "archive",
            "services": ["his"],
            "action": "deny",
        },
    )
    shadowed = Tenant.model_validate(data)
    after = security_group_rules(shadowed, archive, services)
    assert not any(r.policy == "clinics-to-his" for r in after)
    assert len(after) == len(before) - 2  # his has two ports (443, 2575)
    assert not any(r.port_min == 2575 for r in after if r.direction is Direction.INGRESS)


@pytest.mark.parametrize("name", EXAMPLES)
def test_security_group_ingress_comes_only_from_permitted_source_ranges(name):
    topology = example(name)
    services = catalogue(topology)
    for tenant in topology.cloud.tenants:
        zones = {z.id: z for z in tenant.zones}
        for zone in tenant.cloud_zones:
            permitted = {
                str(r)
                for p in tenant.policies
                if p.destination == zone.id and p.action.value == "permit"
                for r in zones[p.source].ranges
            }
            own = {str(r) for r in zone.ranges}
            for rule in security_group_rules(tenant, zone, services):
                if rule.direction is Direction.INGRESS and rule.intra_zone:
                    assert rule.remote_ip_prefix in own and rule.protocol is None
                elif rule.direction is Direction.INGRESS:
                    assert rule.remote_ip_prefix in permitted
                    assert rule.remote_ip_prefix != "0.0.0.0/0"
