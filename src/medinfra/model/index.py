"""The one index of a topology and the walks every layer shares (checks, references, render).

Walks yield each object with its model path (``("sites", 3, "campus", "olts", 0, ...)``) so a
finding can name file and line; the :class:`TopologyIndex` holds the lookups built once per
topology (devices by hostname, services by id, line ends by device ...), so every rule and
every rendered config stays linear in the size of the topology. Pure, stdlib only.
"""

import threading
import weakref
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from ipaddress import IPv4Network
from typing import Generic, TypeVar

from medinfra.model.cloud import Tenant, Zone
from medinfra.model.devices import Device
from medinfra.model.handoffs import DataCentreHandoff, SiteLan
from medinfra.model.optical import Olt, Ont, PonPort, Splitter
from medinfra.model.services import Service
from medinfra.model.site import Site, SiteKind
from medinfra.model.topology import DataCentreMode, Topology
from medinfra.model.wan import PrivateLine

ModelPath = tuple[str | int, ...]
"""Where a value sits in the model: keys and list positions from the topology down."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PortVisit:
    """A PON port with its site, OLT and model path."""

    path: ModelPath
    site: Site
    olt: Olt
    port: PonPort


@dataclass(frozen=True, slots=True)
class OntVisit:
    """An ONT with the port and splitter that feed it; ``path`` is the ONT's."""

    path: ModelPath
    port: PortVisit
    splitter: Splitter
    ont: Ont


@dataclass(frozen=True, slots=True)
class LineEnd:
    """One end of a private line (``end`` is ``"a"`` or ``"z"``), seen from its device."""

    line: PrivateLine
    end: str
    owner: Site | None
    """The site that lists the line as an uplink (None: a topology-level line)."""
    path: ModelPath
    """The line's model path."""

    @property
    def device(self) -> str:
        """The hostname at this end."""
        return str(getattr(self.line, self.end).device)

    @property
    def local_interface(self) -> str:
        """The physical port of this end."""
        return str(getattr(self.line, self.end).interface)

    @property
    def subinterface(self) -> str:
        """The dot1q sub-interface: the port with the line's VLAN as its number."""
        return f"{self.local_interface}.{self.line.vlan}"


def _owned_lines(topology: Topology) -> Iterator[tuple[ModelPath, PrivateLine, Site | None]]:
    for i, line in enumerate(topology.private_lines):
        yield ("private_lines", i), line, None
    for s, site in enumerate(topology.sites):
        for u, line in enumerate(site.uplinks):
            yield ("sites", s, "uplinks", u), line, site


def private_lines(topology: Topology) -> Iterator[tuple[ModelPath, PrivateLine]]:
    """Every private line (topology-level first, then each site's uplinks) with its path."""
    for path, line, _ in _owned_lines(topology):
        yield path, line


def line_ends(topology: Topology) -> Iterator[LineEnd]:
    """Both ends of every private line, in model order (``a`` before ``z``)."""
    for path, line, owner in _owned_lines(topology):
        for end in ("a", "z"):
            yield LineEnd(line, end, owner, path)


def subinterface_clashes(topology: Topology) -> Iterator[tuple[LineEnd, LineEnd]]:
    """Line ends that need a sub-interface an earlier end already uses: ``(first, again)``.

    Two lines on one port of one device with the same VLAN would share one dot1q
    sub-interface; the rule MI-INT-006 reports it and the renderer refuses it, from here.
    """
    seen: dict[tuple[str, str], LineEnd] = {}
    for end in line_ends(topology):
        first = seen.setdefault((end.device, end.subinterface), end)
        if first is not end:
            yield first, end


def pon_ports(topology: Topology) -> Iterator[PortVisit]:
    """Every PON port of every campus OLT."""
    for s, site in enumerate(topology.sites):
        if site.campus is None:
            continue
        for o, olt in enumerate(site.campus.olts):
            for p, port in enumerate(olt.pon_ports):
                yield PortVisit(("sites", s, "campus", "olts", o, "pon_ports", p), site, olt, port)


def port_onts(visit: PortVisit) -> Iterator[OntVisit]:
    """The ONTs of one PON port, splitter by splitter."""
    for sp, splitter, n, ont in visit.port.placed_onts():
        yield OntVisit((*visit.path, "splitters", sp, "onts", n), visit, splitter, ont)


def onts(topology: Topology) -> Iterator[OntVisit]:
    """Every ONT of the topology: the port -> splitter -> ONT walk, written once."""
    for visit in pon_ports(topology):
        yield from port_onts(visit)


