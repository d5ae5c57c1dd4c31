"""iBGP between the data-centre edges, derived from the model: which edge peers with which,
at what address.

Edges with a handoff on one subnet (``sites[].handoffs[]``: a data centre's provider network,
or the other data centre's, stretched over the interconnect as a ``standby`` leg) peer over
iBGP in the AS the data centres declare (``data_centres.as_number``). A pair of edges that
shares several subnets peers once, over the lowest of them (by network address), so both ends
name the same two addresses. Each edge announces only the sites it holds over its own lines
(see :mod:`medinfra.render.routing`); nothing here is free text.

Linear: each handoff is visited once per subnet it shares, and a subnet holds a few edges.
"""

from dataclasses import dataclass
from ipaddress import IPv4Interface, IPv4Network

from medinfra.model.handoffs import DataCentreHandoff
from medinfra.model.index import ModelPath, PerTopology, TopologyIndex, index_of
from medinfra.model.topology import Topology


@dataclass(frozen=True, slots=True)
class Peer:
    """One iBGP session as one edge sees it."""

    hostname: str
    """The other edge."""
    address: IPv4Interface
    """The other edge's handoff address on the shared subnet (what ``peer X`` names)."""
    local: IPv4Interface
    """This edge's address on that subnet (the session's source)."""
    path: ModelPath
    """The model path of the other edge's handoff."""
    local_path: ModelPath
    """The model path of this edge's handoff."""

    @property
    def subnet(self) -> IPv4Network:
        """The shared subnet."""
        return self.address.network


def _network_key(network: IPv4Network) -> tuple[int, int]:
    return int(network.network_address), network.prefixlen


def _build(topology: Topology) -> dict[str, list[Peer]]:
    index = index_of(topology)
    on_subnet: dict[IPv4Network, list[tuple[ModelPath, DataCentreHandoff]]] = {}
    for entries in index.handoffs.values():
        for path, handoff in entries:
            on_subnet.setdefault(handoff.address.network, []).append((path, handoff))
    peers: dict[str, dict[str, Peer]] = {}
    for subnet in sorted(on_subnet, key=_network_key):
        entries = on_subnet[subnet]
        for mine_path, mine in entries:
            for other_path, other in entries:
                if other.device == mine.device:
                    continue
                found = peers.setdefault(mine.device, {})
                if other.device not in found:  # the lowest shared subnet wins
                    found[other.device] = Peer(
                        other.device, other.address, mine.address, other_path, mine_path
                    )
    return {
        host: sorted(found.values(), key=lambda peer: int(peer.address.ip))
        for host, found in peers.items()
    }


_peers: PerTopology[dict[str, list[Peer]]] = PerTopology(_build)


def ibgp_peers(index: TopologyIndex, hostname: str) -> list[Peer]:
    """The iBGP peers of the edge ``hostname``, by address (none: it shares no subnet)."""
    return _peers(index.topology).get(hostname, [])


def peerings(topology: Topology) -> dict[str, list[Peer]]:
    """Every edge's iBGP peers, by hostname."""
    return _peers(topology)
