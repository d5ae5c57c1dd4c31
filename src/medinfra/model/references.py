"""Cross-references of a topology: every id is unique and every reference resolves.

Pure functions over a validated model; each problem carries the model path of the
offending value (and of the first definition, for duplicates), so the loader can
report file and line. Everything is indexed by key: linear in the size of the model.
"""

import difflib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from medinfra.model.devices import DeviceRole, Platform
from medinfra.model.gateways import ImagingGateway
from medinfra.model.index import ModelPath
from medinfra.model.optical import PonPort
from medinfra.model.peering import peerings
from medinfra.model.site import Site, SiteKind
from medinfra.model.topology import Topology
from medinfra.model.wan import PrivateLine
from medinfra.model.zone_ranges import zone_range_problems


@dataclass(frozen=True, slots=True)
class ReferenceProblem:
    """An unknown reference (MI-REF-001) or a duplicate id (MI-REF-002)."""

    code: str
    path: ModelPath
    message: str
    first: ModelPath | None = None


HINT_BUDGET = 64
"""Unknown references of one topology that get a did-you-mean hint. A hint compares the name
with every known one, so hinting each of thousands of unknown references (a file set aside,
a generated model with a typo in a template) would be quadratic; after the budget, each one
is still reported, at its own line, with no suggestion."""

_hints_left: ContextVar[int] = ContextVar("_hints_left", default=HINT_BUDGET)


def _hint(name: str, known: Iterable[str], what: str) -> str:
    left = _hints_left.get()
    if left <= 0:
        return f"unknown {what} '{name}' (no suggestion: over {HINT_BUDGET} unknown references)"
    _hints_left.set(left - 1)
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=1)
    if close:
        return f"unknown {what} '{name}'; did you mean '{close[0]}'?"
    if not names:
        return f"unknown {what} '{name}' (none is defined)"
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return f"unknown {what} '{name}' (known: {shown})"


