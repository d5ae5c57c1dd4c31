"""The two ends of a flow: a site, device, zone, ONT, imaging gateway or address, placed where
it sits (on a site's premises, on a data-centre device, or in a cloud zone)."""

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, ip_address

from medinfra.errors import UsageError
from medinfra.flow.hops import Failure
from medinfra.model.cloud import Tenant, Zone
from medinfra.model.index import ModelPath, OntVisit, index_of, onts
from medinfra.model.site import Site, SiteKind
from medinfra.model.topology import Topology


@dataclass(frozen=True)
class Endpoint:
    """One end of a flow and where it sits.

    ``site`` is set for what sits on a site's premises (its LAN, ONTs, gateways, devices),
    ``device`` for a managed device reached at its management address, ``zone`` for what
    lies in a zone of a tenant; a cloud endpoint has a zone and no site.
    """

    kind: str
    name: str
    address: IPv4Address
    path: ModelPath
    site: Site | None = None
    device: str | None = None
    tenant: Tenant | None = None
    zone: Zone | None = None
    ont: OntVisit | None = None
    data_centre: str | None = None
    """For a cloud endpoint, the data centre whose cloud holds its address (its range's
    ``data_centre``; None: the range names none)."""

    @property
    def in_cloud(self) -> bool:
        """True for a cloud zone (or an address in one)."""
        return self.site is None and self.device is None and self.zone is not None

    @property
    def label(self) -> str:
        """``zone hpph/pacs (10.30.1.1)`` and the like."""
        return f"{self.kind} {self.name} ({self.address})"


def first_host(network: IPv4Network) -> IPv4Address:
    """The address that stands for a range: its first host.

    Examples:
        >>> first_host(IPv4Network("10.30.1.0/24")), first_host(IPv4Network("10.0.0.7/32"))
        (IPv4Address('10.30.1.1'), IPv4Address('10.0.0.7'))
    """
    return network.network_address + (1 if network.prefixlen < 31 else 0)


def on_premises(tenant: Tenant, zone: Zone) -> bool:
    """True for a zone that lives behind a site's lines rather than in the cloud (its
    ``placement``)."""
    return zone.on_premises


def zone_of(topology: Topology, address: IPv4Address) -> tuple[int, Tenant, int, Zone] | None:
    """The most specific zone range holding ``address`` (tenant and zone with positions)."""
    best: tuple[int, tuple[int, Tenant, int, Zone]] | None = None
    for t, tenant in enumerate(topology.cloud.tenants):
        for z, zone in enumerate(tenant.zones):
            for network in zone.ranges:
                if address in network and (best is None or network.prefixlen > best[0]):
                    best = (network.prefixlen, (t, tenant, z, zone))
    return best[1] if best else None


def data_centre_at(zone: Zone | None, address: IPv4Address) -> str | None:
    """The data centre whose cloud holds ``address`` in cloud zone ``zone`` (None: an
    on-premises zone, or a range naming no data centre)."""
    if zone is None or zone.on_premises:
        return None
    for r, network in enumerate(zone.ranges):
        if address in network:
            return zone.data_centre_of(r)
    return None


def cloud_data_centres(topology: Topology, zone: Zone) -> tuple[str | None, ...]:
    """The data centres whose clouds hold a range of cloud zone ``zone``, in
    ``data_centres.sites`` order; ``(None,)`` when its ranges name none."""
    if zone.on_premises or all(zone.data_centre_of(r) is None for r in range(len(zone.ranges))):
        return (None,)
    return tuple(dc for dc in topology.data_centres.sites if zone.ranges_in(dc))


def _zone_site(topology: Topology, tenant: Tenant, zone: Zone) -> Site | None:
    """The site an on-premises zone lives at: the tenant's own site, else the first site
    whose ranges lie in the zone."""
    index = index_of(topology)
    if tenant.site is not None and tenant.site in index.site_position:
        return topology.sites[index.site_position[tenant.site]]
    for site in topology.sites:
        if any(
            network.subnet_of(own) for network in index.site_prefixes(site) for own in zone.ranges
        ):
            return site
    return None


