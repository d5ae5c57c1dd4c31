"""One direction of a flow, hop by hop: into the network at the source, router to router
over the rendered routes, out at the destination.

A router forwards by its rendered static routes (longest prefix, lowest preference, a route
tracked by the BFD session of a line that is down withdrawn); a next hop is the far end of a
private line. Where the model holds nothing to take the next step (a site LAN interface, a
handoff towards the cloud, a tenant router's route) the walk stops with a
:class:`~medinfra.flow.hops.Break` naming that hop; at the entry LAN the walk steps over the
missing hop (the CPE is known) so the rest of the path still shows.
"""

from dataclasses import dataclass, field, replace

from medinfra.cloud.rule_specs import Direction
from medinfra.flow.cloud_side import CloudSide
from medinfra.flow.endpoints import Endpoint
from medinfra.flow.firewall import ZoneAt, firewall_hops, stateful_return, zone_at
from medinfra.flow.hops import Break, Failure, Hop, Layer, Path
from medinfra.flow.network import FlowNetwork, Route, RoutedDevice, network_of
from medinfra.flow.site_side import SiteSide
from medinfra.model import DeviceRole
from medinfra.model.services import Service
from medinfra.model.topology import Topology
from medinfra.render.context import DEFAULT_PREFERENCE

MAX_HOPS = 32


NOTHING_DOWN = Failure()


@dataclass
class Leg:
    """One direction being walked: its ends, service, the hops so far and the gaps stepped
    over (``reply``: the return of a connection the forward path opened)."""

    source: Endpoint
    dest: Endpoint
    service: Service | None
    reply: bool
    uplink: tuple[int, int] | None = None
    """The tenant router that holds the connection (the forward path's): a reply leaves the
    cloud by it while it is up, and must come back into the cloud by a router of its data
    centre."""
    arrived: tuple[int, int] | None = None
    """The tenant uplink the walk entered the cloud by."""
    left: tuple[int, int] | None = None
    """The tenant uplink the walk left the cloud by."""
    transits: int = 0
    """Routers that handed the walk on towards another data centre's cloud."""
    hops: list[Hop] = field(default_factory=list)
    gaps: list[tuple[int, Break]] = field(default_factory=list)


