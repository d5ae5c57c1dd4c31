"""The cloud side of a flow: the tenant router's port on a cloud zone's subnet or its route
towards the data-centre edge, from the router spec the stack program declares
(:func:`medinfra.cloud.routing.tenant_router`), and the edge handoff that answers its next
hop."""

from medinfra.cloud.routing import TenantRouterSpec, Via, tenant_router
from medinfra.flow.endpoints import Endpoint
from medinfra.flow.firewall import ZoneAt
from medinfra.flow.hops import Break, Failure, Hop, Layer
from medinfra.flow.network import FlowNetwork
from medinfra.model.uplinks import RouterUplink


class CloudSide:
    """Tenant router hops of one topology, with one set of elements down."""

    def __init__(self, net: FlowNetwork, failure: Failure, devices_down: set[str]) -> None:
        self.net = net
        self.failure = failure
        self.devices_down = devices_down
        self._routers: dict[tuple[int, str | None], TenantRouterSpec] = {}

    def router(self, at: ZoneAt, data_centre: str | None) -> TenantRouterSpec:
        """The router spec of ``at``'s tenant in the stack of ``data_centre``."""
        key = (at.t, data_centre)
        if key not in self._routers:
            managed = self.net.topology.management.networks
            self._routers[key] = tenant_router(at.tenant, data_centre, managed)
        return self._routers[key]

    def connected(self, at: ZoneAt, dest: Endpoint) -> Hop | Break:
        """The tenant router's port on the subnet of ``dest``'s cloud zone (the router of
        the data centre whose cloud holds it)."""
        uplinks = at.tenant.uplinks
        first = uplinks[0].data_centre if uplinks else None
        router = self.router(at, dest.data_centre or first)
        forwarding = router.forwarding(dest.address)
        if forwarding is None or forwarding.via is not Via.CONNECTED:
            return Break(
                Layer.TENANT_ROUTER,
                ("cloud", "tenants", at.t),
                f"router {router.name} has no port on a subnet holding {dest.address}",
            )
        where = f" in data centre {dest.data_centre}" if dest.data_centre else ""
        return Hop(
            Layer.TENANT_ROUTER,
            f"router {router.name}{where}: port on {forwarding.network} (zone {forwarding.zone})",
            ("cloud", "tenants", at.t),
            line=f"openstack:networking:RouterInterface {forwarding.resource}",
        )

    def management_lan(
        self, at: ZoneAt, dest: Endpoint, hops: list[Hop], data_centre: str | None = None
    ) -> str | None:
        """The device ``dest`` when its management port is on the management LAN of one of the
        tenant's live uplinks (the router's ``management_address`` subnet, a second subnet of
        the provider network) of the router in ``data_centre`` (None: any): the router
        reaches it there directly (None: it does not)."""
        if dest.device is None:
            return None
        for u, uplink in enumerate(at.tenant.uplinks):
            if data_centre is not None and uplink.data_centre not in (None, data_centre):
                continue
            if uplink.data_centre in self.failure.data_centres:
                continue
            hop = self.lan_hop(at, u, dest)
            if hop is not None:
                hops.append(hop)
                return dest.device
        return None

    def lan_hop(self, at: ZoneAt, u: int, dest: Endpoint) -> Hop | None:
        """The hop of uplink ``u``'s router onto its management LAN, when that LAN holds
        ``dest`` (None: it does not)."""
        uplink = at.tenant.uplinks[u]
        lan = uplink.management_address
        if lan is None or dest.address not in lan.network:
            return None
        router = self.router(at, uplink.data_centre)
        return Hop(
            Layer.TENANT_ROUTER,
            f"router {router.name}: {lan.network} connected (gateway {lan} on "
            f"{uplink.external_network}, the data centre's management LAN)",
            ("cloud", "tenants", at.t, "uplinks", u, "management_address"),
            line=f"openstack:networking:Router {router.name}: external_fixed_ips "
            f"{uplink.router_address.ip}, {lan.ip}",
        )

    def leave(
        self,
        at: ZoneAt,
        dest: Endpoint,
        hops: list[Hop],
        prefer: tuple[int, int] | None,
        data_centre: str | None = None,
    ) -> Break | tuple[int, str]:
        """The tenant router's hop towards ``dest`` behind the edge (the router of
        ``data_centre`` when given, the cloud that holds the source; else by the uplink
        ``prefer`` names when it is the tenant's and up); the uplink left by and the edge
        reached."""
        chosen = self._uplink(at, dest, prefer, data_centre)
        if isinstance(chosen, Break):
            return chosen
        u, uplink = chosen
        uplink_path = ("cloud", "tenants", at.t, "uplinks", u)
        router = self.router(at, uplink.data_centre)
        forwarding = router.forwarding(dest.address)
        if forwarding is None or forwarding.via is not Via.ROUTE:
            ranges = ", ".join(str(route.destination) for route in router.routes) or "none"
            return Break(
                Layer.TENANT_ROUTER,
                uplink_path,
                f"tenant {at.tenant.id}'s router has no route to {dest.address} ({dest.kind} "
                f"{dest.name}): it routes only its on-premises zones ({ranges}) to the edge",
            )
        hops.append(
            Hop(
                Layer.TENANT_ROUTER,
                f"router {router.name}: {forwarding.network} via {forwarding.next_hop} (gateway "
                f"{uplink.router_address} on {uplink.external_network})",
                uplink_path,
                line=f"openstack:networking:RouterRoute {forwarding.resource}: destination "
                f"{forwarding.network} next_hop {forwarding.next_hop}",
            )
        )
        edge = self._edge(at, u, uplink, hops)
        return edge if isinstance(edge, Break) else (u, edge)

    def _uplink(
        self,
        at: ZoneAt,
        dest: Endpoint,
        prefer: tuple[int, int] | None,
        data_centre: str | None = None,
    ) -> tuple[int, RouterUplink] | Break:
        """The uplink of the router the traffic leaves by: ``prefer`` (the router the forward
        path reached) while its data centre is up, else the tenant's first uplink in a data
        centre that is up. Never another data centre's router because an edge is down: a
        host in a data centre's cloud sends through that data centre's router, whose route to
        the edge is not tracked, so its next hop must stay answered (a standby edge). A source
        in one data centre's cloud (``data_centre``) leaves by that data centre's router only."""
        tenant = at.tenant
        alive = [
            (u, uplink)
            for u, uplink in enumerate(tenant.uplinks)
            if uplink.data_centre not in self.failure.data_centres
            and (data_centre is None or uplink.data_centre in (None, data_centre))
        ]
        if not alive and data_centre in self.failure.data_centres:
            return Break(
                Layer.TENANT_ROUTER,
                ("cloud", "tenants", at.t),
                self._down(
                    f"the cloud of data centre {data_centre}, which holds the source, is down "
                    "with it"
                ),
            )
        if not alive:
            why = " alive" if tenant.uplinks else ""
            return Break(
                Layer.TENANT_ROUTER,
                ("cloud", "tenants", at.t),
                f"tenant {tenant.id} has no uplink{why} (router gateway on the edge's provider "
                f"network) towards the data-centre edge for {dest.address} ({dest.kind} "
                f"{dest.name})",
            )
        preferred = [item for item in alive if prefer == (at.t, item[0])]
        return (preferred or alive)[0]

    def _edge(self, at: ZoneAt, u: int, uplink: RouterUplink, hops: list[Hop]) -> Break | str:
        """The edge whose handoff answers the uplink's next hop (the VRRP master first)."""
        edges = [e for e in self.net.edges_at(uplink.next_hop) if e not in self.devices_down]
        if not edges:
            return Break(
                Layer.CLOUD_HANDOFF,
                ("cloud", "tenants", at.t, "uplinks", u, "next_hop"),
                self._down(
                    f"next hop {uplink.next_hop} of tenant {at.tenant.id}'s router is no "
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
        standby = " (VRRP standby of another data centre)" if handoff.standby else ""
        hops.append(
            Hop(
                Layer.CLOUD_HANDOFF,
                f"{edges[0]} {handoff.interface} {handoff.address} answers {uplink.next_hop}"
                f"{standby}",
                handoff.path,
                edges[0],
                ("interface", handoff.interface),
                elements=frozenset({f"device:{edges[0]}"}),
            )
        )
        return edges[0]

    def _down(self, why: str) -> str:
        return f"{why} ({self.failure.label})" if self.failure.label else why
