"""ZoneNetwork under Pulumi's mocks: network, a subnet per range, router ports."""

import pulumi
import pytest

from medinfra.cloud.errors import CloudError
from medinfra.cloud.network import ZoneNetwork, ZoneNetworkArgs
from medinfra.cloud.plan import run_offline
from medinfra.model.cloud import ZonePlacement
from tests.cloud.conftest import example

SUBNET = "openstack:networking/subnet:Subnet"
INTERFACE = "openstack:networking/routerInterface:RouterInterface"


def test_one_subnet_and_router_port_per_zone_range():
    clinical = next(
        z for z in example("multi-branch-hospital").cloud.tenants[0].zones if z.id == "clinical"
    )
    zone = clinical.model_copy(update={"placement": ZonePlacement.CLOUD})
    assert len(zone.ranges) == 4

    def program():
        network = ZoneNetwork(
            "mbh-clinical", ZoneNetworkArgs("mbh", zone, "project-1", "router-1", "R")
        )
        # Assert through outputs, as pulumi/examples tests do, with the URN in the message.
        return pulumi.Output.all(network.urn, network.network_id, network.subnet_ids).apply(
            lambda values: values
        )

    records, (urn, network_id, subnet_ids) = run_offline(program, "test")
    subnets = [r for r in records if r.type == SUBNET]
    assert [s.properties["cidr"] for s in subnets] == [str(r) for r in zone.ranges], urn
    assert [s.properties["gatewayIp"] for s in subnets] == [
        "10.70.0.1",
        "10.71.0.1",
        "10.72.0.1",
        "10.73.0.1",
    ]
    assert all(s.properties["networkId"] == network_id for s in subnets), urn
    interfaces = [r for r in records if r.type == INTERFACE]
    assert sorted(i.properties["subnetId"] for i in interfaces) == sorted(subnet_ids)
    assert {i.properties["routerId"] for i in interfaces} == {"router-1"}
    assert all(r.parent_urn == urn for r in records if r.urn != urn)


def test_an_on_premises_zone_never_becomes_a_network():
    zone = next(
        z for z in example("multi-branch-hospital").cloud.tenants[0].zones if z.id == "clinical"
    )
    assert zone.on_premises

    def program():
        ZoneNetwork("mbh-clinical", ZoneNetworkArgs("mbh", zone, "project-1", "router-1", "R"))

    with pytest.raises(CloudError, match="zone mbh/clinical is on premises"):
        run_offline(program, "test")
