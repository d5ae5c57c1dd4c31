"""Zone policies and what they match, shared by the FWaaS and security group rules (pure).

Each zone policy expands to one match per source range, destination range and service port
(:func:`policy_matches`). Only cloud zones have ports, policies and security groups; an
on-premises zone appears as the remote ranges of the cloud zones' rules (its traffic enters
the cloud through the router's gateway, and the cloud zone's port filters it). A zone of
several ranges is open to itself (:func:`intra_zone_pairs`), as a zone of one subnet is.
The base egress of the model (DNS, NTP, the metadata service) opens what instances need to
boot and keep time (:func:`base_egress_matches`).
"""

from ipaddress import IPv4Network

from medinfra.cloud.errors import CloudError
from medinfra.cloud.ports import PortMatch, service_matches
from medinfra.model.cloud import BaseEgress, PolicyAction, Tenant, Zone, ZoneKind, ZonePolicy
from medinfra.model.services import Service, ServiceKind

METADATA_ADDRESS = IPv4Network("169.254.169.254/32")
"""The Nova metadata service, answered by Neutron's metadata proxy."""


def zones_by_id(tenant: Tenant) -> dict[str, Zone]:
    """The tenant's zones by id."""
    return {zone.id: zone for zone in tenant.zones}


def is_patient_facing(zone: Zone) -> bool:
    """The patient portal: flagged ``patient_facing`` or of kind public."""
    return zone.patient_facing or zone.kind is ZoneKind.PUBLIC


def check_patient_facing(tenant: Tenant, services: dict[str, Service], index: int) -> None:
    """Refuse a permit from a patient-facing zone to anything but the image viewer.

    Raises:
        CloudError: naming the policy and the service that breaks the rule.
    """
    zones = zones_by_id(tenant)
    for position, policy in enumerate(tenant.policies):
        if policy.action is not PolicyAction.PERMIT or not is_patient_facing(zones[policy.source]):
            continue
        for service_id in policy.services:
            if services[service_id].kind is not ServiceKind.IMAGE_VIEWER:
                raise CloudError(
                    f"tenant {tenant.id}: policy {policy.name} permits service {service_id} "
                    f"({services[service_id].kind.value}) from patient-facing zone "
                    f"{policy.source}; a patient-facing zone may reach only image_viewer services",
                    ("cloud", "tenants", index, "policies", position, "services"),
                )


def policy_matches(
    policy: ZonePolicy,
    zones: dict[str, Zone],
    services: dict[str, Service],
    *,
    sources: tuple[IPv4Network, ...] | None = None,
    destinations: tuple[IPv4Network, ...] | None = None,
) -> list[tuple[IPv4Network, IPv4Network, PortMatch]]:
    """(source, destination, match) of a zone policy: one per service port, source range and
    destination range.

    ``sources``/``destinations`` (None: every range of the policy's zone) narrow one side to
    the ranges a data centre's cloud holds: a zone's own side in its firewall
    (``Zone.ranges_in``); the other side keeps every data centre's ranges.
    """
    return [
        (source, destination, match)
        for service_id in policy.services
        for match in service_matches(services[service_id])
        for source in (zones[policy.source].ranges if sources is None else sources)
        for destination in (
            zones[policy.destination].ranges if destinations is None else destinations
        )
    ]


def intra_zone_pairs(
    zone: Zone,
    *,
    sources: tuple[IPv4Network, ...] | None = None,
    destinations: tuple[IPv4Network, ...] | None = None,
) -> list[tuple[IPv4Network, IPv4Network]]:
    """(source, destination) of every two different ranges of a zone, in model order.

    Traffic between two subnets of one zone crosses the router: it leaves through one port
    (the zone's egress policy) and enters through another (its ingress policy). Within one
    subnet it never reaches the router, so a zone is open to itself; these pairs keep a zone
    of several ranges so too. A zone's ranges are few (n ranges give n*(n-1) pairs).
    ``sources``/``destinations`` (None: every range) keep only the pairs whose source or
    destination is one of them (the zone's own side in one data centre).
    """
    if zone.on_premises:
        return []  # its traffic never enters the cloud
    return [
        (a, b)
        for a in zone.ranges
        if sources is None or a in sources
        for b in zone.ranges
        if a != b and (destinations is None or b in destinations)
    ]


def base_egress_matches(
    zone: Zone,
    base: BaseEgress,
    ntp: tuple[IPv4Network, ...],
    data_centre: str | None = None,
) -> list[tuple[str, PortMatch, IPv4Network]]:
    """(purpose, match, remote) of the base egress: DNS, NTP, the metadata service.

    DNS goes to ``base.dns_servers`` or, when the model names none, to the zone's own
    subnets in the stack of ``data_centre`` (Neutron's DHCP port answers DNS there; None:
    every range); NTP to ``base.ntp_servers`` or the management plane's NTP servers; the
    metadata service is 169.254.169.254 tcp/80.
    """
    dns = base.dns_servers or zone.ranges_in(data_centre)
    out: list[tuple[str, PortMatch, IPv4Network]] = []
    for remote in dns:
        for proto in ("udp", "tcp"):
            out.append(("dns", PortMatch("dns", ServiceKind.MANAGEMENT, proto, 53, 53), remote))
    for remote in base.ntp_servers or ntp:
        out.append(("ntp", PortMatch("ntp", ServiceKind.MANAGEMENT, "udp", 123, 123), remote))
    if base.metadata_service:
        out.append(
            (
                "metadata",
                PortMatch("metadata", ServiceKind.MANAGEMENT, "tcp", 80, 80),
                METADATA_ADDRESS,
            )
        )
    return out
