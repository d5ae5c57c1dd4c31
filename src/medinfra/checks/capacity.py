"""Capacity: imaging uploads against uplinks and the data-centre side; PON port load."""

from collections import defaultdict
from collections.abc import Iterator

from medinfra.checks.quantities import percent, rate, size
from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.index import index_of, pon_ports
from medinfra.model.optical import PonPort, PonTechnology
from medinfra.model.services import Service
from medinfra.model.settings import CheckSettings
from medinfra.model.site import Site
from medinfra.model.topology import Topology
from medinfra.model.wan import Protection

UPSTREAM_LINE_RATE: dict[PonTechnology, float] = {
    PonTechnology.GPON: 1.24416e9,
    PonTechnology.XG_PON: 2.48832e9,
    PonTechnology.XGS_PON: 9.95328e9,
}
"""Upstream line rate of each PON technology in bit/s (ITU-T G.984, G.987, G.9807)."""


def busy_seconds(settings: CheckSettings) -> float:
    """The busy window in seconds (at least one second)."""
    return max(settings.busy_window * 3600, 1.0)


def upload_demand(site: Site, settings: CheckSettings) -> float:
    """Bit/s a site uploads when its day's studies go up within the busy window.

    Examples:
        >>> from medinfra.model import CheckSettings
        >>> # 109.6 GB a day over 8 h: 109.6e9 x 8 / 28,800 s = 30.44 Mbit/s
        >>> round(109.6e9 * 8 / busy_seconds(CheckSettings()) / 1e6, 2)
        30.44
    """
    if site.imaging is None:
        return 0.0
    return site.imaging.bytes_per_day * 8 / busy_seconds(settings)


def uplink_capacity(site: Site) -> float:
    """What the uplinks carry: for a 1+1 site the smallest line (after a failure one line
    carries everything), otherwise the sum of the lines."""
    bandwidths = [line.bandwidth for line in site.uplinks]
    if not bandwidths:
        return 0.0
    if site.wan_protection is Protection.ONE_PLUS_ONE and len(bandwidths) >= 2:
        return float(min(bandwidths))
    return float(sum(bandwidths))


