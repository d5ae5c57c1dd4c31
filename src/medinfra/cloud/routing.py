"""The tenant router: its ports, its gateway and its routes, as pure values (no Pulumi).

Every tenant has one Neutron router. Each range of each cloud zone is a subnet with a port on
it (the zone's firewall group sits on those ports, so zones stay apart: default deny), so
traffic between two cloud zones is routed by that one router. The router's external gateway
sits on the provider network the data-centre edge hands off on (the tenant's uplink for the
stack's data centre), at the uplink's ``router_address``, with source NAT off; every range of
the tenant's on-premises zones, and for the tenant of the management servers every
management network (the devices' management addresses), is a static route (Neutron extra
route) to the uplink's ``next_hop``, the edge. On-premises ranges are never subnets. With
active-active data centres each cloud holds its own ranges of a zone (``ranges[].data_centre``):
the router has ports on its data centre's and routes the other data centre's to the edge,
which hands them to that data centre's router.

:func:`tenant_router` is what the stack program declares (:mod:`medinfra.cloud.router`), and
what ``medinfra trace`` and the tests read: :meth:`TenantRouterSpec.forwarding` answers how
the router forwards to an address, with the resource that does it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv4Address, IPv4Network

from medinfra.model.cloud import Tenant, ZoneKind
from medinfra.model.uplinks import RouterUplink

NEUTRON_MAX_ROUTES = 30
"""Extra routes a Neutron router takes by default (``max_routes``, the ``router_route``
quota of newer releases); the operator can raise it."""


class Via(StrEnum):
    """How the router forwards to a range."""

    CONNECTED = "connected"
    """A subnet of a cloud zone with a port of the router on it."""
    ROUTE = "route"
    """A static route to the data-centre edge (an on-premises range)."""


@dataclass(frozen=True)
class RouterPort:
    """A port of the router on one subnet of a cloud zone (the zone's ``index``-th range)."""

    zone: str
    index: int
    network: IPv4Network
    resource: str
    """Logical name of the ``RouterInterface`` (``<tenant>-<zone>-<index>-port``)."""


@dataclass(frozen=True)
class RouterRouteSpec:
    """One static route of the router: an on-premises range via the edge."""

    zone: str
    destination: IPv4Network
    next_hop: IPv4Address
    resource: str
    """Logical name of the ``RouterRoute`` (``<tenant>-route-<a.b.c.d>-<len>``)."""


@dataclass(frozen=True)
class Forwarding:
    """How the router forwards to an address: over a port, or a route to the edge."""

    via: Via
    zone: str
    network: IPv4Network
    resource: str
    next_hop: IPv4Address | None = None


@dataclass(frozen=True)
class TenantRouterSpec:
    """The router of one tenant in one stack (one data centre's cloud)."""

    tenant: str
    name: str
    """The Neutron router name and the logical name of its ``Router`` resource."""
    uplink: RouterUplink | None
    ports: tuple[RouterPort, ...]
    routes: tuple[RouterRouteSpec, ...]

    def forwarding(self, address: IPv4Address) -> Forwarding | None:
        """The most specific port subnet or route holding ``address`` (None: no path).

        Examples:
            >>> from medinfra.model.cloud import Tenant, ZoneKind
            >>> t = Tenant.model_validate({"id": "h", "name": "H", "kind": "hospital",
            ...     "default_action": "deny", "zones": [
            ...     {"id": "ward", "name": "W", "kind": "clinical", "ranges": ["10.20.0.0/16"],
            ...      "placement": "on_premises"},
            ...     {"id": "pacs", "name": "P", "kind": "storage", "ranges": ["10.30.1.0/24"],
            ...      "placement": "cloud"}],
            ...     "uplinks": [{"external_network": "edge", "router_address": "10.9.0.4/28",
            ...     "next_hop": "10.9.0.1"}]})
            >>> router = tenant_router(t)
            >>> router.forwarding(IPv4Address("10.20.3.4")).resource
            'h-route-10.20.0.0-16'
            >>> router.forwarding(IPv4Address("10.30.1.10")).via.value
            'connected'
        """
        found = [
            Forwarding(Via.CONNECTED, port.zone, port.network, port.resource)
            for port in self.ports
            if address in port.network
        ] + [
            Forwarding(Via.ROUTE, route.zone, route.destination, route.resource, route.next_hop)
            for route in self.routes
            if address in route.destination
        ]
        return max(found, key=lambda f: f.network.prefixlen, default=None)


def router_name(tenant: Tenant) -> str:
    """``<tenant>-router``: the router's Neutron name and logical resource name."""
    return f"{tenant.id}-router"


def port_name(tenant: str, zone: str, index: int) -> str:
    """``<tenant>-<zone>-<index>-port``: the router's port on the zone's ``index``-th subnet."""
    return f"{tenant}-{zone}-{index}-port"


def route_name(tenant: Tenant, destination: IPv4Network) -> str:
    """``<tenant>-route-10.20.0.0-16``: named by its destination, so reordering renames none."""
    return f"{tenant.id}-route-{destination.network_address}-{destination.prefixlen}"


def _routed_ranges(
    tenant: Tenant, managed: tuple[IPv4Network, ...], data_centre: str | None
) -> Iterator[tuple[str, IPv4Network]]:
    """(zone id, range) of every route towards the edge: the on-premises zones' ranges, the
    cloud zones' ranges another data centre's cloud holds (active-active: the edge routes
    them to that cloud's router), then, for a tenant with a cloud management zone, each
    management network (the devices' management addresses) that is no range of the tenant
    already."""
    seen: set[IPv4Network] = set()
    for zone in tenant.zones:
        if zone.on_premises:
            for network in zone.ranges:
                seen.add(network)
                yield zone.id, network
    if data_centre is not None:
        for zone in tenant.cloud_zones:
            own = zone.ranges_in(data_centre)
            for network in zone.ranges:
                if network not in own and network not in seen:
                    seen.add(network)
                    yield zone.id, network
    manager = next((z for z in tenant.cloud_zones if z.kind is ZoneKind.MANAGEMENT), None)
    if manager is None:
        return
    for network in managed:
        if network not in seen and network not in manager.ranges:
            seen.add(network)
            yield manager.id, network


def tenant_router(
    tenant: Tenant, data_centre: str | None = None, managed: tuple[IPv4Network, ...] = ()
) -> TenantRouterSpec:
    """The router of ``tenant`` in the stack of ``data_centre`` (None: a single stack).

    Ports: one per range of each cloud zone that ``data_centre``'s cloud holds, in model
    order. Routes: one per range of each on-premises zone and of each cloud zone range
    another data centre's cloud holds, via the uplink's next hop (none without an uplink;
    the model refuses on-premises zones without uplinks) and, when the tenant has a cloud
    zone of kind management, one per management network ``managed``
    (``management.networks``: where the devices the management servers reach have their
    addresses; a port subnet inside one is more specific and stays connected).
    """
    uplink = tenant.uplink(data_centre)
    ports = tuple(
        RouterPort(zone.id, index, network, port_name(tenant.id, zone.id, index))
        for zone in tenant.cloud_zones
        for index, network in enumerate(zone.ranges, start=1)
        if network in zone.ranges_in(data_centre)
    )
    routes: tuple[RouterRouteSpec, ...] = ()
    if uplink is not None:
        routes = tuple(
            RouterRouteSpec(zone, network, uplink.next_hop, route_name(tenant, network))
            for zone, network in _routed_ranges(tenant, managed, data_centre)
        )
    return TenantRouterSpec(tenant.id, router_name(tenant), uplink, ports, routes)
