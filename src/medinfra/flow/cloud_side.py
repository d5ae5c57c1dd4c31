"""The cloud side of a flow: the tenant router's route towards the data-centre edge (its
uplink: the gateway on the edge's provider network and a route per on-premises range, as
:class:`medinfra.model.uplinks.RouterUplink` defines them) and the handoff it reaches."""

from ipaddress import IPv4Network

from medinfra.flow.endpoints import Endpoint
from medinfra.flow.firewall import ZoneAt
from medinfra.flow.hops import Break, Failure, Hop, Layer
from medinfra.flow.network import FlowNetwork


def _most_specific(ranges: tuple[IPv4Network, ...], dest: Endpoint) -> IPv4Network | None:
    found = [network for network in ranges if dest.address in network]
    return max(found, key=lambda network: network.prefixlen) if found else None


class CloudSide:
    """Tenant router hops of one topology, with one set of elements down."""

    def __init__(self, net: FlowNetwork, failure: Failure, devices_down: set[str]) -> None:
        self.net = net
        self.failure = failure
        self.devices_down = devices_down

    def leave(self, at: ZoneAt, dest: Endpoint, hops: list[Hop]) -> Break | str:
        """The tenant router's hop towards ``dest`` behind the edge; the edge reached."""
        tenant = at.tenant
        tenant_path = ("cloud", "tenants", at.t)
        alive = [
            (u, uplink)
            for u, uplink in enumerate(tenant.uplinks)
            if uplink.data_centre not in self.failure.data_centres
        ]
        if not alive:
            why = " alive" if tenant.uplinks else ""
            return Break(
                Layer.TENANT_ROUTER,
                tenant_path,
                f"tenant {tenant.id} has no uplink{why} (router gateway on the edge's provider "
                f"network) towards the data-centre edge for {dest.address} ({dest.kind} "
                f"{dest.name})",
            )
        u, uplink = alive[0]
        uplink_path = (*tenant_path, "uplinks", u)
        network = _most_specific(tenant.on_premises_ranges, dest)
        if network is None:
            ranges = ", ".join(str(n) for n in tenant.on_premises_ranges) or "none"
            return Break(
                Layer.TENANT_ROUTER,
                uplink_path,
                f"tenant {tenant.id}'s router has no route to {dest.address} ({dest.kind} "
                f"{dest.name}): it routes only its on-premises zones ({ranges}) to the edge",
            )
        hops.append(
            Hop(
                Layer.TENANT_ROUTER,
                f"router of {tenant.id}: {network} via {uplink.next_hop} (gateway "
                f"{uplink.router_address} on {uplink.external_network})",
                uplink_path,
                line=f"router {tenant.id} route {network} nexthop {uplink.next_hop}",
            )
        )
        edges = [
            edge for edge in self.net.edges_at(uplink.next_hop) if edge not in self.devices_down
        ]
        if not edges:
            return Break(
                Layer.CLOUD_HANDOFF,
                (*uplink_path, "next_hop"),
                self._down(
                    f"next hop {uplink.next_hop} of tenant {tenant.id}'s router is no "
                    "data-centre edge's handoff address in the model"
                ),
            )
        edge = self.net.routed(edges[0])
        assert edge is not None
        handoff = edge.handoff_towards(uplink.next_hop)
        assert handoff is not None
        if not handoff.rendered:
            return Break(
                Layer.CLOUD_HANDOFF,
                handoff.path,
                f"{edges[0]}'s handoff {handoff.interface} {handoff.address} is in the model "
                "but not in its rendered configuration",
            )
        hops.append(
            Hop(
                Layer.CLOUD_HANDOFF,
                f"{edges[0]} {handoff.interface} {handoff.address} answers {uplink.next_hop}",
                handoff.path,
                edges[0],
                ("interface", handoff.interface),
                elements=frozenset({f"device:{edges[0]}"}),
            )
        )
        return edges[0]

    def _down(self, why: str) -> str:
        return f"{why} ({self.failure.label})" if self.failure.label else why