def zone_endpoint(topology: Topology, t: int, z: int, data_centre: str | None = None) -> Endpoint:
    """Zone ``z`` of tenant ``t``, standing at the first host of its first range (in the
    cloud of ``data_centre``, when given).

    Raises:
        UsageError: for an on-premises zone no site holds a range of.
    """
    tenant = topology.cloud.tenants[t]
    zone = tenant.zones[z]
    site = None
    if on_premises(tenant, zone):
        site = _zone_site(topology, tenant, zone)
        if site is None:
            raise UsageError(
                f"zone {tenant.id}/{zone.id} is on the premises but no site's ranges lie in "
                "it; name a site or an address instead"
            )
    address = first_host((zone.ranges_in(data_centre) or zone.ranges)[0])
    return Endpoint(
        "zone",
        f"{tenant.id}/{zone.id}",
        address,
        ("cloud", "tenants", t, "zones", z),
        site=site,
        tenant=tenant,
        zone=zone,
        data_centre=data_centre_at(zone, address) if site is None else None,
    )


def device_endpoint(topology: Topology, hostname: str) -> Endpoint:
    """A managed device at its management address."""
    index = index_of(topology)
    site = index.device_site[hostname]
    s = index.site_position[site.id]
    d = [device.hostname for device in site.devices].index(hostname)
    device = site.devices[d]
    placed = zone_of(topology, device.management.address.ip)
    return Endpoint(
        "device",
        hostname,
        device.management.address.ip,
        ("sites", s, "devices", d),
        site=None if site.kind is SiteKind.DATA_CENTRE else site,
        device=hostname,
        tenant=placed[1] if placed else None,
        zone=placed[3] if placed else None,
    )


def site_endpoint(topology: Topology, s: int) -> Endpoint:
    """A site's LAN: the first host of its first range in an on-premises zone, else its
    first device's management address."""
    site = topology.sites[s]
    for network in index_of(topology).site_prefixes(site):
        placed = zone_of(topology, first_host(network))
        if placed is not None and on_premises(placed[1], placed[3]):
            address = first_host(network)
            return Endpoint(
                "site", site.id, address, ("sites", s), site, None, placed[1], placed[3]
            )
    if site.devices:
        address = site.devices[0].management.address.ip
        return Endpoint("site", site.id, address, ("sites", s), site)
    raise UsageError(f"site {site.id} has no LAN range and no device to trace from")


def gateway_endpoint(topology: Topology, s: int, g: int) -> Endpoint:
    """An imaging gateway at its imaging address, in its tenant's zone."""
    site = topology.sites[s]
    gateway = site.imaging_gateways[g]
    tenants = {tenant.id: tenant for tenant in topology.cloud.tenants}
    tenant = tenants.get(gateway.tenant)
    zone = next((z for z in tenant.zones if z.id == gateway.zone), None) if tenant else None
    return Endpoint(
        "gateway",
        gateway.hostname,
        gateway.imaging_address.ip,
        ("sites", s, "imaging_gateways", g),
        site=site,
        tenant=tenant,
        zone=zone,
    )


def ont_endpoint(topology: Topology, visit: OntVisit) -> Endpoint:
    """An ONT, on its site's LAN."""
    s = index_of(topology).site_position[visit.port.site.id]
    lan = site_endpoint(topology, s)
    name = f"{visit.port.olt.device}:{visit.port.port.port}:{visit.ont.id}"
    return Endpoint(
        "ont", name, lan.address, visit.path, lan.site, None, lan.tenant, lan.zone, visit
    )


