"""What a topology is, site by site, in figures people read: for describe, diagram and report.

Every figure comes from the checks' own computations (availability from
``checks.availability``, upload and capacity from ``checks.capacity``, path loss from
``checks.optical``, runway from ``checks.storage``), so a summary never disagrees with a
finding. Pure functions of the model; nothing here prints.
"""

from collections import Counter
from dataclasses import dataclass, field

from medinfra.checks.availability import downtime_minutes, site_availability, site_target
from medinfra.checks.capacity import data_centre_demand, uplink_capacity, upload_demand
from medinfra.checks.optical import OPTICAL_BUDGET, path_losses
from medinfra.checks.storage import pool_runways
from medinfra.model.index import index_of
from medinfra.model.site import Site, SiteKind
from medinfra.model.topology import Topology
from medinfra.model.wan import PrivateLine, Protection


@dataclass(frozen=True)
class LineSummary:
    """A private line as seen from its site."""

    id: str
    far_end: str
    far_site: str | None
    bandwidth: float
    technology: str
    path_id: str
    encrypted: bool


@dataclass(frozen=True)
class SplitterSummary:
    """A splitter of a PON port: ratio, ONTs and the loss from the OLT to its ONTs."""

    id: str
    ratio: int
    onts: int
    loss: float
    upstream: str | None


@dataclass(frozen=True)
class PortSummary:
    """A PON port of a campus OLT."""

    olt: str
    port: str
    technology: str
    optical_class: str
    max_loss: float
    splitters: tuple[SplitterSummary, ...]

    @property
    def onts(self) -> int:
        """ONTs on the port."""
        return sum(splitter.onts for splitter in self.splitters)


@dataclass(frozen=True)
class SiteSummary:
    """One site in figures."""

    id: str
    name: str
    kind: SiteKind
    region: str | None
    devices: tuple[tuple[str, str, str, str], ...]
    """(hostname, platform, role, management address) of each device."""
    lines: tuple[LineSummary, ...]
    protection: str
    availability: float | None
    target: float
    upload: float
    capacity: float
    max_utilisation: float
    ports: tuple[PortSummary, ...] = ()
    wan_capacity: float | None = None
    """A data centre's WAN capacity."""
    received: float = 0.0
    """A data centre's upload from the sites that reach it (bit/s)."""
    received_from: int = 0

    @property
    def downtime(self) -> float | None:
        """Minutes a year down at the computed availability."""
        return None if self.availability is None else downtime_minutes(self.availability)

    @property
    def utilisation(self) -> float | None:
        """Upload over capacity (None without uplinks)."""
        return self.upload / self.capacity if self.capacity else None


@dataclass(frozen=True)
class PoolSummary:
    """A storage pool and its runway."""

    tenant: str
    id: str
    runway_years: float


@dataclass(frozen=True)
class TopologySummary:
    """The whole platform: sites, tenants with their zones, storage pools."""

    name: str
    title: str
    data_centres: tuple[str, ...]
    mode: str
    target: float
    sites: tuple[SiteSummary, ...]
    zones: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    """Tenant id -> (zone id, kind, ranges) of each zone."""
    pools: tuple[PoolSummary, ...] = ()

    def kinds(self) -> Counter[str]:
        """How many sites of each kind."""
        return Counter(site.kind.value for site in self.sites)


def protection_status(site: Site) -> str:
    """The 1+1 status in words: claimed or not, lines and distinct physical paths."""
    paths = {line.path_id for line in site.uplinks}
    if site.wan_protection is not Protection.ONE_PLUS_ONE:
        return f"none ({len(site.uplinks)} line(s))"
    if len(site.uplinks) < 2:
        return f"1+1 claimed, but only {len(site.uplinks)} line(s)"
    if len(paths) < len(site.uplinks):
        return f"1+1 claimed, but {len(site.uplinks)} lines share {len(paths)} path(s)"
    return f"1+1: {len(site.uplinks)} lines on {len(paths)} distinct paths"


def _line(topology: Topology, line: PrivateLine) -> LineSummary:
    far = index_of(topology).device_site.get(line.z.device)
    return LineSummary(
        line.id,
        line.z.device,
        far.id if far else None,
        float(line.bandwidth),
        line.technology.value,
        line.path_id,
        line.encrypted,
    )


def _ports(topology: Topology, site: Site) -> tuple[PortSummary, ...]:
    if site.campus is None:
        return ()
    ports = []
    for olt in site.campus.olts:
        for port in olt.pon_ports:
            losses = path_losses(port, topology.settings)
            splitters = tuple(
                SplitterSummary(s.id, s.ratio, len(s.onts), losses[s.id].loss, s.upstream)
                for s in port.splitters
            )
            ports.append(
                PortSummary(
                    olt.device,
                    port.port,
                    port.technology.value,
                    port.optical_class.value,
                    OPTICAL_BUDGET[port.optical_class][1],
                    splitters,
                )
            )
    return tuple(ports)


def summarise_site(
    topology: Topology, site: Site, received: tuple[float, int] = (0.0, 0)
) -> SiteSummary:
    """``site`` in figures, from the checks' computations (``received``: a data centre's
    upload and number of sites, from :func:`data_centre_demand`)."""
    settings = topology.settings
    return SiteSummary(
        id=site.id,
        name=site.name,
        kind=site.kind,
        region=site.region,
        devices=tuple(
            (d.hostname, d.platform.value, d.role.value, str(d.management.address))
            for d in site.devices
        ),
        lines=tuple(_line(topology, line) for line in site.uplinks),
        protection=protection_status(site),
        availability=site_availability(topology, site, settings),
        target=site_target(topology, site),
        upload=upload_demand(site, settings),
        capacity=uplink_capacity(site),
        max_utilisation=settings.uplink_max_utilisation,
        ports=_ports(topology, site),
        wan_capacity=None if site.wan_capacity is None else float(site.wan_capacity),
        received=received[0],
        received_from=received[1],
    )


def summarise_topology(topology: Topology) -> TopologySummary:
    """The whole topology in figures."""
    demand, counts = data_centre_demand(topology, topology.settings)
    return TopologySummary(
        name=topology.name,
        title=topology.title,
        data_centres=tuple(topology.data_centres.sites),
        mode=topology.data_centres.mode.value,
        target=topology.availability_target,
        sites=tuple(
            summarise_site(topology, site, (demand.get(site.id, 0.0), counts.get(site.id, 0)))
            for site in topology.sites
        ),
        zones={
            tenant.id: tuple(
                (zone.id, zone.kind.value, ", ".join(str(r) for r in zone.ranges))
                for zone in tenant.zones
            )
            for tenant in topology.cloud.tenants
        },
        pools=tuple(
            PoolSummary(tenant.id, pool.id, years) for tenant, pool, years in pool_runways(topology)
        ),
    )
