"""Handoffs: a site's LAN and a data-centre edge's core handoff are ports that exist and
route, addressed consistently, with ranges inside their zones."""

from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface

from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.devices import Device
from medinfra.model.handoffs import DataCentreHandoff, SiteLan
from medinfra.model.index import ModelPath, index_of, line_ends
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology
from medinfra.platforms import hardware_of, management_interface
from medinfra.platforms.hardware import PortRole


@dataclass(frozen=True, slots=True)
class _Handoff:
    """A LAN or a core handoff with where it is in the model and its device."""

    path: ModelPath
    what: str
    handoff: SiteLan | DataCentreHandoff
    device: Device | None


def _all_handoffs(topology: Topology) -> Iterator[_Handoff]:
    index = index_of(topology)
    for s, site in enumerate(topology.sites):
        if site.lan is not None:
            device = index.devices.get(site.lan.device)
            yield _Handoff(("sites", s, "lan"), f"the LAN of site {site.id}", site.lan, device)
        for h, handoff in enumerate(site.handoffs):
            device = index.devices.get(handoff.device)
            yield _Handoff(
                ("sites", s, "handoffs", h),
                f"the core handoff of {handoff.device}",
                handoff,
                device,
            )


def _port_problem(device: Device, interface: str) -> str | None:
    hardware = hardware_of(device)
    if interface == management_interface(device):
        return f"{interface} is the management port of {device.hostname}"
    if hardware is None:
        return None
    role = hardware.port_role(interface)
    if role is None:
        return f"{hardware.name} has no port {interface} (it has {hardware.describe_ports()})"
    if role is PortRole.PON:
        return f"{interface} is a PON port of the {hardware.name}; it cannot route"
    return None


