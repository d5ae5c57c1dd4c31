"""WAN redundancy: what a site that claims 1+1 protection must really have."""

from collections.abc import Iterator

from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.devices import DeviceRole
from medinfra.model.index import index_of
from medinfra.model.settings import CheckSettings
from medinfra.model.site import Site, SiteKind
from medinfra.model.topology import Topology
from medinfra.model.wan import Protection


def _protected(topology: Topology) -> Iterator[tuple[int, Site]]:
    for s, site in enumerate(topology.sites):
        if site.wan_protection is Protection.ONE_PLUS_ONE:
            yield s, site


@rule("MI-WAN-001", Family.WAN, Severity.ERROR, "A 1+1 site has at least two uplinks")
def two_uplinks(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A site with ``wan_protection: 1+1`` keeps two independent private lines to the data
    centre(s); with fewer, one fibre cut takes the site off the image cloud."""
    for s, site in _protected(topology):
        if len(site.uplinks) < 2:
            yield Finding(
                "MI-WAN-001",
                ("sites", s, "wan_protection"),
                f"site {site.id} claims 1+1 protection but has {len(site.uplinks)} uplink(s); "
                "add a second private line or set wan_protection: none",
            )


@rule(
    "MI-WAN-002",
    Family.WAN,
    Severity.ERROR,
    "1+1 uplinks take different physical paths",
    fix="order the second line on a different physical route and give it its own path_id",
)
def distinct_paths(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Two private lines in the same duct fail together: the uplinks of a 1+1 site must
    carry different carrier physical path ids (``path_id``)."""
    for s, site in _protected(topology):
        seen: dict[str, str] = {}
        for u, line in enumerate(site.uplinks):
            other = seen.setdefault(line.path_id, line.id)
            if other != line.id:
                yield Finding(
                    "MI-WAN-002",
                    ("sites", s, "uplinks", u, "path_id"),
                    f"site {site.id}: uplinks '{other}' and '{line.id}' share physical path "
                    f"'{line.path_id}', so one cut takes both down",
                )


@rule(
    "MI-WAN-003",
    Family.WAN,
    Severity.ERROR,
    "With active-active data centres, 1+1 uplinks end on both",
)
def both_data_centres(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Where the topology has an active-active data-centre pair, the uplinks of a 1+1 site
    end on different data centres, so that either can take over when the other fails."""
    index = index_of(topology)
    if not index.active_active:
        return
    for s, site in _protected(topology):
        if len(site.uplinks) < 2:
            continue
        ends = {index.data_centre_of(line.z.device) for line in site.uplinks} - {None}
        if len(ends) < 2:
            where = ", ".join(sorted(str(e) for e in ends)) or "no data centre"
            yield Finding(
                "MI-WAN-003",
                ("sites", s, "uplinks"),
                f"site {site.id}: all {len(site.uplinks)} uplinks end on {where}; with the "
                f"active-active pair {', '.join(topology.data_centres.sites)} they must end on "
                "both",
            )


@rule(
    "MI-WAN-004",
    Family.WAN,
    Severity.ERROR,
    "Uplinks end on a data-centre edge router",
    fix="end the uplink on a dc_edge router of a site listed in data_centres.sites",
)
def ends_on_edge(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """The Z end of every site uplink is a ``dc_edge`` device of one of the topology's data
    centres (``data_centres.sites``)."""
    index = index_of(topology)
    for s, site in enumerate(topology.sites):
        for u, line in enumerate(site.uplinks):
            hostname = line.z.device
            centre = index.data_centre_of(hostname)
            device = index.devices.get(hostname)
            if centre is None or centre not in index.data_centres:
                problem = "is not in one of the topology's data centres"
            elif device is not None and device.role is not DeviceRole.DC_EDGE:
                problem = f"has role {device.role.value}, not dc_edge"
            else:
                continue
            yield Finding(
                "MI-WAN-004",
                ("sites", s, "uplinks", u, "z", "device"),
                f"uplink '{line.id}' ends on {hostname}, which {problem}",
            )


@rule(
    "MI-WAN-005",
    Family.WAN,
    Severity.WARNING,
    "Every site other than a data centre has an uplink",
    fix="add a private line to a data centre, or suppress MI-WAN-005 on a site reached another way",
)
def has_uplink(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A hospital, branch or health centre without a private line cannot upload images to
    the regional archive. A site that hosts a data centre (the data centre names it as
    ``parent``) reaches it on its own campus and needs none."""
    hosts = index_of(topology).hosts_data_centre()
    for s, site in enumerate(topology.sites):
        if site.kind is not SiteKind.DATA_CENTRE and not site.uplinks and site.id not in hosts:
            yield Finding(
                "MI-WAN-005",
                ("sites", s, "id"),
                f"site {site.id} ({site.kind.value}) has no uplink to a data centre",
            )


@rule(
    "MI-WAN-006",
    Family.WAN,
    Severity.WARNING,
    "1+1 uplinks end on different edge routers",
    fix="end the second uplink on the data centre's other edge router",
)
def distinct_edges(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """If both uplinks of a 1+1 site end on the same data-centre edge router, that router
    is a single point of failure for the site."""
    for s, site in _protected(topology):
        edges = {line.z.device for line in site.uplinks}
        if len(site.uplinks) >= 2 and len(edges) == 1:
            yield Finding(
                "MI-WAN-006",
                ("sites", s, "uplinks"),
                f"site {site.id}: all {len(site.uplinks)} uplinks end on {edges.pop()}, a "
                "single point of failure",
            )
