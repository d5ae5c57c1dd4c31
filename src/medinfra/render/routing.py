"""Static routing of CPEs and data-centre edges: what each device forwards where, and how a
1+1 site's forward and return paths fail over together.

A CPE routes its LAN's ranges and the management networks of the site's other devices (an
OLT) to the campus core (``lan.next_hop``) and everything the data
centres reach (the cloud's ranges, the management networks, the rest of its own zones) over
its uplinks: the site's first uplink preferred, each further one a backup with a higher
preference value, every route tracked by the BFD session of its line. A data-centre edge
routes each site's ranges over that site's lines on the edge, with the same preference the
site gives the line (so the return path follows the forward path), each route tagged
(:data:`LINE_ROUTE_TAG`) when the edge has iBGP peers. The edges of a handoff subnet peer
over iBGP (:mod:`medinfra.model.peering`) and each imports only its tagged static routes
(``import-route static route-policy``), i.e. the sites it holds over its own lines while
those lines are up: BGP imports active static routes only, so when BFD withdraws a line's
route its announcement goes too, and an iBGP route is never announced to another iBGP peer.
The other edge's announcement (preference 255, below every static route) is what an edge
uses for a site whose line on it is down or that it has no line to; with both of a site's
lines down neither edge announces it and neither routes it (no loop).
Towards the cloud, the edge routes each tenant's cloud zones to the tenant's router on the
handoff subnet (``cloud.tenants[].uplinks``), and a handoff's ``reaches`` to its
``next_hops`` in order.
"""

from collections.abc import Iterator
from ipaddress import IPv4Network
from typing import Any

from medinfra.model import Device, DeviceRole, Site
from medinfra.model.addresses import parsed_address, parsed_network
from medinfra.model.peering import ibgp_peers
from medinfra.platforms import management_vpn
from medinfra.render.filters import bfd_name
from medinfra.render.index import LineEnd, RenderIndex

Context = dict[str, Any]

DEFAULT_PREFERENCE = 60
"""VRP's preference of a static route (lower wins); a primary route prints none."""
BACKUP_PREFERENCE_STEP = 10
"""Each further line of a site is this much less preferred than the one before."""
BGP_PREFERENCE = 255
"""VRP's preference of a BGP route, internal and external alike (NE40E V800R012 command
reference, ``preference`` in the BGP-IPv4 unicast view): below every static route, so an
edge's own line route wins while it is up."""
LINE_ROUTE_TAG = 1616
"""The tag of an edge's routes over its own lines: the one thing its iBGP imports."""
SITE_LINES_POLICY = "medinfra-site-lines"
"""The route-policy that lets only the tagged line routes into BGP (a route that matches no
node is denied)."""
POLICY_NODE = 10


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
    tag = LINE_ROUTE_TAG if bgp_context(device, index) is not None else None
    for ref in ends:
        site = model.device_site.get(ref.line.a.device)
        if ref.end != "z" or site is None:
            continue
        rank = _rank(site, ref)
        for prefix in model.site_prefixes(site):
            yield _line_route(prefix, ref, rank, tag)
    for _, handoff in model.handoffs.get(device.hostname, []):
        for prefix, hop, rank in model.handoff_routes(handoff):
            yield _route(prefix, hop, None, _preference(rank))


def bgp_context(device: Device, index: RenderIndex) -> Context | None:
    """The iBGP of a data-centre edge (None: it shares no handoff subnet with another edge):
    the AS, each peer's address (the other edge's handoff address on the shared subnet) and
    the route-policy that imports the edge's tagged line routes only."""
    peers = ibgp_peers(index.model, device.hostname)
    as_number = index.topology.data_centres.as_number
    if not peers or as_number is None:
        return None
    return {
        "as_number": as_number,
        "peers": [
            {"address": str(peer.address.ip), "hostname": peer.hostname, "subnet": str(peer.subnet)}
            for peer in peers
        ],
        "policy": SITE_LINES_POLICY,
        "node": POLICY_NODE,
        "tag": LINE_ROUTE_TAG,
    }


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


def _line_route(prefix: IPv4Network, ref: LineEnd, rank: int, tag: int | None = None) -> Context:
    peer = ref.line.z if ref.end == "a" else ref.line.a
    session = bfd_name(ref.local_interface, ref.line.vlan)
    return _route(prefix, str(peer.address.ip), session, _preference(rank), tag=tag)


def _route(
    prefix: IPv4Network,
    hop: str,
    bfd: str | None,
    pref: int | None,
    vpn: str | None = None,
    *,
    tag: int | None = None,
) -> Context:
    return {
        "prefix": str(prefix),
        "next_hop": hop,
        "bfd": bfd,
        "pref": pref,
        "vpn": vpn,
        "tag": tag,
    }


def _route_key(route: Context) -> tuple[int, int, int]:
    network = parsed_network(route["prefix"])
    hop = int(parsed_address(route["next_hop"]))
    return int(network.network_address), network.prefixlen, hop
