"""Static routing of CPEs and data-centre edges: what each device forwards where, and how a
1+1 site's forward and return paths fail over together.

A CPE routes its LAN's ranges and the management networks of the site's other devices (an
OLT) to the campus core (``lan.next_hop``) and everything the data
centres reach (the cloud's ranges, the management networks, the rest of its own zones) over
its uplinks: the site's first uplink preferred, each further one a backup with a higher
preference value, every route tracked by the BFD session of its line. A data-centre edge
routes each site's ranges over that site's lines on the edge, with the same preference the
site gives the line (so the return path follows the forward path), and, for a site whose
next line ends on another edge of the same data-centre core, a last backup through that
edge's handoff address: when the line fails, BFD withdraws the route, and traffic the core
still sends here crosses to the edge that holds the site's next line. An edge without a line
to a site (a clinic on one line to the other edge) routes it across too. Only later lines
are backups (never an earlier one): two edges never route one site's ranges to each other.
Towards the cloud, the edge routes each tenant's cloud zones to the tenant's router on the
handoff subnet (``cloud.tenants[].uplinks``), and a handoff's ``reaches`` to its
``next_hops`` in order.
"""

from collections.abc import Iterator
from ipaddress import IPv4Network
from typing import Any

from medinfra.model import DataCentreHandoff, Device, DeviceRole, Site
from medinfra.platforms import management_vpn
from medinfra.render.filters import bfd_name
from medinfra.render.index import LineEnd, RenderIndex

Context = dict[str, Any]

DEFAULT_PREFERENCE = 60
"""VRP's preference of a static route (lower wins); a primary route prints none."""
BACKUP_PREFERENCE_STEP = 10
"""Each further line of a site is this much less preferred than the one before."""


def routes_context(
    device: Device, site: Site, ends: list[LineEnd], index: RenderIndex
) -> list[Context]:
    """Every static route of ``device``, sorted by prefix then next hop."""
    routes: list[Context] = []
    if device.role is DeviceRole.CPE:
        routes.extend(_cpe_routes(site, ends, index))
    else:
        routes.extend(_edge_routes(device, ends, index))
    routes.extend(_management_routes(device, index))
    return sorted(routes, key=_route_key)


def _cpe_routes(site: Site, ends: list[LineEnd], index: RenderIndex) -> Iterator[Context]:
    uplinks = sorted((ref for ref in ends if ref.end == "a"), key=lambda r: _rank(site, r))
    for rank, ref in enumerate(uplinks):
        for prefix in index.model.uplink_prefixes(site):
            yield _line_route(prefix, ref, rank)
    lan = site.lan
    if lan is None or lan.next_hop is None:
        return
    lan_prefixes = index.model.lan_prefixes(site)
    for prefix in lan_prefixes:
        if not prefix.subnet_of(lan.address.network):
            yield _route(prefix, str(lan.next_hop), None, None)
    # the management networks of the site's other devices (an OLT on the campus) that the
    # CPE holds no address in and no LAN range covers: through the campus core as well
    connected = {
        lan.address.network,
        *(d.management.address.network for d in site.devices if d.hostname == lan.device),
    }
    behind = {d.management.address.network for d in site.devices if d.hostname != lan.device}
    for network in sorted(behind - connected, key=lambda n: (int(n.network_address), n.prefixlen)):
        if not any(network.subnet_of(prefix) for prefix in lan_prefixes):
            yield _route(network, str(lan.next_hop), None, None)


def _edge_routes(device: Device, ends: list[LineEnd], index: RenderIndex) -> Iterator[Context]:
    model = index.model
    best: dict[str, int] = {}
    for ref in ends:
        site = model.device_site.get(ref.line.a.device)
        if ref.end != "z" or site is None:
            continue
        rank = _rank(site, ref)
        best[site.id] = min(rank, best.get(site.id, rank))
        yield from (_line_route(prefix, ref, rank) for prefix in model.site_prefixes(site))
    for site in _neighbour_sites(device, index):
        across = _across(device, site, best.get(site.id, -1), index)
        if across is not None:
            preference = DEFAULT_PREFERENCE + BACKUP_PREFERENCE_STEP * len(site.uplinks)
            for prefix in model.site_prefixes(site):
                yield _route(prefix, across, None, preference)
    for _, handoff in model.handoffs.get(device.hostname, []):
        for prefix, hop, rank in model.handoff_routes(handoff):
            yield _route(prefix, hop, None, _preference(rank))


def _neighbour_sites(device: Device, index: RenderIndex) -> list[Site]:
    """The sites with a line on an edge that shares a handoff subnet with ``device`` (itself
    included), in line order: only these can be routed across (linear in their lines)."""
    model = index.model
    subnets = {handoff.address.network for _, handoff in model.handoffs.get(device.hostname, [])}
    if not subnets:
        return []
    edges = [
        hostname
        for hostname, found in model.handoffs.items()
        if any(handoff.address.network in subnets for _, handoff in found)
    ]
    sites: dict[str, Site] = {}
    for hostname in edges:
        for ref in model.ends.get(hostname, []):
            site = model.device_site.get(ref.line.a.device)
            if ref.end == "z" and site is not None:
                sites.setdefault(site.id, site)
    return list(sites.values())


def _across(device: Device, site: Site, rank: int, index: RenderIndex) -> str | None:
    """The handoff address of the edge that holds ``site``'s next line after ``rank`` (the
    device's best line of the site; -1: it has none), when that edge shares a handoff subnet
    with ``device`` (None otherwise)."""
    own = [handoff for _, handoff in index.model.handoffs.get(device.hostname, [])]
    for line in site.uplinks[rank + 1 :]:
        if line.z.device == device.hostname:
            continue
        for _, other in index.model.handoffs.get(line.z.device, []):
            if any(_same_subnet(mine, other) for mine in own):
                return str(other.address.ip)
    return None


def _same_subnet(mine: DataCentreHandoff, other: DataCentreHandoff) -> bool:
    return mine.address.network == other.address.network


def _management_routes(device: Device, index: RenderIndex) -> Iterator[Context]:
    gateway = device.management.gateway
    if gateway is None:
        return
    vpn = management_vpn(device)
    for network in index.topology.management.networks:
        if network != device.management.address.network:
            yield _route(network, str(gateway.ip), None, None, vpn)


def _rank(site: Site, ref: LineEnd) -> int:
    """The line's place among the site's uplinks (0: the primary)."""
    for position, line in enumerate(site.uplinks):
        if line.id == ref.line.id:
            return position
    return len(site.uplinks)


def _preference(rank: int) -> int | None:
    return None if rank == 0 else DEFAULT_PREFERENCE + BACKUP_PREFERENCE_STEP * rank


def _line_route(prefix: IPv4Network, ref: LineEnd, rank: int) -> Context:
    peer = ref.line.z if ref.end == "a" else ref.line.a
    session = bfd_name(ref.local_interface, ref.line.vlan)
    return _route(prefix, str(peer.address.ip), session, _preference(rank))


def _route(
    prefix: IPv4Network, hop: str, bfd: str | None, pref: int | None, vpn: str | None = None
) -> Context:
    return {"prefix": str(prefix), "next_hop": hop, "bfd": bfd, "pref": pref, "vpn": vpn}


def _route_key(route: Context) -> tuple[int, int, int]:
    network = IPv4Network(route["prefix"])
    hop = int(IPv4Network(route["next_hop"]).network_address)
    return int(network.network_address), network.prefixlen, hop