@rule(
    "MI-HO-001",
    Family.HANDOFF,
    Severity.ERROR,
    "Handoffs sit on ports the hardware model has and can route, used by nothing else",
)
def handoff_ports(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A site's LAN (``sites[].lan``) and a data-centre edge's core handoff
    (``sites[].handoffs[]``) are routed interfaces: the port must exist on the device's
    hardware ``model`` (``medinfra.platforms.hardware``) and route (not the management port,
    not a PON port). A layer-2 LAN port of an AR651/AR6140 is fine: the template switches it
    to layer 3 with ``undo portswitch``. The port must be the handoff's own: a port that
    carries private lines is shaped to the carrier's rate, and another handoff's port holds
    that handoff's address."""
    used: dict[tuple[str, str], str] = {}
    for end in line_ends(topology):
        used.setdefault((end.device, end.local_interface), f"private line '{end.line.id}'")
    for item in _all_handoffs(topology):
        handoff = item.handoff
        if item.device is None:
            continue
        problem = _port_problem(item.device, handoff.interface)
        if problem is not None:
            yield Finding("MI-HO-001", (*item.path, "interface"), f"{item.what}: {problem}")
            continue
        other = used.setdefault((handoff.device, handoff.interface), item.what)
        if other != item.what:
            yield Finding(
                "MI-HO-001",
                (*item.path, "interface"),
                f"{item.what}: {handoff.device} {handoff.interface} already carries {other}; "
                "give the handoff a port of its own",
            )


def _next_hop_problem(address: IPv4Interface, hop: IPv4Address) -> str | None:
    if hop == address.ip:
        return f"{hop} is the handoff's own address"
    if hop not in address.network or hop in (
        address.network.network_address,
        address.network.broadcast_address,
    ):
        return f"{hop} is not a host of the handoff subnet {address.network}"
    return None


def _hops(item: _Handoff) -> Iterator[tuple[ModelPath, IPv4Address]]:
    handoff = item.handoff
    if isinstance(handoff, SiteLan):
        if handoff.next_hop is not None:
            yield (*item.path, "next_hop"), handoff.next_hop
        return
    if handoff.virtual_address is not None:
        yield (*item.path, "virtual_address"), handoff.virtual_address
    for n, hop in enumerate(handoff.next_hops):
        yield (*item.path, "next_hops", n), hop


@rule(
    "MI-HO-002",
    Family.HANDOFF,
    Severity.ERROR,
    "Handoff next hops and virtual addresses are hosts of the handoff subnet",
    fix="give the next hop an address of the handoff subnet, or widen the handoff's prefix",
)
def handoff_next_hops(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A static route's next hop (a LAN's ``next_hop``, a core handoff's ``next_hops``) and a
    VRRP virtual address must be on the handoff itself: a host address of the handoff's
    subnet other than the handoff's own address. Otherwise the device refuses the route or
    the virtual address, or never resolves the next hop."""
    for item in _all_handoffs(topology):
        for path, hop in _hops(item):
            problem = _next_hop_problem(item.handoff.address, hop)
            if problem is not None:
                yield Finding("MI-HO-002", path, f"{item.what}: {problem}")


@rule(
    "MI-HO-003",
    Family.HANDOFF,
    Severity.ERROR,
    "A LAN's ranges lie in on-premises zones and are reachable from the handoff",
)
def lan_ranges(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A LAN names on-premises zones only (``placement: on_premises``: a cloud zone's hosts
    are cloud subnets, not behind a CPE). Each range of a site's LAN that names a ``network``
    lies inside one of its zone's ranges (the firewall rules of the zone then cover it). A
    LAN without ``next_hop`` has only the handoff subnet behind it: each of its ranges must
    be that subnet or inside it, else the CPE has no way to reach it (name the campus core
    as ``next_hop``)."""
    index = index_of(topology)
    for s, site in enumerate(topology.sites):
        lan = site.lan
        if lan is None:
            continue
        for r, entry in enumerate(lan.ranges):
            path: ModelPath = ("sites", s, "lan", "ranges", r)
            zone = index.zones.get((lan.tenant, entry.zone))
            if zone is None:
                continue
            if not zone.on_premises:
                yield Finding(
                    "MI-HO-003",
                    (*path, "zone"),
                    f"the LAN of site {site.id} names zone {lan.tenant}/{entry.zone}, which is "
                    "in the cloud; set the zone's placement: on_premises or name another zone",
                )
                continue
            networks = [entry.network] if entry.network is not None else list(zone.ranges)
            if entry.network is not None and not any(
                entry.network.subnet_of(outer) for outer in zone.ranges
            ):
                shown = ", ".join(str(outer) for outer in zone.ranges)
                yield Finding(
                    "MI-HO-003",
                    (*path, "network"),
                    f"range {entry.network} of the LAN of site {site.id} is outside zone "
                    f"{lan.tenant}/{entry.zone} ({shown}); add it to the zone or pick a part "
                    "of the zone",
                )
            connected = lan.address.network
            for network in networks if lan.next_hop is None else ():
                if not network.subnet_of(connected):
                    yield Finding(
                        "MI-HO-003",
                        (*path, "network" if entry.network is not None else "zone"),
                        f"range {network} of the LAN of site {site.id} is not on the handoff "
                        f"subnet {connected} and the LAN has no next_hop to route it; set "
                        "lan.next_hop to the campus core's address",
                    )


@rule(
    "MI-HO-004",
    Family.HANDOFF,
    Severity.ERROR,
    "Each tenant router's next hop is a data-centre edge on its handoff",
    fix="give an edge of that data centre a handoff on the router's subnet whose address or "
    "virtual_address is the uplink's next_hop",
)
def router_next_hops(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A tenant's router routes its on-premises zones to its uplink's ``next_hop``: an edge
    of the uplink's data centre (any data centre when it names none) must answer there, with
    a core handoff whose address or VRRP ``virtual_address`` is that next hop. Otherwise the
    return traffic from the cloud to the hospitals has nowhere to go."""
    index = index_of(topology)
    answers: dict[str | None, set[str]] = {None: set()}
    for hostname, found in index.handoffs.items():
        data_centre = index.data_centre_of(hostname)
        for _, handoff in found:
            owned = {str(handoff.address.ip)}
            if handoff.virtual_address is not None:
                owned.add(str(handoff.virtual_address))
            answers.setdefault(data_centre, set()).update(owned)
            answers[None].update(owned)
    for t, tenant in enumerate(topology.cloud.tenants):
        for u, uplink in enumerate(tenant.uplinks):
            if str(uplink.next_hop) in answers.get(uplink.data_centre, set()):
                continue
            # Name the data centre(s): a finding about a data-centre site file that could not
            # be read (its handoffs lost) is then recognised as a follow-on and left out.
            centres = (uplink.data_centre,) if uplink.data_centre else topology.data_centres.sites
            where = f"data centre {' or '.join(centres)}"
            yield Finding(
                "MI-HO-004",
                ("cloud", "tenants", t, "uplinks", u, "next_hop"),
                f"tenant {tenant.id}'s router routes its on-premises zones to "
                f"{uplink.next_hop}, but no edge of {where} has that address on a handoff",
            )


@rule(
    "MI-HO-005",
    Family.HANDOFF,
    Severity.ERROR,
    "An imaging gateway's on-premises modalities are behind its site's LAN",
    fix="add the modalities' range to the site's lan.ranges, or correct the peer's network",
)
def modalities_on_the_lan(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Each DICOM peer of an imaging gateway (a modality, the on-site PACS) whose network lies
    in an on-premises zone of the gateway's tenant sends from the site's own network: the
    network must lie inside one of the site's LAN ranges, else no route brings the studies
    to the gateway and the edge routes the range to no site (or to another)."""
    index = index_of(topology)
    for s, site in enumerate(topology.sites):
        lan = index.lan_prefixes(site)
        for g, gateway in enumerate(site.imaging_gateways):
            tenant = index.tenants.get(gateway.tenant)
            premises = [
                outer
                for zone in (tenant.zones if tenant else ())
                if zone.on_premises
                for outer in zone.ranges
            ]
            for p, peer in enumerate(gateway.peers):
                network = peer.network
                if not any(network.subnet_of(outer) for outer in premises):
                    continue
                if any(network.subnet_of(inner) for inner in lan):
                    continue
                shown = ", ".join(str(inner) for inner in lan) or "none"
                yield Finding(
                    "MI-HO-005",
                    ("sites", s, "imaging_gateways", g, "peers", p, "network"),
                    f"peer {peer.ae_title} of imaging gateway {gateway.hostname} sends from "
                    f"{network}, on the premises, but outside the LAN ranges of site "
                    f"{site.id} ({shown})",
                )


def _standby_problem(topology: Topology, hostname: str, handoff: DataCentreHandoff) -> str | None:
    """Why a standby handoff backs up nothing (None: it backs up another data centre)."""
    index = index_of(topology)
    if not index.active_active:
        return "the data centres are not active-active: there is no other data centre to back up"
    own = index.data_centre_of(hostname)
    for other, found in index.handoffs.items():
        if index.data_centre_of(other) == own:
            continue
        for _, held in found:
            if (
                not held.standby
                and held.address.network == handoff.address.network
                and held.virtual_address == handoff.virtual_address
            ):
                return None
    return (
        f"no edge of another data centre holds {handoff.virtual_address} on "
        f"{handoff.address.network} (a handoff there with that virtual_address and no standby)"
    )


@rule(
    "MI-HO-006",
    Family.HANDOFF,
    Severity.ERROR,
    "A standby handoff backs up another data centre's virtual address",
    fix="put the standby on the subnet and virtual_address of the other data centre's own "
    "handoff, or drop standby: true",
)
def standby_handoffs(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A ``standby: true`` handoff is an edge's leg on the *other* data centre's provider
    network (over the interconnect): a VRRP backup, at the lowest priority, of the virtual
    address that network's own edge holds as the tenant routers' next hop. With active-active
    data centres, an edge of another data centre must hold a handoff on that subnet with that
    ``virtual_address`` that is not a standby itself; otherwise the group has no master and
    the standby edge would take every router's traffic there."""
    for s, site in enumerate(topology.sites):
        for h, handoff in enumerate(site.handoffs):
            if not handoff.standby:
                continue
            problem = _standby_problem(topology, handoff.device, handoff)
            if problem is not None:
                yield Finding(
                    "MI-HO-006",
                    ("sites", s, "handoffs", h, "standby"),
                    f"the standby handoff of {handoff.device} ({handoff.interface} "
                    f"{handoff.address}): {problem}",
                )
