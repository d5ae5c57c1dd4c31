"""The forwarding state of a topology as the renderer writes it: routes, connected
sub-interfaces, BFD tracking, LAN and cloud handoffs, OLT service-ports.

Every table here is read from each device's template context
(:func:`medinfra.render.context.device_context`, what the templates print), so a route the
trace follows is a route a rendered config holds, and a LAN or handoff interface counts only
when the context holds an interface with its address. Built lazily per
device and kept per topology (:data:`network_of`), so tracing every flow of a national
topology stays linear: a lookup is one dictionary probe per prefix length.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

from medinfra.model import Device, DeviceRole, Site
from medinfra.model.addresses import parsed_address, parsed_network
from medinfra.model.index import LineEnd, ModelPath, PerTopology
from medinfra.model.topology import Topology
from medinfra.platforms import management_interface, management_vpn
from medinfra.render.context import DEFAULT_PREFERENCE, device_context
from medinfra.render.handoffs import vrrp_priority
from medinfra.render.index import RenderIndex, index_for
from medinfra.render.olt import olt_context
from medinfra.render.routing import BGP_PREFERENCE

ROUTED_ROLES = frozenset({DeviceRole.CPE, DeviceRole.DC_EDGE})
OWNER_PRIORITY = 255
"""An edge answers its own handoff address first (VRRP's address-owner priority)."""


@dataclass(frozen=True, slots=True)
class Route:
    """One static route of a rendered config."""

    prefix: IPv4Network
    next_hop: IPv4Address
    preference: int
    line: LineEnd | None
    """The line end whose BFD session tracks the route (None: untracked)."""
    vpn: str | None
    tag: int | None = None
    """The static route's tag (what the edge's iBGP imports)."""
    peer: str | None = None
    """An iBGP route: the edge that announces it (the route is its ``peer X`` line)."""
    announced: tuple["Route", ...] = ()
    """An iBGP route: the announcing edge's tagged routes to the prefix; the announcement
    exists while one of them is up (BGP imports active static routes only)."""
    origin: ModelPath | None = None
    """An iBGP route: the model path of the announcing edge's handoff (the peer address)."""

    @property
    def match(self) -> tuple[str, ...]:
        """The words of the rendered line: ``ip route-static``, or for an iBGP route the
        ``peer X as-number`` line of the session it was learned over."""
        if self.peer is not None:
            return (f"peer {self.next_hop} as-number",)
        vpn = ("vpn-instance", self.vpn) if self.vpn else ()
        return (
            "ip route-static",
            *vpn,
            f"{self.prefix.network_address} {self.prefix.netmask}",
            str(self.next_hop),
        )


@dataclass
class RoutingTable:
    """Routes by prefix length and network, for longest-prefix lookups."""

    by_length: dict[int, dict[int, list[Route]]] = field(default_factory=dict)

    def add(self, route: Route) -> None:
        """Add ``route``."""
        bucket = self.by_length.setdefault(route.prefix.prefixlen, {})
        bucket.setdefault(int(route.prefix.network_address), []).append(route)

    def lookup(self, address: IPv4Address, alive: Callable[[Route], bool]) -> list[Route]:
        """The routes a packet to ``address`` takes: the longest live prefix, lowest
        preference value (several: equal cost, in rendered order)."""
        for length in sorted(self.by_length, reverse=True):
            mask = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
            found = [r for r in self.by_length[length].get(int(address) & mask, ()) if alive(r)]
            if found:
                best = min(route.preference for route in found)
                return [route for route in found if route.preference == best]
        return []


@dataclass(frozen=True, slots=True)
class LanInterface:
    """A CPE interface towards the site's LAN (the campus core, the OLT uplinks), with the
    ranges behind it (``sites[].lan``)."""

    interface: str
    address: IPv4Interface
    path: ModelPath
    ranges: tuple[IPv4Network, ...] = ()
    rendered: bool = True
    """False when the model has the LAN but the rendered config holds no interface with its
    address."""

    def holds(self, address: IPv4Address) -> bool:
        """True when ``address`` is on the handoff subnet or in a range behind it."""
        return address in self.address.network or any(address in net for net in self.ranges)


@dataclass(frozen=True, slots=True)
class Handoff:
    """A data-centre edge's interface on the cloud's provider network (``sites[].handoffs[]``)."""

    device: str
    interface: str
    address: IPv4Interface
    path: ModelPath
    rendered: bool = True
    standby: bool = False
    """A VRRP standby on another data centre's provider network."""


@dataclass
class RoutedDevice:
    """A router's rendered forwarding state."""

    site: Site
    device: Device
    tables: dict[str | None, RoutingTable]
    """Routing tables by vpn-instance (None: the public instance)."""
    management: IPv4Interface
    management_interface: str
    management_vpn: str | None
    lan: tuple[LanInterface, ...] = ()
    """The CPE's LAN handoff (none without ``sites[].lan``)."""
    handoffs: tuple[Handoff, ...] = ()
    """The edge's handoffs towards the cloud."""

    def handoff_towards(self, address: IPv4Address) -> Handoff | None:
        """The handoff whose subnet holds ``address`` (a next hop on the provider network)."""
        return next((h for h in self.handoffs if address in h.address.network), None)


@dataclass(frozen=True)
class Announcement:
    """What an edge's iBGP announces: its AS, the addresses it peers with, and its tagged
    static routes by prefix (its handoffs' model paths by address, for the trace)."""

    as_number: int | None
    peers: frozenset[str]
    prefixes: dict[IPv4Network, tuple[Route, ...]]
    origins: dict[str, ModelPath]


@dataclass
class FlowNetwork:
    """What the trace reads of a topology's rendered forwarding state."""

    index: RenderIndex
    addresses: dict[IPv4Address, LineEnd] = field(default_factory=dict)
    """Each line end's sub-interface address."""
    routers: dict[IPv4Address, tuple[int, int]] = field(default_factory=dict)
    """Each tenant router's gateway addresses (on the handoff subnet and the management LAN):
    (tenant, uplink) positions."""
    handoff_edges: dict[IPv4Address, list[str]] = field(default_factory=dict)
    """Edges by the handoff address (own or VRRP virtual) they answer: the VRRP master
    first, a standby edge of another data centre last."""
    _routed: dict[str, RoutedDevice] = field(default_factory=dict)
    _olts: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    _announced: dict[str, Announcement] = field(default_factory=dict)

    @property
    def topology(self) -> Topology:
        """The topology."""
        return self.index.topology

    def routed(self, hostname: str) -> RoutedDevice | None:
        """The forwarding state of ``hostname`` (None: not a router: an OLT, a firewall)."""
        if hostname not in self._routed:
            found = self.index.model.find(hostname)
            if found is None or found[1].role not in ROUTED_ROLES:
                return None
            context = device_context(self.index, hostname)
            routed = _routed(self.index, *found, context)
            self._announced.setdefault(hostname, _announcement(routed, context))
            self._learn(routed, context)
            self._routed[hostname] = routed
        return self._routed[hostname]

    def announcement(self, hostname: str) -> Announcement:
        """What the edge ``hostname``'s iBGP announces (read from its render context)."""
        if hostname not in self._announced:
            found = self.index.model.find(hostname)
            assert found is not None
            context = device_context(self.index, hostname)
            routed = _routed(self.index, *found, context)
            self._announced[hostname] = _announcement(routed, context)
        return self._announced[hostname]

    def _learn(self, routed: RoutedDevice, context: dict[str, Any]) -> None:
        """The iBGP routes of an edge: for each peer of its rendered ``bgp`` whose own
        rendered ``bgp`` names this edge back in the same AS, one route per prefix the peer
        imports (its tagged static routes), next hop the peer's address, preference 255."""
        bgp = context.get("bgp")
        if not bgp:
            return
        own = {str(handoff.address.ip) for handoff in routed.handoffs}
        table = routed.tables.setdefault(None, RoutingTable())
        for peer in bgp["peers"]:
            theirs = self.announcement(peer["hostname"])
            if theirs.as_number != bgp["as_number"] or not own & theirs.peers:
                continue  # no session: the other end does not name this edge in this AS
            for prefix, routes in theirs.prefixes.items():
                table.add(
                    Route(
                        prefix,
                        parsed_address(peer["address"]),
                        BGP_PREFERENCE,
                        None,
                        None,
                        peer=peer["hostname"],
                        announced=routes,
                        origin=theirs.origins.get(peer["address"]),
                    )
                )

    def olt(self, hostname: str) -> dict[str, Any] | None:
        """The OLT context the SmartAX templates print (None: not an OLT)."""
        if hostname not in self._olts:
            found = self.index.model.find(hostname)
            self._olts[hostname] = None if found is None else olt_context(self.index, *found)
        return self._olts[hostname]

    def edges_at(self, address: IPv4Address) -> list[str]:
        """The edges whose handoff answers ``address`` (the VRRP master first)."""
        return self.handoff_edges.get(address, [])

    def device_path(self, hostname: str) -> ModelPath:
        """The model path of a device."""
        site = self.index.model.device_site[hostname]
        position = self.index.model.site_position[site.id]
        devices = [device.hostname for device in site.devices]
        return ("sites", position, "devices", devices.index(hostname))


def _context_addresses(ports: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """Every ``(name, address)`` of the interfaces of a device's render context (its ports
    and their sub-interfaces)."""
    for port in ports:
        if isinstance(port.get("address"), str):
            yield port["name"], port["address"]
        yield from _context_addresses(port.get("subinterfaces", []))


def _lan(
    index: RenderIndex, site: Site, device: Device, rendered: dict[str, str]
) -> tuple[LanInterface, ...]:
    """A CPE's LAN handoff, and its management port's subnet (where the site's imaging
    gateways have their addresses) when that port is in the public instance."""
    if device.role is not DeviceRole.CPE:
        return ()
    s = index.model.site_position[site.id]
    found: list[LanInterface] = []
    lan = site.lan
    if lan is not None and lan.device == device.hostname:
        name = rendered.get(str(lan.address), lan.interface_name)
        ranges = tuple(index.model.lan_prefixes(site))
        present = str(lan.address) in rendered
        found.append(LanInterface(name, lan.address, ("sites", s, "lan"), ranges, present))
    if management_vpn(device) is None:
        d = [other.hostname for other in site.devices].index(device.hostname)
        path = ("sites", s, "devices", d, "management", "address")
        found.append(LanInterface(management_interface(device), device.management.address, path))
    return tuple(found)


def _handoffs(index: RenderIndex, device: Device, rendered: dict[str, str]) -> tuple[Handoff, ...]:
    return tuple(
        Handoff(
            device.hostname,
            rendered.get(str(handoff.address), handoff.interface_name),
            handoff.address,
            path,
            str(handoff.address) in rendered,
            handoff.standby,
        )
        for path, handoff in index.model.handoffs.get(device.hostname, [])
    )


def _announcement(routed: RoutedDevice, context: dict[str, Any]) -> Announcement:
    bgp = context.get("bgp")
    origins = {str(handoff.address.ip): handoff.path for handoff in routed.handoffs}
    if not bgp:
        return Announcement(None, frozenset(), {}, origins)
    prefixes: dict[IPv4Network, list[Route]] = {}
    for bucket in routed.tables.get(None, RoutingTable()).by_length.values():
        for routes in bucket.values():
            for route in routes:
                if route.tag is not None and route.tag == bgp["tag"] and route.peer is None:
                    prefixes.setdefault(route.prefix, []).append(route)
    return Announcement(
        bgp["as_number"],
        frozenset(peer["address"] for peer in bgp["peers"]),
        {prefix: tuple(routes) for prefix, routes in prefixes.items()},
        origins,
    )


def _routed(
    index: RenderIndex, site: Site, device: Device, context: dict[str, Any]
) -> RoutedDevice:
    ends = index.ends(device.hostname)
    rendered = {address: name for name, address in _context_addresses(context["interfaces"])}
    tracked = {session["name"]: session["line"] for session in context["bfd_sessions"]}
    by_line = {(end.line.id): end for end in ends}
    tables: dict[str | None, RoutingTable] = {}
    for entry in context["routes"]:
        line_id = tracked.get(entry["bfd"]) if entry["bfd"] else None
        route = Route(
            parsed_network(entry["prefix"]),
            parsed_address(entry["next_hop"]),
            entry["pref"] or DEFAULT_PREFERENCE,
            by_line.get(line_id) if line_id else None,
            entry["vpn"],
            entry.get("tag"),
        )
        tables.setdefault(route.vpn, RoutingTable()).add(route)
    return RoutedDevice(
        site,
        device,
        tables,
        device.management.address,
        management_interface(device),
        management_vpn(device),
        _lan(index, site, device, rendered),
        _handoffs(index, device, rendered),
    )


def build_network(topology: Topology) -> FlowNetwork:
    """The flow network of ``topology`` (line-end addresses now, routers on first use)."""
    index = index_for(topology)
    network = FlowNetwork(index)
    for ends in index.model.ends.values():
        for end in ends:
            network.addresses[getattr(end.line, end.end).address.ip] = end
    for t, tenant in enumerate(topology.cloud.tenants):
        for u, uplink in enumerate(tenant.uplinks):
            network.routers.setdefault(uplink.router_address.ip, (t, u))
            if uplink.management_address is not None:
                network.routers.setdefault(uplink.management_address.ip, (t, u))
    answering: dict[IPv4Address, list[tuple[int, str]]] = {}
    for site in topology.sites:
        for handoff in site.handoffs:
            answering.setdefault(handoff.address.ip, []).append((OWNER_PRIORITY, handoff.device))
            priority = vrrp_priority(site, handoff)
            if handoff.virtual_address is not None and priority is not None:
                found = answering.setdefault(handoff.virtual_address, [])
                found.append((priority, handoff.device))
    for address, edges in answering.items():
        # the VRRP master first, then the backups by priority (a stable sort: model order)
        network.handoff_edges[address] = [edge for _, edge in sorted(edges, key=lambda e: -e[0])]
    return network


network_of: PerTopology[FlowNetwork] = PerTopology(build_network)
"""The flow network of a topology, built once per topology object."""
