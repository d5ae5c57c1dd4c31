"""Cloud connectivity, asserted over the declared resources of every example and stack config.

On-premises ranges are never subnets; every tenant router has its gateway on the edge's
provider network (no SNAT) and a route to the edge for each on-premises range, with a next
hop Neutron accepts; every permit policy has a routed path between its zones; a zone of
several ranges is open to itself (in a data centre's stack, between its own ranges and every
other range of the zone, the other data centre's included). The checks read the plan's records (what the program
declares), not the functions that built them.
"""

from ipaddress import IPv4Address, ip_address, ip_network

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.cloud.policies import ROUTER, UNKNOWN, router_gateway_untranslated
from medinfra.cloud.routing import NEUTRON_MAX_ROUTES, Via, tenant_router
from medinfra.model.cloud import PolicyAction
from tests.cloud.conftest import EXAMPLES, INVENTORY, example, stack_configs
from tests.cloud.test_invariants import CASES, _records

T = "openstack:"
ROUTE = T + "networking/routerRoute:RouterRoute"
SUBNET = T + "networking/subnet:Subnet"
INTERFACE = T + "networking/routerInterface:RouterInterface"
FW_RULE = T + "firewall/ruleV2:RuleV2"
FW_POLICY = T + "firewall/policyV2:PolicyV2"
SG = T + "networking/secGroup:SecGroup"
SG_RULE = T + "networking/secGroupRule:SecGroupRule"


def _data_centre(kind, name):
    if kind == "stack":
        return stack_configs()[name].get("healthcare-cloud:data_centre")
    return None


def _tenant_router(records, tenant):
    """The one Router the tenant's component declares."""
    routers = [
        r for r in records if r.type == ROUTER and r.properties.get("name") == f"{tenant.id}-router"
    ]
    assert len(routers) == 1, f"{tenant.id}: one router, got {len(routers)}"
    return routers[0]


def _router_table(records, router):
    """(connected cidrs, {destination: next hop}) of a router, from the declared resources."""
    subnets = {r.id: r.properties["cidr"] for r in records if r.type == SUBNET}
    connected = {
        ip_network(subnets[r.properties["subnetId"]])
        for r in records
        if r.type == INTERFACE and r.properties["routerId"] == router.id
    }
    routes = {
        ip_network(r.properties["destinationCidr"]): ip_address(r.properties["nextHop"])
        for r in records
        if r.type == ROUTE and r.properties["routerId"] == router.id
    }
    return connected, routes


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_no_on_premises_range_is_a_cloud_subnet(kind, name):
    topology_name, records = _records(kind, name)
    subnets = [ip_network(r.properties["cidr"]) for r in records if r.type == SUBNET]
    on_premises = [
        network
        for tenant in example(topology_name).cloud.tenants
        for zone in tenant.zones
        if zone.on_premises
        for network in zone.ranges
    ]
    assert on_premises, f"{topology_name} declares no on-premises zone"
    for network in on_premises:
        clashing = [s for s in subnets if s.overlaps(network)]
        assert not clashing, f"{network} is on premises but the cloud has subnet(s) {clashing}"


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_every_tenant_router_has_its_gateway_and_a_route_to_the_edge_per_on_premises_range(
    kind, name
):
    topology_name, records = _records(kind, name)
    for tenant in example(topology_name).cloud.tenants:
        uplink = tenant.uplink(_data_centre(kind, name))
        assert uplink is not None, f"{tenant.id} has no uplink in this stack"
        router = _tenant_router(records, tenant)
        props = router.properties
        assert props["externalNetworkId"] == f"<network:{uplink.external_network}>", router.urn
        lan = [uplink.management_address] if uplink.management_address else []
        assert props["externalFixedIps"] == [
            {"ipAddress": str(address.ip)} for address in (uplink.router_address, *lan)
        ]
        assert props["enableSnat"] is False, "the edge must see the cloud hosts' own addresses"
        _, routes = _router_table(records, router)
        wanted = {n for z in tenant.zones if z.on_premises for n in z.ranges}
        # another data centre's ranges of the cloud zones: to the edge, which hands them on
        data_centre = _data_centre(kind, name)
        wanted |= {
            n for z in tenant.cloud_zones for n in z.ranges if n not in z.ranges_in(data_centre)
        }
        if any(z.kind.value == "management" for z in tenant.cloud_zones):
            # the management servers reach every device's management address over the edge
            wanted |= set(example(topology_name).management.networks)
        assert set(routes) == wanted, router.urn
        assert len(routes) <= NEUTRON_MAX_ROUTES
        gateway_subnet = uplink.router_address.network
        for destination, next_hop in routes.items():
            # Neutron: the next hop is connected to the router, and not the router's own.
            assert next_hop in gateway_subnet, f"{destination} via {next_hop}: not connected"
            assert next_hop != uplink.router_address.ip, f"{destination}: next hop is the router"


def _reaches(table, gateway_subnet, network):
    """The router forwards to every address of ``network``: a port subnet or a route."""
    connected, routes = table
    if any(network.subnet_of(c) for c in connected):
        return True
    return any(
        network.subnet_of(d) and next_hop in gateway_subnet for d, next_hop in routes.items()
    )


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_each_permit_policy_has_a_routed_path_both_ways_between_its_zones(kind, name):
    topology_name, records = _records(kind, name)
    checked = 0
    for tenant in example(topology_name).cloud.tenants:
        zones = {z.id: z for z in tenant.zones}
        router = _tenant_router(records, tenant)
        table = _router_table(records, router)
        gateway = tenant.uplink(_data_centre(kind, name)).router_address.network
        for policy in tenant.policies:
            if policy.action is not PolicyAction.PERMIT:
                continue
            source, destination = zones[policy.source], zones[policy.destination]
            assert not (source.on_premises and destination.on_premises), policy.name
            for network in (*source.ranges, *destination.ranges):
                assert _reaches(table, gateway, network), (
                    f"{tenant.id} policy {policy.name}: router {router.name} has no port or "
                    f"route for {network}"
                )
                checked += 1
    assert checked


