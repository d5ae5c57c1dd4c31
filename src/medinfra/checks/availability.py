"""Availability: each site's end-to-end availability from its components, against its target."""

import math
from collections.abc import Iterable, Iterator, Sequence

from medinfra.checks.quantities import percent
from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.devices import DeviceRole
from medinfra.model.index import TopologyIndex, index_of
from medinfra.model.settings import CheckSettings
from medinfra.model.site import Site, SiteKind
from medinfra.model.topology import Topology

MINUTES_PER_YEAR = 525_600


def series(parts: Iterable[float]) -> float:
    """Availability of components that must all work: the product.

    Examples:
        >>> round(series([0.999, 0.999]), 6)
        0.998001
    """
    return math.prod(parts)


def parallel(parts: Iterable[float]) -> float:
    """Availability of independent redundant components (1+1): one minus the product of
    unavailabilities.

    Examples:
        >>> round(parallel([0.999, 0.999]), 6)
        0.999999
    """
    return 1 - math.prod(1 - part for part in parts)


def downtime_minutes(availability: float) -> float:
    """Expected minutes a year down: (1 - A) x 525,600.

    Examples:
        >>> round(downtime_minutes(0.9995), 1)
        262.8
    """
    return (1 - availability) * MINUTES_PER_YEAR


def _device(index: TopologyIndex, hostname: str, settings: CheckSettings) -> float:
    defaults = settings.availability
    device = index.devices.get(hostname)
    if device is None:
        return defaults.other_device
    if device.availability is not None:
        return device.availability
    by_role = {
        DeviceRole.CPE: defaults.cpe,
        DeviceRole.DC_EDGE: defaults.dc_edge,
        DeviceRole.OLT: defaults.olt,
    }
    return by_role.get(device.role, defaults.other_device)


def _paths(site: Site, index: TopologyIndex, settings: CheckSettings) -> list[dict[str, float]]:
    """One dict of components (key -> availability) per uplink path."""
    paths = []
    for line in site.uplinks:
        components = {
            f"device {line.a.device}": _device(index, line.a.device, settings),
            f"line {line.id}": line.availability
            if line.availability is not None
            else settings.availability.private_line,
            f"device {line.z.device}": _device(index, line.z.device, settings),
        }
        centre = index.data_centre_of(line.z.device)
        if centre is not None:
            components[f"data centre {centre}"] = settings.availability.data_centre
        paths.append(components)
    return paths


def combine(paths: Sequence[dict[str, float]]) -> float:
    """Components common to every path in series with the parallel of each path's own.

    Examples:
        >>> shared = {"cpe": 0.9999, "dc": 0.9999}
        >>> a = {**shared, "line a": 0.999}
        >>> b = {**shared, "line b": 0.999}
        >>> round(combine([a, b]), 8) == round(0.9999 * 0.9999 * (1 - 0.001**2), 8)
        True
    """
    common = set(paths[0]).intersection(*paths[1:])
    own = [series(v for k, v in path.items() if k not in common) for path in paths]
    # in path order, not set order: the same topology always gives the same float
    return series(v for k, v in paths[0].items() if k in common) * parallel(own)


def site_availability(topology: Topology, site: Site, settings: CheckSettings) -> float | None:
    """End-to-end availability of ``site`` (None for data centres and sites without uplinks)."""
    if site.kind is SiteKind.DATA_CENTRE or not site.uplinks:
        return None
    return combine(_paths(site, index_of(topology), settings))


def site_target(topology: Topology, site: Site) -> float:
    """The site's own target, or the topology's."""
    if site.availability_target is not None:
        return site.availability_target
    return topology.availability_target


@rule(
    "MI-AV-001",
    Family.AVAILABILITY,
    Severity.ERROR,
    "Site availability meets its target",
    fix=(
        "set the site's own availability_target, add a second private line on another path "
        "(wan_protection: 1+1), or suppress MI-AV-001 on the site with a reason"
    ),
)
def site_target_met(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Each site's end-to-end availability, from its WAN components, is at least its
    ``availability_target`` (or the topology's).

    Model: every uplink is a path made of the A-end device (the CPE), the private line,
    the Z-end device (the data-centre edge) and the data centre that holds it. Components
    that every path shares (one CPE for both lines, the single data centre) are in series
    with the parallel combination of what each path has on its own:
    A = prod(shared) x (1 - prod(1 - A_path)), A_path = prod(path's own components).
    With an active-active pair each path carries its own data centre, so the pair is in
    parallel. Paths are assumed to fail independently (MI-WAN-002 checks the physical paths).
    Availabilities come from the device or line, else ``settings.availability`` by role
    (CPE 99.99%, DC edge 99.999%, private line 99.9%, data centre 99.99%). Downtime a year
    is (1 - A) x 525,600 min: 99.95% allows 262.8 min/year, 99.99% 52.56 min/year.
    Data centres themselves and sites without uplinks are not rated (see MI-WAN-005)."""
    for s, site in enumerate(topology.sites):
        availability = site_availability(topology, site, settings)
        if availability is None:
            continue
        target = site_target(topology, site)
        if availability < target:
            yield Finding(
                "MI-AV-001",
                ("sites", s, "uplinks"),
                f"site {site.id} end-to-end availability {percent(availability)} "
                f"({downtime_minutes(availability):.1f} min/year down) is below the target "
                f"{percent(target)} ({downtime_minutes(target):.1f} min/year)",
            )
