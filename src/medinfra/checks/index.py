"""Lookups shared by the rules, built once per topology: every rule stays linear in its size."""

from dataclasses import dataclass, field

from medinfra.model.devices import Device
from medinfra.model.services import Service
from medinfra.model.site import Site, SiteKind
from medinfra.model.topology import DataCentreMode, Topology


@dataclass(frozen=True)
class TopologyIndex:
    """Devices by hostname, services by id, site positions and the data centres."""

    device_site: dict[str, Site] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)
    site_position: dict[str, int] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    data_centres: frozenset[str] = frozenset()
    active_active: bool = False

    def data_centre_of(self, hostname: str) -> str | None:
        """Site id of the data centre that holds ``hostname`` (None when it is elsewhere)."""
        site = self.device_site.get(hostname)
        if site is None or site.kind is not SiteKind.DATA_CENTRE:
            return None
        return site.id


def build_index(topology: Topology) -> TopologyIndex:
    """Index ``topology`` by key (first definition wins, as in the loader)."""
    index = TopologyIndex(
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
    return index


_cache: list[tuple[Topology, TopologyIndex]] = []


def index_of(topology: Topology) -> TopologyIndex:
    """The index of ``topology``, reused while the same (frozen) topology is being checked."""
    if _cache and _cache[0][0] is topology:
        return _cache[0][1]
    index = build_index(topology)
    _cache[:] = [(topology, index)]
    return index


def hosts_data_centre(topology: Topology) -> frozenset[str]:
    """Ids of the sites a data centre names as its ``parent`` (the DC is on their campus)."""
    return frozenset(
        site.parent
        for site in topology.sites
        if site.kind is SiteKind.DATA_CENTRE and site.parent is not None
    )