def _first_match(rules, source: IPv4Address, destination: IPv4Address, protocol, port):
    for rule in rules:
        p = rule.properties
        if p["protocol"] not in ("any", protocol):
            continue
        if p.get("sourceIpAddress") and source not in ip_network(p["sourceIpAddress"]):
            continue
        if p.get("destinationIpAddress") and destination not in ip_network(
            p["destinationIpAddress"]
        ):
            continue
        if p.get("destinationPort"):
            low, _, high = p["destinationPort"].partition(":")
            if not int(low) <= port <= int(high or low):
                continue
        return rule
    raise AssertionError("no rule matched: a policy must end in a catch-all")


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_traffic_between_two_ranges_of_one_zone_is_permitted(kind, name):
    topology_name, records = _records(kind, name)
    centre = _data_centre(kind, name)
    rules = {r.id: r for r in records if r.type == FW_RULE}
    policies = {r.name: r for r in records if r.type == FW_POLICY}
    for tenant in example(topology_name).cloud.tenants:
        for zone in (z for z in tenant.cloud_zones if len(z.ranges) > 1):
            own = zone.ranges_in(centre)  # behind the ports of this stack's firewall group
            for a in zone.ranges:
                for b in zone.ranges:
                    if a == b:
                        continue
                    hosts = (next(a.hosts()) + 9, next(b.hosts()) + 9)
                    # the stack's egress sees traffic from its own ranges, ingress to them
                    crossed = [("egress", a in own), ("ingress", b in own)]
                    for direction in (d for d, here in crossed if here):
                        policy = policies[f"{tenant.id}-{zone.id}-fw-{direction}"]
                        ordered = [rules[i] for i in policy.properties["rules"]]
                        for protocol, port in (("tcp", 5432), ("udp", 7946)):
                            rule = _first_match(ordered, *hosts, protocol, port)
                            assert rule.properties["action"] == "allow", (
                                f"{zone.id} {direction}: {a} -> {b} {protocol}/{port} is "
                                f"decided by {rule.name}"
                            )
            (group,) = [
                r for r in records if r.type == SG and r.name == f"{tenant.id}-{zone.id}-fw-sg"
            ]
            open_to = {
                (r.properties["direction"], r.properties["remoteIpPrefix"])
                for r in records
                if r.type == SG_RULE
                and r.properties["securityGroupId"] == group.id
                and "protocol" not in r.properties
            }
            for network in zone.ranges:
                assert {("ingress", str(network)), ("egress", str(network))} <= open_to


def test_an_example_has_a_cloud_zone_of_several_ranges():
    assert any(
        len(zone.ranges) > 1
        for name in EXAMPLES
        for tenant in example(name).cloud.tenants
        for zone in tenant.cloud_zones
    )


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_router_spec_trace_reads_names_what_the_plan_declares(name):
    _, records = _records("example", name)
    declared = {r.name for r in records}
    for tenant in example(name).cloud.tenants:
        spec = tenant_router(tenant)
        assert spec.name in declared
        assert {p.resource for p in spec.ports} <= declared
        assert {r.resource for r in spec.routes} <= declared
        for zone in tenant.zones:
            probe = next(zone.ranges[0].hosts())
            found = spec.forwarding(probe)
            assert found is not None and found.zone == zone.id
            assert found.via is (Via.ROUTE if zone.on_premises else Via.CONNECTED)


def test_plan_shows_the_gateway_and_the_routes_and_no_on_premises_subnet():
    result = CliRunner().invoke(app, ["plan", str(INVENTORY / "henan-provincial-hospital")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "externalNetworkId=<network:zz-cloud-handoff>" in text
    assert "externalFixedIps=10.30.255.4,10.255.1.254 enableSnat=False" in text
    assert (
        "networking.RouterRoute │ hpph-route-10.255.0.0-16 │ hpph-router │ "
        "destinationCidr=10.255.0.0/16 nextHop=10.30.255.1"
    ) in text, "the management servers reach the devices' management network over the edge"
    assert (
        "networking.RouterRoute │ hpph-route-10.20.0.0-16 │ hpph-router │ "
        "destinationCidr=10.20.0.0/16 nextHop=10.30.255.1"
    ) in text
    assert "cidr=10.20.0.0/16" not in text, "the clinical LAN is no cloud subnet"


@pytest.mark.parametrize(
    ("props", "violations", "unknown"),
    [
        ({"name": "r", "externalNetworkId": "n", "enableSnat": False}, 0, []),
        ({"name": "r", "externalNetworkId": "n", "enableSnat": True}, 1, []),
        ({"name": "r", "externalNetworkId": "n"}, 1, []),
        ({"name": "r", "externalNetworkId": "n", "enableSnat": UNKNOWN}, 0, ["enableSnat"]),
        ({"name": "r"}, 0, []),
    ],
)
def test_the_baseline_refuses_a_gateway_with_source_nat(props, violations, unknown):
    decision = router_gateway_untranslated(ROUTER, props)
    assert (len(decision.violations), decision.unknown) == (violations, unknown)
