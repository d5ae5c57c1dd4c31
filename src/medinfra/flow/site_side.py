"""The site side of a flow: ONT service-port, OLT uplink and the CPE's LAN interface, into
the network at the source and out of it at the destination (from the OLT context the SmartAX
templates print and the CPE's LAN interfaces)."""

from collections.abc import Iterator
from ipaddress import IPv4Address

from medinfra.flow.endpoints import Endpoint
from medinfra.flow.hops import Break, Hop, Layer
from medinfra.flow.network import FlowNetwork, LanInterface, RoutedDevice
from medinfra.model import DeviceRole, Site
from medinfra.model.index import ModelPath, OntVisit, PortVisit, port_onts
from medinfra.model.services import Service


class SiteSide:
    """ONT, OLT and CPE LAN hops of one topology's sites."""

    def __init__(self, net: FlowNetwork) -> None:
        self.net = net

    def _site_path(self, site: Site) -> ModelPath:
        return ("sites", self.net.index.model.site_position[site.id])

    def site_onts(self, site: Site) -> Iterator[OntVisit]:
        """The ONTs of one site's campus, with their model paths."""
        if site.campus is None:
            return
        s = self.net.index.model.site_position[site.id]
        for o, olt in enumerate(site.campus.olts):
            for p, port in enumerate(olt.pon_ports):
                path = ("sites", s, "campus", "olts", o, "pon_ports", p)
                yield from port_onts(PortVisit(path, site, olt, port))

    def _ont_of(self, source: Endpoint, service: Service | None) -> OntVisit | None:
        if source.ont is not None:
            return source.ont
        if source.kind != "site" or source.site is None or service is None:
            return None
        return next(
            (visit for visit in self.site_onts(source.site) if service.id in visit.ont.services),
            None,
        )

    def cpes(self, site: Site) -> list[RoutedDevice]:
        """The site's CPEs (routers with uplinks first)."""
        found = [self.net.routed(d.hostname) for d in site.devices if d.role is DeviceRole.CPE]
        routers = [router for router in found if router is not None]
        return sorted(routers, key=lambda router: not self.net.index.ends(router.device.hostname))

    def lan_of(self, site: Site, address: IPv4Address) -> tuple[RoutedDevice, LanInterface] | None:
        """The CPE LAN interface whose network holds ``address``."""
        for router in self.cpes(site):
            found = self.lan_towards(router, address)
            if found is not None:
                return router, found
        return None

    @staticmethod
    def lan_towards(router: RoutedDevice, address: IPv4Address) -> LanInterface | None:
        """The LAN interface of ``router`` that holds ``address`` or that its rendered route
        to ``address`` leaves by (the site's other devices' management ranges through the
        campus core)."""
        held = next((lan for lan in router.lan if lan.holds(address)), None)
        if held is not None:
            return held
        table = router.tables.get(None)
        routes = table.lookup(address, lambda route: True) if table else []
        return next(
            (
                lan
                for route in routes
                for lan in router.lan
                if lan.rendered and route.next_hop in lan.address.network
            ),
            None,
        )

    @staticmethod
    def _lan_hop(router: RoutedDevice, lan: LanInterface, address: IPv4Address) -> Hop:
        hostname = router.device.hostname
        return Hop(
            Layer.CPE_LAN,
            f"{hostname} {lan.interface} {lan.address} towards the site LAN holding {address}",
            lan.path,
            hostname,
            ("interface", lan.interface),
            elements=frozenset({f"device:{hostname}"}),
        )

    @staticmethod
    def _unrendered(router: RoutedDevice, lan: LanInterface) -> Break:
        return Break(
            Layer.CPE_LAN,
            lan.path,
            f"{router.device.hostname}'s LAN handoff {lan.interface} {lan.address} is in the "
            "model but not in its rendered configuration",
        )

    def ont_hops(self, visit: OntVisit, service: Service | None) -> tuple[list[Hop], Break | None]:
        """The ONT's service-port for ``service`` (its first service when None) and the OLT
        uplink that carries its VLAN."""
        olt = visit.port.olt
        context = self.net.olt(olt.device)
        service_id = service.id if service else visit.ont.services[0]
        name = f"ONT {olt.device}:{visit.port.port.port}:{visit.ont.id}"
        entry = next(
            (
                sp
                for sp in (context or {}).get("service_ports", [])
                if sp["fsp"] == visit.port.port.port
                and sp["ont"] == visit.ont.id
                and sp["service"] == service_id
            ),
            None,
        )
        if context is None or entry is None:
            reason = f"{name} carries no service {service_id} (its services: "
            reason += f"{', '.join(visit.ont.services)})"
            return [], Break(Layer.ONT, (*visit.path, "services"), reason)
        vlan, fsp = entry["vlan"], entry["fsp"]
        hops = [
            Hop(
                Layer.ONT,
                f"{name} GEM {entry['gem']} -> service-port {entry['index']} VLAN {vlan} "
                f"({service_id})",
                visit.path,
                olt.device,
                ("service-port", str(entry["index"]), f"vlan {vlan}", f"gpon {fsp}"),
            )
        ]
        uplink = context["uplink"]
        olt_path = visit.port.path[:5]
        if uplink is None or vlan not in context["vlans"]:
            return hops, Break(
                Layer.OLT_UPLINK, olt_path, f"{olt.device} has no uplink for VLAN {vlan}"
            )
        hops.append(
            Hop(
                Layer.OLT_UPLINK,
                f"{olt.device} VLAN {vlan} on uplink {olt.uplink_port}",
                (*olt_path, "uplink_port"),
                olt.device,
                ("port vlan", str(vlan), f"{uplink['frame_slot']} {uplink['port']}"),
                elements=frozenset({f"device:{olt.device}"}),
            )
        )
        return hops, None

    def _missing_lan(self, site: Site, address: IPv4Address, what: str) -> Break:
        routers = self.cpes(site)
        names = ", ".join(router.device.hostname for router in routers) or "no CPE"
        return Break(
            Layer.CPE_LAN,
            self._site_path(site),
            f"site {site.id}: {names} has no LAN interface for {address} ({what}); the "
            "model gives the site no LAN handoff",
        )

    def enter(
        self,
        source: Endpoint,
        service: Service | None,
        hops: list[Hop],
        gaps: list[tuple[int, Break]],
    ) -> str | Break:
        """The hops from ``source`` into its site's CPE; the CPE's hostname (a missing LAN
        interface is a gap: the walk goes on from the site's first CPE)."""
        site = source.site
        if site is None:
            return Break(Layer.DEVICE, source.path, f"{source.label} is on no site")
        visit = self._ont_of(source, service)
        if visit is not None:
            ont_hops, broken = self.ont_hops(visit, service)
            hops.extend(ont_hops)
            if broken is not None:
                return broken
        found = self.lan_of(site, source.address)
        if found is not None and found[1].rendered:
            hops.append(self._lan_hop(*found, source.address))
            return found[0].device.hostname
        if found is not None:
            gaps.append((len(hops), self._unrendered(*found)))
            return found[0].device.hostname
        gap = self._missing_lan(site, source.address, f"{source.kind} {source.name}")
        gaps.append((len(hops), gap))
        routers = self.cpes(site)
        if not routers:
            return Break(Layer.CPE_ROUTE, self._site_path(site), f"site {site.id} has no CPE")
        return routers[0].device.hostname

    def _towards_core(
        self, router: RoutedDevice, lan: LanInterface, dest: Endpoint, hops: list[Hop]
    ) -> Break | None:
        """The LAN hop out to ``dest``: on the handoff subnet itself, or by the rendered route
        to the campus core behind it."""
        hostname = router.device.hostname
        if dest.address in lan.address.network:
            hops.append(self._lan_hop(router, lan, dest.address))
            return None
        table = router.tables.get(None)
        routes = table.lookup(dest.address, lambda route: True) if table else []
        core = [route for route in routes if route.next_hop in lan.address.network]
        if not core:
            return Break(
                Layer.CPE_LAN,
                lan.path,
                f"{hostname} has no rendered route to {dest.address} ({dest.kind} {dest.name}) "
                f"towards the campus core on {lan.interface}",
            )
        route = core[0]
        hops.append(
            Hop(
                Layer.CPE_LAN,
                f"{route.prefix} via {route.next_hop} (the campus core) on {lan.interface}",
                lan.path,
                hostname,
                route.match,
                elements=frozenset({f"device:{hostname}"}),
            )
        )
        return None

    def leave(
        self, router: RoutedDevice, dest: Endpoint, service: Service | None, hops: list[Hop]
    ) -> Break | None:
        """The hops from the site's CPE out to ``dest`` on its LAN (None: delivered)."""
        assert dest.site is not None
        lan = self.lan_towards(router, dest.address)
        if lan is None:
            return self._missing_lan(dest.site, dest.address, f"{dest.kind} {dest.name}")
        if not lan.rendered:
            return self._unrendered(router, lan)
        broken = self._towards_core(router, lan, dest, hops)
        if broken is not None:
            return broken
        visit = self._ont_of(dest, service)
        if visit is None:
            return None
        ont_hops, broken = self.ont_hops(visit, service)
        hops.extend(reversed(ont_hops))
        return broken
