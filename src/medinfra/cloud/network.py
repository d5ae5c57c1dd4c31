"""ZoneNetwork: a cloud zone's network, one subnet per address range, attached to its router.

Only zones placed in the cloud get one: an on-premises zone's ranges are the hospitals' own
hosts, and a Neutron subnet for them would answer for those addresses inside the cloud
(DHCP, on-link ARP) and black-hole the return traffic to the real hosts.
"""

from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from medinfra.cloud.errors import CloudError
from medinfra.cloud.routing import port_name
from medinfra.model.cloud import Zone


@dataclass(frozen=True)
class ZoneNetworkArgs:
    """What a zone's network is built from."""

    tenant: str
    zone: Zone
    project_id: pulumi.Input[str]
    router_id: pulumi.Input[str]
    region: str
    data_centre: str | None = None
    """The stack's data centre: only the ranges its cloud holds become subnets."""


class ZoneNetwork(pulumi.ComponentResource):
    """One Neutron network per zone, a subnet per range (gateway = first host), router ports."""

    network_id: pulumi.Output[str]
    subnet_ids: list[pulumi.Output[str]]
    router_port_ids: list[pulumi.Output[str]]

    def __init__(
        self, name: str, args: ZoneNetworkArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        zone = args.zone
        if zone.on_premises:
            raise CloudError(
                f"zone {args.tenant}/{zone.id} is on premises: its ranges are routes of the "
                "tenant's router, never cloud subnets"
            )
        super().__init__("medinfra:cloud:ZoneNetwork", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        network = openstack.networking.Network(
            name,
            name=f"{args.tenant}-{zone.id}",
            description=f"{zone.name} ({zone.kind.value})",
            tenant_id=args.project_id,
            region=args.region,
            admin_state_up=True,
            port_security_enabled=True,
            tags=[f"zone:{zone.id}", f"zone-kind:{zone.kind.value}"],
            opts=child,
        )
        self.network_id = network.id
        self.subnet_ids = []
        self.router_port_ids = []
        own = zone.ranges_in(args.data_centre)
        for index, cidr in enumerate(zone.ranges, start=1):
            if cidr not in own:
                continue
            subnet = openstack.networking.Subnet(
                f"{name}-{index}",
                name=f"{args.tenant}-{zone.id}-{index}",
                network_id=network.id,
                cidr=str(cidr),
                ip_version=4,
                gateway_ip=str(next(cidr.hosts())),
                enable_dhcp=True,
                tenant_id=args.project_id,
                region=args.region,
                opts=child,
            )
            interface = openstack.networking.RouterInterface(
                port_name(args.tenant, zone.id, index),
                router_id=args.router_id,
                subnet_id=subnet.id,
                region=args.region,
                opts=child,
            )
            self.subnet_ids.append(subnet.id)
            self.router_port_ids.append(interface.port_id)
        self.register_outputs(
            {
                "network_id": self.network_id,
                "subnet_ids": self.subnet_ids,
                "router_port_ids": self.router_port_ids,
            }
        )