@rule(
    "MI-CAP-001",
    Family.CAPACITY,
    Severity.ERROR,
    "A site's image upload fits its uplinks",
    fix=(
        "raise the uplinks' bandwidth, add an uplink, or spread the upload over a longer "
        "busy_window"
    ),
)
def site_uplinks(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A site's daily imaging (studies/day x average study size, all modalities) uploaded
    within ``settings.busy_window`` hours must fit in ``settings.uplink_max_utilisation`` of
    its uplink capacity. For a 1+1 site the capacity is the smallest line, because after a
    failure one line carries everything; otherwise the lines add up."""
    for s, site in enumerate(topology.sites):
        if site.imaging is None or not site.uplinks:
            continue
        demand = upload_demand(site, settings)
        capacity = uplink_capacity(site)
        allowed = capacity * settings.uplink_max_utilisation
        if demand > allowed:
            basis = (
                "one line after a failure"
                if site.wan_protection is Protection.ONE_PLUS_ONE and len(site.uplinks) >= 2
                else "all uplinks"
            )
            yield Finding(
                "MI-CAP-001",
                ("sites", s, "imaging"),
                f"site {site.id} uploads {size(site.imaging.bytes_per_day)}/day = "
                f"{rate(demand)} over the {settings.busy_window:g} h busy window, more than "
                f"{percent(settings.uplink_max_utilisation)} of {rate(capacity)} ({basis}) = "
                f"{rate(allowed)}",
            )


def data_centre_demand(
    topology: Topology, settings: CheckSettings
) -> tuple[dict[str, float], dict[str, int]]:
    """Per data centre: the upload (bit/s) of the sites whose uplinks reach it, and how many
    sites those are (a site homed on both of an active-active pair counts at each)."""
    index = index_of(topology)
    demand: dict[str, float] = defaultdict(float)
    sites: dict[str, int] = defaultdict(int)
    for site in topology.sites:
        centres = {index.data_centre_of(line.z.device) for line in site.uplinks} - {None}
        load = upload_demand(site, settings)
        for centre in centres:
            demand[str(centre)] += load
            sites[str(centre)] += 1
    return demand, sites


@rule(
    "MI-CAP-002",
    Family.CAPACITY,
    Severity.ERROR,
    "The regional upload fits the data centre's WAN capacity",
    fix="raise the data centre's wan_capacity or move sites to another data centre",
)
def data_centre_side(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """The image upload of every site with an uplink ending on a data centre, added up,
    must fit in ``uplink_max_utilisation`` of that data centre's ``wan_capacity`` (the
    Longgang platform sizes 6 Gbit/s for its daily upload). With an active-active pair a
    site homed on both may send everything to either one, so each data centre is sized for
    all the sites that reach it. Data centres without ``wan_capacity`` are not rated."""
    demand, sites = data_centre_demand(topology, settings)
    for s, site in enumerate(topology.sites):
        if site.wan_capacity is None or site.id not in demand:
            continue
        allowed = site.wan_capacity * settings.uplink_max_utilisation
        if demand[site.id] > allowed:
            yield Finding(
                "MI-CAP-002",
                ("sites", s, "wan_capacity"),
                f"data centre {site.id} receives {rate(demand[site.id])} from "
                f"{sites[site.id]} sites, more than {percent(settings.uplink_max_utilisation)} "
                f"of its WAN capacity {rate(site.wan_capacity)} = {rate(allowed)}",
            )


def pon_load(port: PonPort, services: dict[str, Service]) -> float:
    """Upstream bandwidth the DBA profiles of all ONTs on ``port`` guarantee (fixed +
    assured), in bit/s."""
    total = 0.0
    for *_, ont in port.placed_onts():
        for service_id in set(ont.services):
            service = services.get(service_id)
            if service is not None and service.pon_profile is not None:
                total += service.pon_profile.guaranteed
    return total


@rule(
    "MI-CAP-003",
    Family.CAPACITY,
    Severity.ERROR,
    "Guaranteed PON bandwidth fits the port",
    fix=(
        "move ONTs to another PON port, lower their guaranteed bandwidth, or use a faster PON"
        " technology"
    ),
)
def pon_port_load(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """The fixed and assured bandwidth the DBA profiles of a PON port's ONTs guarantee,
    added up, must fit the upstream line rate of the port's technology: GPON 1.244 Gbit/s,
    XG-PON 2.488 Gbit/s, XGS-PON 9.953 Gbit/s. Otherwise the OLT cannot honour the
    guarantees when every ONT is busy."""
    services = index_of(topology).services
    for visit in pon_ports(topology):
        load = pon_load(visit.port, services)
        line_rate = UPSTREAM_LINE_RATE[visit.port.technology]
        if load > line_rate:
            yield Finding(
                "MI-CAP-003",
                (*visit.path, "port"),
                f"{visit.olt.device} PON port {visit.port.port} guarantees {rate(load)} "
                f"upstream, more than the {visit.port.technology.value} line rate "
                f"{rate(line_rate)}",
            )


@rule(
    "MI-CAP-004",
    Family.CAPACITY,
    Severity.ERROR,
    "Imaging gateways can forward the upload",
    fix="add an imaging gateway or raise the gateways' throughput",
)
def gateway_limit(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A site's imaging gateways forward every study to the regional archive: their
    ``upload_limit`` added up must cover the site's upload over the busy window."""
    for s, site in enumerate(topology.sites):
        if not site.imaging_gateways or site.imaging is None:
            continue
        demand = upload_demand(site, settings)
        limit = sum(gateway.upload_limit for gateway in site.imaging_gateways)
        if demand > limit:
            yield Finding(
                "MI-CAP-004",
                ("sites", s, "imaging_gateways"),
                f"site {site.id} uploads {rate(demand)} but its imaging gateways are limited "
                f"to {rate(limit)}",
            )
