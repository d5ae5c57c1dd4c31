"""TenantRouter: the tenant's one Neutron router, its gateway to the edge and its routes.

Built from :func:`medinfra.cloud.routing.tenant_router`. The gateway is set on the router
itself (``external_network_id``, the uplink's provider network looked up by name, with
``external_fixed_ips`` at the uplink's ``router_address`` and, when it has one, its
``management_address`` on the data centre's management LAN, a second subnet of the provider
network where the edges' management ports are; ``enable_snat`` false, so the edge and the
hospitals see the cloud's real addresses). Setting a fixed gateway address and
turning SNAT off are admin-only in Neutron's default policy: the stack's default provider
(the admin scope that creates the projects) declares the router. Each on-premises range is an
``openstack.networking.RouterRoute`` (Neutron extra route) to the edge; the provider
serialises the routes of one router, and Neutron accepts them only once the next hop is
connected, which the gateway (declared with the router) makes it.
"""

from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from medinfra.cloud.routing import TenantRouterSpec


@dataclass(frozen=True)
class TenantRouterArgs:
    """What a tenant's router is built from."""

    spec: TenantRouterSpec
    project_id: pulumi.Input[str]
    region: str
    description: str


class TenantRouter(pulumi.ComponentResource):
    """One router per tenant: every cloud zone's ports, the gateway and the edge routes."""

    router_id: pulumi.Output[str]
    route_ids: dict[str, pulumi.Output[str]]
    """Route resource ids by destination (``10.20.0.0/16``)."""

    def __init__(
        self, name: str, args: TenantRouterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("medinfra:cloud:TenantRouter", name, None, opts)
        spec, child = args.spec, pulumi.ResourceOptions(parent=self)
        uplink = spec.uplink
        network_id: pulumi.Output[str] | None = None
        fixed_ips: list[openstack.networking.RouterExternalFixedIpArgs] | None = None
        if uplink is not None:
            network_id = openstack.networking.get_network_output(
                name=uplink.external_network, external=True, region=args.region
            ).id
            addresses = [uplink.router_address, uplink.management_address]
            fixed_ips = [
                openstack.networking.RouterExternalFixedIpArgs(ip_address=str(address.ip))
                for address in addresses
                if address is not None
            ]
        router = openstack.networking.Router(
            spec.name,
            name=spec.name,
            description=args.description,
            tenant_id=args.project_id,
            region=args.region,
            admin_state_up=True,
            external_network_id=network_id,
            external_fixed_ips=fixed_ips,
            enable_snat=False if uplink is not None else None,
            opts=child,
        )
        self.router_id = router.id
        self.route_ids = {
            str(route.destination): openstack.networking.RouterRoute(
                route.resource,
                router_id=router.id,
                destination_cidr=str(route.destination),
                next_hop=str(route.next_hop),
                region=args.region,
                opts=child,
            ).id
            for route in spec.routes
        }
        self.register_outputs({"router_id": self.router_id, "route_ids": self.route_ids})
