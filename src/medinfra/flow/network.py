"""The forwarding state of a topology as the renderer writes it: routes, connected
sub-interfaces, BFD tracking, OLT service-ports.

Every table here is read from :mod:`medinfra.render.context` (the functions the templates
print), so a route the trace follows is a route a rendered config holds. Built lazily per
device and kept per topology (:data:`network_of`), so tracing every flow of a national
topology stays linear: a lookup is one dictionary probe per prefix length.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

from medinfra.flow.hops import Hop
from medinfra.model import Device, DeviceRole, Site
from medinfra.model.index import LineEnd, ModelPath, PerTopology
from medinfra.model.topology import Topology
from medinfra.platforms import management_interface, management_vpn
from medinfra.render.context import DEFAULT_PREFERENCE, bfd_context, routes_context
from medinfra.render.index import RenderIndex, index_for
from medinfra.render.olt import olt_context

ROUTED_ROLES = frozenset({DeviceRole.CPE, DeviceRole.DC_EDGE})


@dataclass(frozen=True, slots=True)
class Route:
    """One static route of a rendered config."""

    prefix: IPv4Network
    next_hop: IPv4Address
    preference: int
    line: LineEnd | None
    """The line end whose BFD session tracks the route (None: untracked)."""
    vpn: str | None

    @property
    def match(self) -> tuple[str, ...]:
        """The words of the rendered ``ip route-static`` line."""
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
    """A CPE interface towards the site's LAN (hosts, ONT uplinks, imaging gateways)."""

    interface: str
    address: IPv4Interface
    path: ModelPath


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
    """The LAN interfaces the rendered config holds (none until the model has a LAN side)."""


@dataclass
class FlowNetwork:
    """What the trace reads of a topology's rendered forwarding state."""

    index: RenderIndex
    addresses: dict[IPv4Address, LineEnd] = field(default_factory=dict)
    """Each line end's sub-interface address."""
    _routed: dict[str, RoutedDevice] = field(default_factory=dict)
    _olts: dict[str, dict[str, Any] | None] = field(default_factory=dict)

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
            self._routed[hostname] = _routed(self.index, *found)
        return self._routed[hostname]

    def olt(self, hostname: str) -> dict[str, Any] | None:
        """The OLT context the SmartAX templates print (None: not an OLT)."""
        if hostname not in self._olts:
            found = self.index.model.find(hostname)
            self._olts[hostname] = None if found is None else olt_context(self.index, *found)
        return self._olts[hostname]

    def handoff_at(self, address: IPv4Address) -> tuple[str, Hop] | None:
        """The data-centre edge whose handoff towards the cloud holds ``address``, with the
        handoff hop (None: no edge has a handoff with that address in the model)."""
        return None

    def device_path(self, hostname: str) -> ModelPath:
        """The model path of a device."""
        site = self.index.model.device_site[hostname]
        position = self.index.model.site_position[site.id]
        devices = [device.hostname for device in site.devices]
        return ("sites", position, "devices", devices.index(hostname))


def _routed(index: RenderIndex, site: Site, device: Device) -> RoutedDevice:
    ends = index.ends(device.hostname)
    tracked = {session["name"]: session["line"] for session in bfd_context(ends, index)}
    by_line = {(end.line.id): end for end in ends}
    tables: dict[str | None, RoutingTable] = {}
    for entry in routes_context(device, site, ends, index):
        line_id = tracked.get(entry["bfd"]) if entry["bfd"] else None
        route = Route(
            IPv4Network(entry["prefix"]),
            IPv4Address(entry["next_hop"]),
            entry["pref"] or DEFAULT_PREFERENCE,
            by_line.get(line_id) if line_id else None,
            entry["vpn"],
        )
        tables.setdefault(route.vpn, RoutingTable()).add(route)
    return RoutedDevice(
        site,
        device,
        tables,
        device.management.address,
        management_interface(device),
        management_vpn(device),
    )


def build_network(topology: Topology) -> FlowNetwork:
    """The flow network of ``topology`` (line-end addresses now, routers on first use)."""
    index = index_for(topology)
    network = FlowNetwork(index)
    for ends in index.model.ends.values():
        for end in ends:
            network.addresses[getattr(end.line, end.end).address.ip] = end
    return network


network_of: PerTopology[FlowNetwork] = PerTopology(build_network)
"""The flow network of a topology, built once per topology object."""