class Walker:
    """Walks flows over one topology with one set of elements down."""

    def __init__(self, topology: Topology, failure: Failure = NOTHING_DOWN) -> None:
        self.topology = topology
        self.net: FlowNetwork = network_of(topology)
        self.failure = failure
        model = self.net.index.model
        self.devices_down = set(failure.devices)
        for site_id in failure.data_centres:
            if site_id in model.site_position:
                site = topology.sites[model.site_position[site_id]]
                self.devices_down.update(device.hostname for device in site.devices)
        self.site_side = SiteSide(self.net)
        self.cloud_side = CloudSide(self.net, failure, self.devices_down)

    # -- failure -----------------------------------------------------------------------
    def elements(self, hostname: str) -> frozenset[str]:
        """``device:HOST`` and, for a data-centre device, ``dc:SITE``."""
        dc = self.net.index.model.data_centre_of(hostname)
        return frozenset({f"device:{hostname}", *([f"dc:{dc}"] if dc else [])})

    def _alive(self, route: Route) -> bool:
        if route.peer is not None:  # iBGP: while the peer is up and announces the prefix
            return route.peer not in self.devices_down and any(
                self._alive(announced) for announced in route.announced
            )
        end = route.line
        if end is None:
            return True
        line = end.line
        return (
            line.id not in self.failure.lines
            and line.a.device not in self.devices_down
            and line.z.device not in self.devices_down
        )

    def _down(self, why: str) -> str:
        return f"{why} ({self.failure.label})" if self.failure.label else why

    # -- a path ------------------------------------------------------------------------
    def path(
        self,
        source: Endpoint,
        dest: Endpoint,
        service: Service | None,
        direction: str,
        uplink: tuple[int, int] | None = None,
    ) -> Path:
        """The path from ``source`` to ``dest`` (``direction`` forward or return). A return
        path leaves the cloud by ``uplink``, the tenant router that holds the connection (the
        one the forward path entered the cloud by, or left it by), while it is up, and must
        come back into the cloud through a router of that router's data centre."""
        leg = Leg(source, dest, service, direction == "return", uplink)
        broken = self._walk(leg)
        return Path(
            direction,
            source.label,
            dest.label,
            tuple(leg.hops),
            broken,
            tuple(leg.gaps),
            leg.left if source.in_cloud else leg.arrived,
        )

    def _walk(self, leg: Leg) -> Break | None:
        start = self._enter(leg)
        if isinstance(start, Break):
            return start
        if isinstance(start, ZoneAt):
            return self._from_cloud(start, leg)
        return self._route(start, leg)

    def _enter(self, leg: Leg) -> Break | str | ZoneAt:
        source = leg.source
        if source.in_cloud:
            assert source.tenant is not None and source.zone is not None
            at = zone_at(self.topology, source.tenant, source.zone)
            broken = self._firewall(at, Direction.EGRESS, leg)
            return at if broken is None else broken
        if source.device is not None and self.net.routed(source.device) is not None:
            if source.device in self.devices_down:
                return Break(Layer.DEVICE, source.path, self._down(f"{source.device} is down"))
            return source.device
        return self.site_side.enter(source, leg.service, leg.hops, leg.gaps)

    def _same_cloud(self, at: ZoneAt, dest: Endpoint) -> bool:
        return dest.in_cloud and dest.tenant is not None and dest.tenant.domain == at.tenant.domain

    def _firewall(self, at: ZoneAt, direction: Direction, leg: Leg) -> Break | None:
        if leg.reply:
            leg.hops.append(stateful_return(at, direction))
            return None
        if leg.service is None:
            return None
        hops, broken = firewall_hops(
            self.topology, at, direction, (leg.source.address, leg.dest.address), leg.service
        )
        leg.hops.extend(hops)
        return broken

    # -- cloud -------------------------------------------------------------------------
    def _from_cloud(self, at: ZoneAt, leg: Leg) -> Break | None:
        dest, here = leg.dest, leg.source.data_centre
        same = None in (here, dest.data_centre) or here == dest.data_centre
        if self._same_cloud(at, dest) and same:
            return self._arrive_in_zone(leg)
        managed = self.cloud_side.management_lan(at, dest, leg.hops, here)
        if managed is not None:
            return self._on_management_lan(managed, leg)
        left = self.cloud_side.leave(at, dest, leg.hops, leg.uplink, here)
        if isinstance(left, Break):
            return left
        u, edge = left
        leg.left = (at.t, u)
        return self._route(edge, leg, entering=False)

    def _on_management_lan(self, hostname: str, leg: Leg) -> Break | None:
        """Delivered to ``hostname``'s management port, on the router's management LAN."""
        router = self.net.routed(hostname)
        if router is None:
            return None
        if hostname in self.devices_down:
            return Break(
                Layer.DEVICE, self.net.device_path(hostname), self._down(f"{hostname} is down")
            )
        delivered = self._deliver(router, leg, router.management_vpn)
        return delivered if isinstance(delivered, Break) else None

    def _arrive_in_zone(self, leg: Leg) -> Break | None:
        dest = leg.dest
        assert dest.tenant is not None and dest.zone is not None
        at = zone_at(self.topology, dest.tenant, dest.zone)
        port = self.cloud_side.connected(at, dest)
        if isinstance(port, Break):
            return port
        leg.hops.append(port)
        broken = self._firewall(at, Direction.INGRESS, leg)
        if broken is not None:
            return broken
        network = next(n for n in dest.zone.ranges if dest.address in n)
        r = dest.zone.ranges.index(network)
        leg.hops.append(
            Hop(
                Layer.ZONE,
                f"zone {dest.tenant.id}/{dest.zone.id} range {network} holds {dest.address}",
                ("cloud", "tenants", at.t, "zones", at.z, "ranges", r),
            )
        )
        return None

    # -- routers -----------------------------------------------------------------------
    def _route(self, hostname: str, leg: Leg, entering: bool = True) -> Break | None:
        """Router to router from ``hostname`` (``entering``: where the walk starts, in the
        source device's own vpn-instance; else back from the cloud, in the public one)."""
        dest = leg.dest
        visited: list[str] = []
        vpn = self._source_vpn(leg.source, hostname) if entering else None
        current = hostname
        for _ in range(MAX_HOPS):
            router = self.net.routed(current)
            assert router is not None
            if current in self.devices_down:
                return Break(
                    Layer.DEVICE, self.net.device_path(current), self._down(f"{current} is down")
                )
            delivered = self._deliver(router, leg, vpn)
            if delivered is not False:
                return delivered if isinstance(delivered, Break) else None
            visited.append(current)
            step = self._next(router, dest, vpn, leg)
            if isinstance(step, Break):
                return step
            if isinstance(step, tuple):
                return self._into_cloud(step, leg)
            if step in visited:
                return Break(
                    self._route_layer(router),
                    self.net.device_path(current),
                    f"{dest.address} loops: {' -> '.join([*visited, step])}",
                )
            current, vpn = step, None
        return Break(Layer.EDGE_ROUTE, self.net.device_path(current), "more than 32 hops")

    def _into_cloud(self, router: tuple[int, int], leg: Leg) -> Break | None:
        t, u = router
        leg.arrived = leg.arrived or router
        tenant = self.topology.cloud.tenants[t]
        here = tenant.uplinks[u].data_centre
        dest = leg.dest
        if dest.in_cloud and dest.tenant is not None and dest.tenant.domain == tenant.domain:
            if None not in (dest.data_centre, here) and dest.data_centre != here:
                return self._transit(router, leg)
            wrong = self._wrong_data_centre(router, leg)
            return wrong or self._arrive_in_zone(leg)
        at = ZoneAt(t, tenant, 0, tenant.zones[0])
        lan = self.cloud_side.lan_hop(at, u, dest) if dest.device is not None else None
        if lan is not None and dest.device is not None:
            leg.hops.append(lan)
            return self._on_management_lan(dest.device, leg)
        return Break(
            Layer.TENANT_ROUTER,
            ("cloud", "tenants", t, "uplinks", u),
            f"the router of tenant {tenant.id} has no zone holding {dest.address} "
            f"({dest.kind} {dest.name})",
        )

    def _transit(self, router: tuple[int, int], leg: Leg) -> Break | None:
        """A router of one data centre's cloud got traffic for a range another data centre's
        cloud holds: it routes it on to the edge, which hands it to that cloud's router."""
        t, u = router
        tenant = self.topology.cloud.tenants[t]
        if leg.transits:
            return Break(
                Layer.TENANT_ROUTER,
                ("cloud", "tenants", t, "uplinks", u),
                f"{leg.dest.address} loops between the data centres' routers of tenant {tenant.id}",
            )
        leg.transits += 1
        at = ZoneAt(t, tenant, 0, tenant.zones[0])
        here = tenant.uplinks[u].data_centre
        left = self.cloud_side.leave(at, leg.dest, leg.hops, router, here)
        if isinstance(left, Break):
            return left
        return self._route(left[1], leg, entering=False)

    def _wrong_data_centre(self, router: tuple[int, int], leg: Leg) -> Break | None:
        """A reply that comes back into another data centre's cloud than the one whose router
        holds the connection: that router's stateful firewall never saw the connection, and
        the host is not there (both clouds holding one range makes the routers send it so)."""
        holder = leg.uplink if leg.reply else None
        if holder is None or holder == router:
            return None
        tenants = self.topology.cloud.tenants
        held = tenants[holder[0]].uplinks[holder[1]].data_centre
        here = tenants[router[0]].uplinks[router[1]].data_centre
        if held == here:
            return None
        dest = leg.dest
        assert dest.tenant is not None and dest.zone is not None
        at = zone_at(self.topology, dest.tenant, dest.zone)
        r = next(r for r, n in enumerate(dest.zone.ranges) if dest.address in n)
        return Break(
            Layer.TENANT_ROUTER,
            ("cloud", "tenants", at.t, "zones", at.z, "ranges", r),
            f"the reply to {dest.address} ({dest.kind} {dest.name}) comes back into the cloud "
            f"of data centre {here} (router of tenant {tenants[router[0]].id}, uplinks[{router[1]}]"
            f"), but the connection is held by the router in data centre {held}: its stateful "
            "firewall never saw it and the host is not there"
            + (
                f"; give each data centre's cloud its own ranges of zone {dest.zone.id} "
                f"({dest.zone.ranges[r]} is in both)"
                if dest.data_centre is None
                else ""
            ),
        )

    def _source_vpn(self, source: Endpoint, hostname: str) -> str | None:
        router = self.net.routed(hostname)
        if source.device == hostname and router is not None:
            return router.management_vpn
        return None

    def _deliver(self, router: RoutedDevice, leg: Leg, vpn: str | None) -> Break | bool:
        """True: delivered; a Break: cannot be; False: not here, route on."""
        dest = leg.dest
        hostname = router.device.hostname
        if dest.device == hostname:
            address = router.management
            if router.management_vpn != vpn:
                return Break(
                    Layer.DEVICE,
                    (*self.net.device_path(hostname), "management"),
                    f"{hostname}'s management address {address.ip} is in vpn-instance "
                    f"{router.management_vpn}: traffic arriving in the public instance "
                    "never reaches it",
                )
            leg.hops.append(
                Hop(
                    Layer.DEVICE,
                    f"{hostname} management address {address} on {router.management_interface}",
                    (*self.net.device_path(hostname), "management", "address"),
                    config=hostname,
                    match=("ip address", f"{address.ip} {address.netmask}"),
                    elements=self.elements(hostname),
                )
            )
            return True
        if (
            dest.site is not None
            and router.site.id == dest.site.id
            and router.device.role is DeviceRole.CPE
        ):
            return self.site_side.leave(router, dest, leg.service, leg.hops) or True
        return False

    @staticmethod
    def _route_layer(router: RoutedDevice) -> Layer:
        return Layer.CPE_ROUTE if router.device.role is DeviceRole.CPE else Layer.EDGE_ROUTE

    def _next(
        self, router: RoutedDevice, dest: Endpoint, vpn: str | None, leg: Leg
    ) -> Break | str | tuple[int, int]:
        """The route ``router`` takes towards ``dest`` and where it leads: the next router,
        a tenant router ``(tenant, uplink)``, or a break."""
        hostname = router.device.hostname
        layer = self._route_layer(router)
        table = router.tables.get(vpn)
        routes = table.lookup(dest.address, self._alive) if table else []
        if not routes:
            where = ", in the cloud" if dest.in_cloud else ""
            return Break(
                layer,
                self.net.device_path(hostname),
                self._down(
                    f"{hostname} has no route to {dest.address} ({dest.kind} {dest.name}{where})"
                ),
            )
        route = routes[0]
        summary = f"{route.prefix} via {route.next_hop}"
        if len(routes) > 1:
            others = ", ".join(r.line.line.id if r.line else str(r.next_hop) for r in routes[1:])
            summary += f" (one of {len(routes)} equal-cost routes; also over {others})"
        if route.line is not None and route.preference > DEFAULT_PREFERENCE:
            summary += f" (backup, preference {route.preference})"
        if route.peer is not None:
            lines = sorted({r.line.line.id for r in route.announced if r.line and self._alive(r)})
            summary += (
                f" (iBGP from {route.peer}, preference {route.preference}: it holds the site "
                f"over {', '.join(lines)})"
            )
        path = route.line.path if route.line else route.origin or self.net.device_path(hostname)
        leg.hops.append(
            Hop(layer, summary, path, hostname, route.match, elements=self.elements(hostname))
        )
        return self._across(router, route, leg) or Break(
            layer,
            path,
            f"next hop {route.next_hop} of {hostname}'s route {route.prefix} is no line end or "
            "handoff in the model",
        )

    def _handoff_hop(self, router: RoutedDevice, route: Route, towards: str) -> Hop | None:
        handoff = router.handoff_towards(route.next_hop)
        if handoff is None:
            return None
        hostname = router.device.hostname
        return Hop(
            Layer.CLOUD_HANDOFF,
            f"{hostname} {handoff.interface} {handoff.address} -> {towards} at {route.next_hop}",
            handoff.path,
            hostname,
            ("interface", handoff.interface),
            elements=self.elements(hostname),
        )

    def _management_port_hop(
        self, router: RoutedDevice, route: Route, tenant_router: tuple[int, int]
    ) -> Hop:
        """The management port's hop to the tenant router's address on its LAN."""
        hostname = router.device.hostname
        tenant = self.topology.cloud.tenants[tenant_router[0]]
        return Hop(
            Layer.DEVICE,
            f"{hostname} {router.management_interface} {router.management} -> router of "
            f"tenant {tenant.id} at {route.next_hop} (the data centre's management LAN)",
            (*self.net.device_path(hostname), "management", "gateway"),
            hostname,
            ("ip address", f"{router.management.ip} {router.management.netmask}"),
            elements=self.elements(hostname),
        )

    def _across(self, router: RoutedDevice, route: Route, leg: Leg) -> str | tuple[int, int] | None:
        """Where the next hop of ``route`` is: over a private line to its far end, over the
        handoff to a tenant router or to another edge (None: nowhere in the model)."""
        hostname = router.device.hostname
        peer = self.net.addresses.get(route.next_hop)
        if peer is None:
            tenant_router = self.net.routers.get(route.next_hop)
            edges = [edge for edge in self.net.edges_at(route.next_hop) if edge != hostname]
            if tenant_router is not None:
                tenant = self.topology.cloud.tenants[tenant_router[0]]
                hop = self._handoff_hop(router, route, f"router of tenant {tenant.id}")
                if hop is not None:
                    leg.hops.append(hop)
                    return tenant_router
            if tenant_router is not None and route.next_hop in router.management.network:
                leg.hops.append(self._management_port_hop(router, route, tenant_router))
                return tenant_router
            if edges:
                hop = self._handoff_hop(router, route, f"{edges[0]} (the data-centre side)")
                if hop is not None:
                    leg.hops.append(replace(hop, elements=self.elements(edges[0])))
                    return edges[0]
            return None
        local = route.line
        if local is None:
            return None
        line = peer.line
        leg.hops.append(
            Hop(
                Layer.PRIVATE_LINE,
                f"line {line.id} VLAN {line.vlan}: {hostname} {local.subinterface} -> "
                f"{peer.device} {peer.subinterface}",
                peer.path,
                hostname,
                ("interface", local.subinterface),
                elements=frozenset({f"line:{line.id}"}) | self.elements(peer.device),
            )
        )
        return peer.device