@dataclass
class TopologyIndex:
    """Lookups over one topology, by key (the first definition wins, as in the loader)."""

    topology: Topology
    devices: dict[str, Device] = field(default_factory=dict)
    device_site: dict[str, Site] = field(default_factory=dict)
    site_position: dict[str, int] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    ends: dict[str, list[LineEnd]] = field(default_factory=lambda: defaultdict(list))
    """Line ends by the hostname at that end, sorted by line id and end."""
    data_centres: frozenset[str] = frozenset()
    active_active: bool = False
    tenants: dict[str, Tenant] = field(default_factory=dict)
    zones: dict[tuple[str, str], Zone] = field(default_factory=dict)
    """Zones by ``(tenant id, zone id)``."""
    premises: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    """``(tenant id, zone id)`` -> ids of the sites whose LAN holds part of that (on-premises)
    zone, in model order (the zone's ``placement`` says where it is; this says which sites)."""
    handoffs: dict[str, list[tuple[ModelPath, DataCentreHandoff]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    """Data-centre handoffs by the edge's hostname, in model order, with their paths."""

    def find(self, hostname: str) -> tuple[Site, Device] | None:
        """The site and device of ``hostname`` (None when the topology has no such device)."""
        device = self.devices.get(hostname)
        return None if device is None else (self.device_site[hostname], device)

    def data_centre_of(self, hostname: str) -> str | None:
        """Site id of the data centre that holds ``hostname`` (None when it is elsewhere)."""
        site = self.device_site.get(hostname)
        if site is None or site.kind is not SiteKind.DATA_CENTRE:
            return None
        return site.id

    def hosts_data_centre(self) -> frozenset[str]:
        """Ids of the sites a data centre names as its ``parent`` (the DC is on their campus)."""
        return frozenset(
            site.parent
            for site in self.topology.sites
            if site.kind is SiteKind.DATA_CENTRE and site.parent is not None
        )

    def uplink_prefixes(self, site: Site) -> list[IPv4Network]:
        """What a site's CPE routes over its uplinks: every range of its LAN's tenant (the
        cloud zones, and the on-premises zones whose other parts are at other sites, reached
        through the data centre; the CPE's own LAN ranges are more specific) and the
        management networks; sorted, without a range another one holds. A site talks to its
        own tenant only (policies are zone to zone within a tenant), so this stays linear."""
        ranges = list(self.topology.management.networks)
        tenant = self.tenants.get(site.lan.tenant) if site.lan is not None else None
        if tenant is not None:
            ranges += [network for zone in tenant.zones for network in zone.ranges]
        return outermost(ranges)

    def handoff_routes(self, handoff: DataCentreHandoff) -> list[tuple[IPv4Network, str, int]]:
        """The routes of an edge through its core handoff, as ``(prefix, next hop, rank)``:
        each cloud zone range of every tenant whose router's uplink sits on the handoff
        subnet to that router's address, then each ``reaches`` range to the handoff's
        ``next_hops`` in order. A range naming no data centre goes only to the routers of
        the edge's own data centre (or of uplinks naming none); a range naming one
        (``ranges[].data_centre``) goes to that data centre's router, over whichever handoff
        of the edge is on its subnet: the edge's own, or its standby leg on the other data
        centre's provider network, which also carries the other data centre's management
        LAN (``uplinks[].management_address``) to its router."""
        routes: list[tuple[IPv4Network, str, int]] = []
        data_centre = self.data_centre_of(handoff.device)
        subnet = handoff.address.network
        for tenant in self.topology.cloud.tenants:
            for uplink in tenant.uplinks:
                if uplink.router_address.network != subnet:
                    continue
                router = str(uplink.router_address.ip)
                for zone in tenant.cloud_zones:
                    for r, net in enumerate(zone.ranges):
                        named = zone.data_centre_of(r)
                        if named is None and uplink.data_centre not in (None, data_centre):
                            continue
                        if named is not None and named != (uplink.data_centre or data_centre):
                            continue
                        routes.append((net, router, 0))
                lan = uplink.management_address
                if lan is not None and uplink.data_centre not in (None, data_centre):
                    # over the standby leg: the other data centre's management LAN is behind
                    # its router (its edges' management ports, reached from this cloud)
                    routes.append((lan.network, router, 0))
        for rank, hop in enumerate(handoff.next_hops):
            routes += [(network, str(hop), rank) for network in handoff.reaches]
        return routes

    def lan_prefixes(self, site: Site) -> list[IPv4Network]:
        """The ranges behind a site's LAN (:func:`lan_ranges`), each once, sorted."""
        position = self.site_position[site.id]
        return sorted({net for net, _ in lan_ranges(self.topology, position)}, key=_network_key)

    def site_prefixes(self, site: Site) -> list[IPv4Network]:
        """Address ranges behind a site's lines (:func:`site_ranges`), each once, sorted."""
        position = self.site_position[site.id]
        prefixes = {network for network, _ in site_ranges(self.topology, position)}
        return sorted(prefixes, key=_network_key)


def _network_key(network: IPv4Network) -> tuple[int, int]:
    return int(network.network_address), network.prefixlen


def outermost(networks: Iterable[IPv4Network]) -> list[IPv4Network]:
    """The networks no other one of them contains, sorted (one sort and one sweep).

    Examples:
        >>> outermost([IPv4Network("10.1.0.0/24"), IPv4Network("10.0.0.0/8"),
        ...            IPv4Network("10.0.0.0/8"), IPv4Network("11.0.0.0/24")])
        [IPv4Network('10.0.0.0/8'), IPv4Network('11.0.0.0/24')]
    """
    kept: list[IPv4Network] = []
    for network in sorted(set(networks), key=_network_key):
        if kept and int(network.broadcast_address) <= int(kept[-1].broadcast_address):
            continue
        kept.append(network)
    return kept


def lan_ranges(topology: Topology, s: int) -> Iterator[tuple[IPv4Network, ModelPath]]:
    """Each range behind the LAN of site number ``s`` with the model path it comes from: a
    range's ``network``, or, when it names none, every range of its zone (the path is then
    the zone's range). Ranges whose zone does not resolve are skipped (MI-REF-001)."""
    lan = topology.sites[s].lan
    if lan is None:
        return
    index = index_of(topology)
    base: ModelPath = ("sites", s, "lan", "ranges")
    for r, entry in enumerate(lan.ranges):
        if entry.network is not None:
            yield entry.network, (*base, r, "network")
            continue
        zone = index.zones.get((lan.tenant, entry.zone))
        for network in zone.ranges if zone is not None else ():
            yield network, (*base, r, "zone")


def site_ranges(topology: Topology, s: int) -> Iterator[tuple[IPv4Network, ModelPath]]:
    """Each range behind the lines of site number ``s`` with the model path it comes from:
    its devices' and imaging gateways' management networks and its LAN's ranges
    (:func:`lan_ranges`; a range may come more than once). The edge routes each of them
    over the site's lines; MI-FLOW-001 checks that no range is behind two sites."""
    site = topology.sites[s]
    for d, device in enumerate(site.devices):
        yield device.management.address.network, ("sites", s, "devices", d, "management", "address")
    for g, gateway in enumerate(site.imaging_gateways):
        yield (
            gateway.management_address.network,
            ("sites", s, "imaging_gateways", g, "management_address"),
        )
    yield from lan_ranges(topology, s)


def build_index(topology: Topology) -> TopologyIndex:
    """Index ``topology`` (linear in its size)."""
    index = TopologyIndex(
        topology,
        data_centres=frozenset(topology.data_centres.sites),
        active_active=topology.data_centres.mode is DataCentreMode.ACTIVE_ACTIVE,
    )
    for position, site in enumerate(topology.sites):
        index.site_position.setdefault(site.id, position)
        for device in site.devices:
            index.devices.setdefault(device.hostname, device)
            index.device_site.setdefault(device.hostname, site)
    for service in topology.services:
        index.services.setdefault(service.id, service)
    for tenant in topology.cloud.tenants:
        index.tenants.setdefault(tenant.id, tenant)
        for zone in tenant.zones:
            index.zones.setdefault((tenant.id, zone.id), zone)
    for s, site in enumerate(topology.sites):
        if site.lan is not None:
            _index_lan(index, site.id, site.lan)
        for h, handoff in enumerate(site.handoffs):
            index.handoffs[handoff.device].append((("sites", s, "handoffs", h), handoff))
    for end in line_ends(topology):
        index.ends[end.device].append(end)
    for ends in index.ends.values():
        ends.sort(key=lambda end: (end.line.id, end.end))
    return index


def _index_lan(index: TopologyIndex, site_id: str, lan: SiteLan) -> None:
    for entry in lan.ranges:
        sites = index.premises[(lan.tenant, entry.zone)]
        if not sites or sites[-1] != site_id:
            sites.append(site_id)


class PerTopology(Generic[T]):
    """Values built from a topology, kept for the last few topology objects.

    A topology is frozen, so what is built from it never goes stale; callers that visit one
    device or one rule at a time stay linear in the size of the topology instead of
    quadratic. Keyed by identity (a weak reference checks the object is still the same).
    """

    def __init__(self, build: Callable[[Topology], T], size: int = 8) -> None:
        self._build = build
        self._size = size
        self._values: OrderedDict[int, tuple[weakref.ref[Topology], T]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, topology: Topology) -> T:
        """The value for ``topology``, built on first use."""
        key = id(topology)
        with self._lock:
            found = self._values.get(key)
            if found is not None and found[0]() is topology:
                self._values.move_to_end(key)
                return found[1]
        value = self._build(topology)
        with self._lock:
            self._values[key] = (weakref.ref(topology), value)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value


index_of: PerTopology[TopologyIndex] = PerTopology(build_index)
"""The index of a topology, built once per topology object and then reused."""