def _address_endpoint(topology: Topology, address: IPv4Address) -> Endpoint:
    index = index_of(topology)
    for hostname, device in index.devices.items():
        if device.management.address.ip == address:
            return device_endpoint(topology, hostname)
    placed = zone_of(topology, address)
    for s, site in enumerate(topology.sites):
        if any(address in network for network in index.site_prefixes(site)):
            lan = site_endpoint(topology, s)
            tenant, zone = (placed[1], placed[3]) if placed else (lan.tenant, lan.zone)
            return Endpoint("address", str(address), address, lan.path, site, None, tenant, zone)
    if placed is None:
        raise UsageError(f"address {address} is in no zone of any tenant and behind no site")
    t, tenant, z, zone = placed
    endpoint = zone_endpoint(topology, t, z)
    return Endpoint(
        "address",
        str(address),
        address,
        endpoint.path,
        endpoint.site,
        None,
        tenant,
        zone,
        data_centre=None if endpoint.site else data_centre_at(zone, address),
    )


def _zone_named(topology: Topology, text: str) -> Endpoint | None:
    """``[tenant/]zone[@data-centre]``: the zone, in that data centre's cloud when named."""
    text, _, data_centre = text.partition("@")
    if data_centre and data_centre not in topology.data_centres.sites:
        raise UsageError(
            f"'{text}@{data_centre}': no data centre has that name "
            f"(data centres: {', '.join(topology.data_centres.sites)})"
        )
    tenant_id, _, zone_id = text.rpartition("/")
    found = [
        (t, z)
        for t, tenant in enumerate(topology.cloud.tenants)
        for z, zone in enumerate(tenant.zones)
        if zone.id == zone_id and tenant_id in ("", tenant.id)
    ]
    if len(found) > 1:
        names = ", ".join(f"{topology.cloud.tenants[t].id}/{zone_id}" for t, _ in found)
        raise UsageError(f"zone '{text}' is in several tenants; name one of {names}")
    return zone_endpoint(topology, *found[0], data_centre or None) if found else None


def _ont_named(topology: Topology, text: str) -> Endpoint | None:
    if text.count(":") != 2:
        return None
    olt, port, ont_id = text.split(":")
    for visit in onts(topology):
        if (visit.port.olt.device, visit.port.port.port, str(visit.ont.id)) == (olt, port, ont_id):
            return ont_endpoint(topology, visit)
    return None


def resolve(topology: Topology, text: str) -> Endpoint:
    """The endpoint ``text`` names: an address, a device or imaging gateway hostname, a site
    id, an ONT (``OLT:F/S/P:ID``) or a zone (``zone`` or ``tenant/zone``).

    Raises:
        UsageError: naming what was looked for when nothing has that name.
    """
    try:
        address = ip_address(text)
    except ValueError:
        address = None
    if isinstance(address, IPv4Address):
        return _address_endpoint(topology, address)
    index = index_of(topology)
    if text in index.devices:
        return device_endpoint(topology, text)
    for s, site in enumerate(topology.sites):
        for g, gateway in enumerate(site.imaging_gateways):
            if gateway.hostname == text:
                return gateway_endpoint(topology, s, g)
    if text in index.site_position:
        return site_endpoint(topology, index.site_position[text])
    found = _ont_named(topology, text) or _zone_named(topology, text)
    if found is None:
        raise UsageError(
            f"'{text}' names no site, device, imaging gateway, zone, ONT (OLT:F/S/P:ID) "
            "or address of the topology"
        )
    return found


def moved_end(topology: Topology, end: Endpoint, failure: Failure) -> Endpoint | None:
    """``end``, or, when the data centre whose cloud holds it is down, the same zone in the
    next data centre's cloud that is up (None: there is none, or the end is an address
    such as an archive's, which lives in that data centre alone)."""
    if end.data_centre is None or end.data_centre not in failure.data_centres:
        return end
    if end.kind != "zone" or end.tenant is None or end.zone is None:
        return None
    t = topology.cloud.tenants.index(end.tenant)
    z = end.tenant.zones.index(end.zone)
    for centre in cloud_data_centres(topology, end.zone):
        if centre is not None and centre not in failure.data_centres:
            return zone_endpoint(topology, t, z, centre)
    return None
