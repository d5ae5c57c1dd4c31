"""What a device's config needs from the rest of the topology, indexed once per render.

A data-centre edge's config depends on every private line that ends on it and on the address
ranges of every site behind those lines; a BFD session's remote discriminator is the one the
peer allocates. Building these maps once keeps rendering a whole topology linear in its size.
"""

import threading
import weakref
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from ipaddress import IPv4Network

from medinfra.model import Device, PrivateLine, Site, Topology, ZoneKind
from medinfra.render.errors import RenderError, UnknownDeviceError

SITE_ZONE_KINDS = frozenset({ZoneKind.CLINICAL})
"""Zones of a hospital's own tenant that live on the hospital's premises (behind its lines)."""


@dataclass(frozen=True)
class LineEndRef:
    """One end of a private line seen from the device at that end."""

    line: PrivateLine
    end: str  # "a" or "z"
    owner: Site | None

    @property
    def local_interface(self) -> str:
        """The physical port of this end."""
        return str(getattr(self.line, self.end).interface)

    @property
    def subinterface(self) -> str:
        """The dot1q sub-interface: the port with the line's VLAN as its number."""
        return f"{self.local_interface}.{self.line.vlan}"


@dataclass
class TopologyIndex:
    """Devices by hostname, line ends by device, BFD discriminators and site address ranges."""

    topology: Topology
    devices: dict[str, tuple[Site, Device]] = field(default_factory=dict)
    ends: dict[str, list[LineEndRef]] = field(default_factory=lambda: defaultdict(list))
    discriminators: dict[tuple[str, str], int] = field(default_factory=dict)
    site_of_host: dict[str, Site] = field(default_factory=dict)
    dba_profiles: dict[str, int] = field(default_factory=dict)
    bundles: dict[tuple[str, ...], int] = field(default_factory=dict)

    def device(self, hostname: str) -> tuple[Site, Device]:
        """The site and device of ``hostname``; a usage error naming the known ones if absent."""
        found = self.devices.get(hostname)
        if found is None:
            raise UnknownDeviceError(hostname, sorted(self.devices))
        return found

    def site_prefixes(self, site: Site) -> list[IPv4Network]:
        """Address ranges behind a site's lines: its devices' and gateways' management
        networks and the on-premises zones of the tenant that belongs to the site."""
        prefixes = {device.management.address.network for device in site.devices}
        prefixes |= {gateway.management_address.network for gateway in site.imaging_gateways}
        for tenant in self.topology.cloud.tenants:
            if tenant.site == site.id:
                for zone in tenant.zones:
                    if zone.kind in SITE_ZONE_KINDS:
                        prefixes.update(zone.ranges)
        return sorted(prefixes, key=lambda net: (int(net.network_address), net.prefixlen))


_CACHE_SIZE = 8
_cache: "OrderedDict[int, tuple[weakref.ref[Topology], TopologyIndex]]" = OrderedDict()
_cache_lock = threading.Lock()


def index_for(topology: Topology) -> TopologyIndex:
    """The index of ``topology``, built once per topology object and then reused.

    A topology is frozen, so its index never goes stale; callers that render one device at
    a time (the push runner) stay linear in the size of the topology instead of quadratic.
    """
    key = id(topology)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None and found[0]() is topology:
            _cache.move_to_end(key)
            return found[1]
    index = build_index(topology)
    with _cache_lock:
        _cache[key] = (weakref.ref(topology), index)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return index


def build_index(topology: Topology) -> TopologyIndex:
    """Index ``topology`` for rendering (linear in its size)."""
    index = TopologyIndex(topology)
    for site, device in topology.all_devices():
        index.devices.setdefault(device.hostname, (site, device))
        index.site_of_host.setdefault(device.hostname, site)
    for owner, line in topology.all_private_lines():
        for end in ("a", "z"):
            hostname = getattr(line, end).device
            index.ends[hostname].append(LineEndRef(line, end, owner))
    _number_pon_profiles(index)
    for hostname, ends in index.ends.items():
        ends.sort(key=lambda ref: (ref.line.id, ref.end))
        _check_unique_subinterfaces(hostname, ends)
        for number, ref in enumerate(ends, start=1):
            index.discriminators[(ref.line.id, ref.end)] = number
    return index


def _check_unique_subinterfaces(hostname: str, ends: list[LineEndRef]) -> None:
    seen: dict[str, str] = {}
    for ref in ends:
        first = seen.setdefault(ref.subinterface, ref.line.id)
        if first != ref.line.id:
            raise RenderError(
                f"{hostname}: private lines '{first}' and '{ref.line.id}' both need "
                f"sub-interface {ref.subinterface}; give one of them another VLAN or port"
            )


FIRST_PROFILE_ID = 10
"""MA5800 keeps low profile ids for its defaults; medinfra numbers its own from 10."""


def _number_pon_profiles(index: TopologyIndex) -> None:
    """Topology-wide ids: a DBA profile per catalogue service with a PON profile (by service
    id), a line and a service profile per distinct ONT service bundle (sorted service ids), so
    the same bundle has the same profile id on every OLT."""
    with_profile = sorted(s.id for s in index.topology.services if s.pon_profile is not None)
    for number, service_id in enumerate(with_profile, start=FIRST_PROFILE_ID):
        index.dba_profiles[service_id] = number
    bundles = {
        ont_bundle(ont.services)
        for site in index.topology.sites
        if site.campus is not None
        for olt in site.campus.olts
        for port in olt.pon_ports
        for splitter in port.splitters
        for ont in splitter.onts
    }
    for number, bundle in enumerate(sorted(bundles), start=FIRST_PROFILE_ID):
        index.bundles[bundle] = number


def ont_bundle(services: tuple[str, ...]) -> tuple[str, ...]:
    """The service bundle of an ONT: its distinct service ids, sorted."""
    return tuple(sorted(set(services)))