class _Index:
    """First definition of each id of one kind; later ones are duplicates."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.first: dict[str, ModelPath] = {}

    def add(self, key: str, path: ModelPath) -> Iterator[ReferenceProblem]:
        if key in self.first:
            yield ReferenceProblem(
                "MI-REF-002", path, f"duplicate {self.what} '{key}'", self.first[key]
            )
        else:
            self.first[key] = path

    def __contains__(self, key: str) -> bool:
        return key in self.first


def find_reference_problems(topology: Topology) -> list[ReferenceProblem]:
    """Every duplicate id and unresolved reference of ``topology``."""
    budget = _hints_left.set(HINT_BUDGET)
    try:
        return list(_problems(topology))
    finally:
        _hints_left.reset(budget)


def _problems(topology: Topology) -> Iterator[ReferenceProblem]:
    services = _Index("service id")
    for i, service in enumerate(topology.services):
        yield from services.add(service.id, ("services", i, "id"))
    sites = _Index("site id")
    hosts = _Index("hostname")
    site_of_host: dict[str, Site] = {}
    for s, site in enumerate(topology.sites):
        yield from sites.add(site.id, ("sites", s, "id"))
        for d, device in enumerate(site.devices):
            yield from hosts.add(device.hostname, ("sites", s, "devices", d, "hostname"))
            site_of_host.setdefault(device.hostname, site)
        for g, gateway in enumerate(site.imaging_gateways):
            yield from hosts.add(gateway.hostname, ("sites", s, "imaging_gateways", g, "hostname"))
    yield from _data_centres(topology, sites)
    yield from _sites(topology, sites, services, site_of_host)
    yield from _private_lines(topology, site_of_host)
    yield from _cloud(topology, services, sites)
    yield from _handoffs(topology)
    for path, message in zone_range_problems(topology):
        yield ReferenceProblem("MI-REF-001", path, message)
    yield from _as_number(topology)


def _data_centres(topology: Topology, sites: _Index) -> Iterator[ReferenceProblem]:
    kinds = {site.id: site.kind for site in topology.sites}
    for i, site_id in enumerate(topology.data_centres.sites):
        path: ModelPath = ("data_centres", "sites", i)
        if site_id not in sites:
            yield ReferenceProblem("MI-REF-001", path, _hint(site_id, sites.first, "site"))
        elif kinds[site_id] is not SiteKind.DATA_CENTRE:
            yield ReferenceProblem(
                "MI-REF-001",
                path,
                f"site '{site_id}' is a {kinds[site_id].value}, not a data_centre",
            )


def _sites(
    topology: Topology, sites: _Index, services: _Index, site_of_host: dict[str, Site]
) -> Iterator[ReferenceProblem]:
    on_pon = {service.id for service in topology.services if service.pon_profile is not None}
    for s, site in enumerate(topology.sites):
        base: ModelPath = ("sites", s)
        if site.parent is not None and site.parent not in sites:
            yield ReferenceProblem(
                "MI-REF-001", (*base, "parent"), _hint(site.parent, sites.first, "parent site")
            )
        if site.parent == site.id:
            yield ReferenceProblem(
                "MI-REF-001", (*base, "parent"), "a site cannot be its own parent"
            )
        if site.campus is None:
            continue
        for o, olt in enumerate(site.campus.olts):
            olt_path: ModelPath = (*base, "campus", "olts", o)
            owner = site_of_host.get(olt.device)
            device = next((d for d in site.devices if d.hostname == olt.device), None)
            if device is None:
                where = f" (it belongs to site '{owner.id}')" if owner else ""
                yield ReferenceProblem(
                    "MI-REF-001",
                    (*olt_path, "device"),
                    _hint(olt.device, (d.hostname for d in site.devices), "device of this site")
                    + where,
                )
            elif device.platform is not Platform.HUAWEI_SMARTAX:
                yield ReferenceProblem(
                    "MI-REF-001",
                    (*olt_path, "device"),
                    f"device '{olt.device}' is {device.platform.value}, not an OLT platform",
                )
            for p, port in enumerate(olt.pon_ports):
                yield from _pon_port(port, (*olt_path, "pon_ports", p), services, on_pon)


def _pon_port(
    port: PonPort, path: ModelPath, services: _Index, on_pon: set[str]
) -> Iterator[ReferenceProblem]:
    splitters = _Index("splitter id on this port")
    onts = _Index("ONT id on this port")
    for sp, splitter in enumerate(port.splitters):
        yield from splitters.add(splitter.id, (*path, "splitters", sp, "id"))
    for sp, splitter in enumerate(port.splitters):
        sp_path: ModelPath = (*path, "splitters", sp)
        if splitter.upstream is not None and (
            splitter.upstream not in splitters or splitter.upstream == splitter.id
        ):
            yield ReferenceProblem(
                "MI-REF-001",
                (*sp_path, "upstream"),
                _hint(splitter.upstream, set(splitters.first) - {splitter.id}, "upstream splitter"),
            )
    for sp, _, n, ont in port.placed_onts():
        ont_path: ModelPath = (*path, "splitters", sp, "onts", n)
        yield from onts.add(str(ont.id), (*ont_path, "id"))
        for v, service in enumerate(ont.services):
            if service not in services:
                yield ReferenceProblem(
                    "MI-REF-001",
                    (*ont_path, "services", v),
                    _hint(service, services.first, "service"),
                )
            elif service not in on_pon:
                yield ReferenceProblem(
                    "MI-REF-001",
                    (*ont_path, "services", v),
                    f"service '{service}' has no pon_profile in the service catalogue, "
                    "so no OLT can carry it; add services[].pon_profile or drop it here",
                )


def _private_lines(topology: Topology, site_of_host: dict[str, Site]) -> Iterator[ReferenceProblem]:
    lines = _Index("private line id")
    owned: list[tuple[Site | None, ModelPath, PrivateLine]] = [
        (None, ("private_lines", i), line) for i, line in enumerate(topology.private_lines)
    ]
    for s, site in enumerate(topology.sites):
        owned.extend(
            (site, ("sites", s, "uplinks", u), line) for u, line in enumerate(site.uplinks)
        )
    for owner, base, line in owned:
        yield from lines.add(line.id, (*base, "id"))
        for end_name in ("a", "z"):
            end = getattr(line, end_name)
            if end.device not in site_of_host:
                yield ReferenceProblem(
                    "MI-REF-001",
                    (*base, end_name, "device"),
                    _hint(end.device, site_of_host, "device"),
                )
        a_site = site_of_host.get(line.a.device)
        if owner is not None and a_site is not None and a_site.id != owner.id:
            yield ReferenceProblem(
                "MI-REF-001",
                (*base, "a", "device"),
                f"the A end of an uplink must be a device of site '{owner.id}', "
                f"but '{line.a.device}' belongs to '{a_site.id}'",
            )


def _cloud(topology: Topology, services: _Index, sites: _Index) -> Iterator[ReferenceProblem]:
    tenants = _Index("tenant id")
    pools = _Index("storage pool id")
    zones_of: dict[str, set[str]] = {}
    for t, tenant in enumerate(topology.cloud.tenants):
        base: ModelPath = ("cloud", "tenants", t)
        yield from tenants.add(tenant.id, (*base, "id"))
        if tenant.site is not None and tenant.site not in sites:
            yield ReferenceProblem(
                "MI-REF-001", (*base, "site"), _hint(tenant.site, sites.first, "site")
            )
        zones = _Index("zone id in this tenant")
        for z, zone in enumerate(tenant.zones):
            yield from zones.add(zone.id, (*base, "zones", z, "id"))
        zones_of[tenant.id] = set(zones.first)
        names = _Index("policy name in this tenant")
        for r, rule in enumerate(tenant.policies):
            rule_path: ModelPath = (*base, "policies", r)
            yield from names.add(rule.name, (*rule_path, "name"))
            for end in ("source", "destination"):
                zone_id = getattr(rule, end)
                if zone_id not in zones:
                    yield ReferenceProblem(
                        "MI-REF-001", (*rule_path, end), _hint(zone_id, zones.first, "zone")
                    )
            for v, service in enumerate(rule.services):
                if service not in services:
                    yield ReferenceProblem(
                        "MI-REF-001",
                        (*rule_path, "services", v),
                        _hint(service, services.first, "service"),
                    )
        for p, pool in enumerate(tenant.storage_pools):
            yield from pools.add(pool.id, (*base, "storage_pools", p, "id"))
        yield from _uplinks(topology, t)
    yield from _dr_targets(topology, pools)
    yield from _gateways(topology, tenants, zones_of)


def _uplinks(topology: Topology, t: int) -> Iterator[ReferenceProblem]:
    """Each uplink names a data centre of the topology; active-active: one per data centre."""
    tenant, centres = topology.cloud.tenants[t], topology.data_centres.sites
    base: ModelPath = ("cloud", "tenants", t)
    for u, uplink in enumerate(tenant.uplinks):
        if uplink.data_centre is not None and uplink.data_centre not in centres:
            yield ReferenceProblem(
                "MI-REF-001",
                (*base, "uplinks", u, "data_centre"),
                _hint(uplink.data_centre, centres, "data centre"),
            )
    if not tenant.uplinks or len(centres) < 2:
        return
    missing = [dc for dc in centres if tenant.uplink(dc) is None]
    if missing:
        yield ReferenceProblem(
            "MI-REF-001",
            (*base, "uplinks"),
            f"tenant {tenant.id} has no uplink in data centre(s) {', '.join(missing)}: each "
            "data centre's stack builds the tenant's router there; add one uplink per data centre",
        )


def _dr_targets(topology: Topology, pools: _Index) -> Iterator[ReferenceProblem]:
    for t, tenant in enumerate(topology.cloud.tenants):
        for p, pool in enumerate(tenant.storage_pools):
            if pool.dr_target is not None and (
                pool.dr_target not in pools or pool.dr_target == pool.id
            ):
                yield ReferenceProblem(
                    "MI-REF-001",
                    ("cloud", "tenants", t, "storage_pools", p, "dr_target"),
                    _hint(pool.dr_target, set(pools.first) - {pool.id}, "DR target pool"),
                )


def _gateways(
    topology: Topology, tenants: _Index, zones_of: dict[str, set[str]]
) -> Iterator[ReferenceProblem]:
    for s, site in enumerate(topology.sites):
        for g, gateway in enumerate(site.imaging_gateways):
            path: ModelPath = ("sites", s, "imaging_gateways", g)
            if gateway.tenant not in tenants:
                yield ReferenceProblem(
                    "MI-REF-001", (*path, "tenant"), _hint(gateway.tenant, tenants.first, "tenant")
                )
            elif gateway.zone not in zones_of[gateway.tenant]:
                yield ReferenceProblem(
                    "MI-REF-001",
                    (*path, "zone"),
                    _hint(
                        gateway.zone, zones_of[gateway.tenant], f"zone of tenant '{gateway.tenant}'"
                    ),
                )
            else:
                yield from _gateway_address(topology, gateway, path)


def _gateway_address(
    topology: Topology, gateway: ImagingGateway, path: ModelPath
) -> Iterator[ReferenceProblem]:
    """The gateway's studies come from an address of its zone: else no policy of the zone
    permits them and the tenant router does not route the replies back."""
    tenant = next(t for t in topology.cloud.tenants if t.id == gateway.tenant)
    zone = next(z for z in tenant.zones if z.id == gateway.zone)
    address = gateway.imaging_address
    if any(address.ip in network for network in zone.ranges):
        return
    ranges = ", ".join(str(network) for network in zone.ranges)
    key = "address" if gateway.address is not None else "management_address"
    fix = (
        "move it into the zone"
        if gateway.address is not None
        else "add 'address:' with the gateway's imaging interface in the zone (keep "
        "management_address for its management)"
    )
    yield ReferenceProblem(
        "MI-REF-001",
        (*path, key),
        f"imaging gateway {gateway.hostname} sends its studies from {address.ip} ({key}), "
        f"outside its zone {gateway.zone} of tenant {gateway.tenant} ({ranges}): the zone's "
        f"policies do not permit it and the tenant router does not route it back; {fix}",
    )


def _site_device(
    site: Site, hostname: str, role: DeviceRole, path: ModelPath
) -> Iterator[ReferenceProblem]:
    """``hostname`` must be a device of ``site`` with ``role``."""
    device = next((d for d in site.devices if d.hostname == hostname), None)
    if device is None:
        known = (d.hostname for d in site.devices if d.role is role)
        yield ReferenceProblem(
            "MI-REF-001", path, _hint(hostname, known, f"{role.value} of this site")
        )
    elif device.role is not role:
        yield ReferenceProblem(
            "MI-REF-001", path, f"device '{hostname}' is a {device.role.value}, not a {role.value}"
        )


def _handoffs(topology: Topology) -> Iterator[ReferenceProblem]:
    """A site's LAN names a CPE of the site and zones of a known tenant; a data centre's
    handoffs name its own edges (and only data centres have handoffs)."""
    zones_of = {t.id: {z.id for z in t.zones} for t in reversed(topology.cloud.tenants)}
    for s, site in enumerate(topology.sites):
        if site.lan is not None:
            base: ModelPath = ("sites", s, "lan")
            yield from _site_device(site, site.lan.device, DeviceRole.CPE, (*base, "device"))
            zones = zones_of.get(site.lan.tenant)
            if zones is None:
                yield ReferenceProblem(
                    "MI-REF-001", (*base, "tenant"), _hint(site.lan.tenant, zones_of, "tenant")
                )
            else:
                for r, entry in enumerate(site.lan.ranges):
                    if entry.zone not in zones:
                        what = f"zone of tenant '{site.lan.tenant}'"
                        yield ReferenceProblem(
                            "MI-REF-001",
                            (*base, "ranges", r, "zone"),
                            _hint(entry.zone, zones, what),
                        )
        for h, handoff in enumerate(site.handoffs):
            path: ModelPath = ("sites", s, "handoffs", h)
            if site.kind is not SiteKind.DATA_CENTRE:
                yield ReferenceProblem(
                    "MI-REF-001",
                    path,
                    f"site '{site.id}' is a {site.kind.value}: only a data_centre has handoffs "
                    "towards the core (a hospital's own network is its 'lan')",
                )
                continue
            yield from _site_device(site, handoff.device, DeviceRole.DC_EDGE, (*path, "device"))


def _as_number(topology: Topology) -> Iterator[ReferenceProblem]:
    """Edges that share a handoff subnet peer over iBGP: the data centres need their AS."""
    if topology.data_centres.as_number is not None:
        return
    for hostname, peers in peerings(topology).items():
        if peers:
            peer = peers[0]
            yield ReferenceProblem(
                "MI-REF-001",
                ("data_centres",),
                f"missing required key 'as_number': the edges {hostname} and {peer.hostname} "
                f"share the handoff subnet {peer.subnet} and exchange the sites they hold over "
                "their lines over iBGP there; add `as_number: 65001` (one private AS for the "
                "region's edges, 64512-65534 or 4200000000-4294967294, or the AS they already "
                "run BGP in) to data_centres",
            )
            return
