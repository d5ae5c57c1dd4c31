"""Flows: what the edge routes to each site, and where each imaging gateway's studies go."""

from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network, ip_address

from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.cloud import PolicyAction, Tenant, Zone
from medinfra.model.gateways import ImagingGateway
from medinfra.model.index import ModelPath, index_of, site_ranges
from medinfra.model.services import Service, TransportProtocol
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology


@rule(
    "MI-FLOW-001",
    Family.FLOW,
    Severity.ERROR,
    "No address range is routed to two sites",
    fix=(
        "give each site its own management range (a /28 or /29 per site, not one shared "
        "/24), or move the range to the one site it really belongs to"
    ),
)
def range_on_two_sites(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """The data-centre edge routes every range behind a site's lines (its devices' and
    imaging gateways' management networks, the on-premises zones of its own tenant) over
    that site's lines. A range behind two sites' lines gives the edge one route per site
    to the same prefix through different sites' lines: equal-cost routes that send a
    site's traffic to a random other site. Only sites with uplinks are routed to; a range
    several devices of one site share is fine."""
    first: dict[IPv4Network, tuple[str, ModelPath]] = {}
    for s, site in enumerate(topology.sites):
        if not site.uplinks:
            continue
        seen: set[IPv4Network] = set()
        for network, path in site_ranges(topology, s):
            if network in seen:
                continue
            seen.add(network)
            owner = first.get(network)
            if owner is None:
                first[network] = (site.id, path)
                continue
            yield Finding(
                "MI-FLOW-001",
                path,
                f"range {network} of site {site.id} is also behind the lines of site "
                f"{owner[0]}: the edge routes it to both sites",
                related=owner[1],
            )


def _address(host: str) -> IPv4Address | None:
    try:
        found = ip_address(host)
    except ValueError:
        return None
    return found if isinstance(found, IPv4Address) else None


def _archive_zones(topology: Topology, host: IPv4Address) -> list[tuple[Tenant, Zone]]:
    return [
        (tenant, zone)
        for tenant in topology.cloud.tenants
        for zone in tenant.zones
        if any(host in network for network in zone.ranges)
    ]


def _carries(service: Service | None, port: int) -> bool:
    if service is None:
        return False
    return any(
        entry.protocol is TransportProtocol.TCP
        and entry.port is not None
        and entry.port <= port <= (entry.port_end or entry.port)
        for entry in service.ports
    )


def _permitted(topology: Topology, gateway: ImagingGateway, tenant: Tenant, zone: Zone) -> bool:
    """The first policy of ``tenant`` from the gateway's zone to ``zone`` carrying the
    archive's port decides; without one, the tenant's default action."""
    if tenant.id != gateway.tenant:
        return False
    services = index_of(topology).services
    for policy in tenant.policies:
        if policy.source != gateway.zone or policy.destination != zone.id:
            continue
        if any(_carries(services.get(s), gateway.archive.port) for s in policy.services):
            return policy.action is PolicyAction.PERMIT
    return tenant.default_action is PolicyAction.PERMIT


def _archive_problem(topology: Topology, gateway: ImagingGateway) -> str | None:
    archive = gateway.archive
    host = _address(archive.host)
    where = f"imaging gateway {gateway.hostname} forwards to archive {archive.ae_title} at "
    if host is None:
        return f"{where}'{archive.host}', a name no zone can hold"
    zones = _archive_zones(topology, host)
    if not zones:
        return f"{where}{host}, which is in no zone of any tenant"
    if not any(_permitted(topology, gateway, tenant, zone) for tenant, zone in zones):
        names = ", ".join(f"{tenant.id}/{zone.id}" for tenant, zone in zones)
        return (
            f"{where}{host}:{archive.port} in zone {names}, but no policy of tenant "
            f"{gateway.tenant} permits TCP {archive.port} from zone {gateway.zone} to it"
        )
    return None


@rule(
    "MI-FLOW-002",
    Family.FLOW,
    Severity.ERROR,
    "Each imaging gateway's archive is in a zone a policy lets it reach",
    fix=(
        "give the archive an address in a zone of the gateway's tenant and a permit policy "
        "from the gateway's zone to that zone with a service carrying the archive's port"
    ),
)
def gateway_archive(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """An imaging gateway forwards every study to its regional archive. The archive's
    address must lie in a zone of the gateway's tenant, and the first policy from the
    gateway's zone to that zone whose services carry the archive's TCP port must permit
    (or, with no such policy, the tenant's default action must). Otherwise studies stay on
    the gateway while every layer validates on its own. An archive given by name cannot be
    placed in a zone, so it is a finding too."""
    for s, site in enumerate(topology.sites):
        for g, gateway in enumerate(site.imaging_gateways):
            problem = _archive_problem(topology, gateway)
            if problem is not None:
                yield Finding(
                    "MI-FLOW-002",
                    ("sites", s, "imaging_gateways", g, "archive", "host"),
                    problem,
                    searched=("cloud", "tenants"),
                )
