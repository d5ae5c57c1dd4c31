"""The flows a topology intends: each catalogue service a permit policy lets a site's
on-premises range send to a cloud zone (and back), each imaging gateway to its archive, and
the management zone to every managed device."""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from ipaddress import IPv4Address, ip_address

from medinfra.flow.endpoints import (
    Endpoint,
    cloud_data_centres,
    data_centre_at,
    device_endpoint,
    first_host,
    gateway_endpoint,
    moved_end,
    on_premises,
    zone_endpoint,
    zone_of,
)
from medinfra.flow.hops import Failure
from medinfra.model.cloud import PolicyAction, ZoneKind
from medinfra.model.index import ModelPath, index_of
from medinfra.model.services import Service, ServiceKind, ServicePort, TransportProtocol
from medinfra.model.topology import Topology


@dataclass(frozen=True)
class IntendedFlow:
    """A flow the model means to carry, with what makes it intended (``why``, ``origin``)."""

    why: str
    origin: ModelPath
    source: Endpoint
    dest: Endpoint
    service: Service | None


def _site_ends(topology: Topology, t: int, z: int) -> list[Endpoint]:
    """The on-premises zone ``z`` of tenant ``t`` as one endpoint per site range in it."""
    tenant = topology.cloud.tenants[t]
    zone = tenant.zones[z]
    index = index_of(topology)
    found = []
    for s, site in enumerate(topology.sites):
        if not site.uplinks:
            continue
        for network in index.site_prefixes(site):
            if any(network.subnet_of(own) for own in zone.ranges):
                found.append(
                    Endpoint(
                        "site",
                        site.id,
                        first_host(network),
                        ("sites", s),
                        site,
                        tenant=tenant,
                        zone=zone,
                    )
                )
    return found


def policy_flows(topology: Topology) -> Iterator[IntendedFlow]:
    """Each service of each permit policy between an on-premises zone and a cloud zone
    (to and from each data centre's cloud that holds ranges of the zone)."""
    index = index_of(topology)
    for t, tenant in enumerate(topology.cloud.tenants):
        zones = {zone.id: z for z, zone in enumerate(tenant.zones)}
        for p, policy in enumerate(tenant.policies):
            if policy.action is not PolicyAction.PERMIT:
                continue
            src, dst = zones.get(policy.source), zones.get(policy.destination)
            if src is None or dst is None:
                continue
            local = (on_premises(tenant, tenant.zones[src]), on_premises(tenant, tenant.zones[dst]))
            if local[0] == local[1]:
                continue
            sites = _site_ends(topology, t, src if local[0] else dst)
            z = dst if local[0] else src
            # each data centre's cloud holds its own ranges of the zone: a flow to or from
            # the zone is a flow to or from each of them
            holders = cloud_data_centres(topology, tenant.zones[z])
            clouds = [zone_endpoint(topology, t, z, dc) for dc in holders]
            for site, cloud in ((site, cloud) for site in sites for cloud in clouds):
                source, dest = (site, cloud) if local[0] else (cloud, site)
                for service_id in policy.services:
                    yield IntendedFlow(
                        f"policy {policy.name} of tenant {tenant.id} ({service_id})",
                        ("cloud", "tenants", t, "policies", p),
                        source,
                        dest,
                        index.services.get(service_id),
                    )


def _carrying(topology: Topology, port: int) -> Service | None:
    """The first catalogue service carrying TCP ``port``, narrowed to that one port (the
    archive listens on it alone)."""
    for service in topology.services:
        for entry in service.ports:
            low = entry.port or 0
            if entry.protocol is TransportProtocol.TCP and low <= port <= (entry.port_end or low):
                only = ServicePort(protocol=TransportProtocol.TCP, port=port)
                return service.model_copy(update={"ports": (only,)})
    return None


def gateway_flows(topology: Topology) -> Iterator[IntendedFlow]:
    """Each imaging gateway to its archive (an archive no zone holds is MI-FLOW-002's)."""
    for s, site in enumerate(topology.sites):
        for g, gateway in enumerate(site.imaging_gateways):
            try:
                found = ip_address(gateway.archive.host)
            except ValueError:
                continue
            if not isinstance(found, IPv4Address):
                continue
            host = found
            placed = zone_of(topology, host)
            if placed is None or on_premises(placed[1], placed[3]):
                continue
            zone = zone_endpoint(topology, placed[0], placed[2])
            archive = Endpoint(
                "archive",
                gateway.archive.ae_title,
                host,
                zone.path,
                None,
                None,
                placed[1],
                placed[3],
                data_centre=data_centre_at(placed[3], host),
            )
            yield IntendedFlow(
                f"imaging gateway {gateway.hostname} to archive {gateway.archive.ae_title}",
                ("sites", s, "imaging_gateways", g, "archive"),
                gateway_endpoint(topology, s, g),
                archive,
                _carrying(topology, gateway.archive.port),
            )


def management_flows(topology: Topology) -> Iterator[IntendedFlow]:
    """The management zone (the first zone of kind management, from each data centre's cloud
    that holds ranges of it) to every managed device, with the catalogue's management
    service."""
    manager = next(
        (
            (t, z, zone)
            for t, tenant in enumerate(topology.cloud.tenants)
            for z, zone in enumerate(tenant.zones)
            if zone.kind is ZoneKind.MANAGEMENT and not on_premises(tenant, zone)
        ),
        None,
    )
    if manager is None:
        return
    t, z, zone = manager
    # the management servers poll from every data centre's cloud of the zone
    sources = [zone_endpoint(topology, t, z, dc) for dc in cloud_data_centres(topology, zone)]
    service = next((s for s in topology.services if s.kind is ServiceKind.MANAGEMENT), None)
    for s, site in enumerate(topology.sites):
        for d, device in enumerate(site.devices):
            for source in sources:
                yield IntendedFlow(
                    f"management of {device.hostname}",
                    ("sites", s, "devices", d, "management"),
                    source,
                    device_endpoint(topology, device.hostname),
                    service,
                )


def intended_flows(topology: Topology) -> Iterator[IntendedFlow]:
    """Every flow the topology intends, in model order within each kind."""
    yield from policy_flows(topology)
    yield from gateway_flows(topology)
    yield from management_flows(topology)


def moved_with(topology: Topology, flow: IntendedFlow, failure: Failure) -> IntendedFlow | None:
    """``flow`` with a cloud end in a data centre that ``failure`` takes down moved to the
    zone's ranges in the next data centre's cloud (each cloud holds its own ranges of the
    zone; its hosts go down with the data centre). None: the flow has nowhere to go."""
    source = moved_end(topology, flow.source, failure)
    dest = moved_end(topology, flow.dest, failure)
    if source is None or dest is None:
        return None
    if source is flow.source and dest is flow.dest:
        return flow
    return replace(flow, source=source, dest=dest)
