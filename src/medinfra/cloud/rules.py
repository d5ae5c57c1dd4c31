"""Zone policies as ordered firewall rules and security group rules (pure, no Pulumi).

For a zone Z, the FWaaS *ingress* policy holds the zone policies whose destination is Z
(traffic entering Z through its router port) and the *egress* policy those whose source is
Z; both keep the model's order and end in an explicit rule with the tenant's default action,
matching every protocol. Each zone policy expands to one rule per source range, destination
range and service port. Security groups mirror the permits (they cannot express a deny: a
permit shadowed by an earlier deny of the same zones and service is left out).

Rules the API would take as equal are declared once (Neutron refuses a duplicate
security-group rule with 409), and every rule is named by its content, so inserting or
reordering policies renames nothing. The base egress of the model (DNS, NTP, the metadata
service) opens what instances need to boot and keep time.

Only cloud zones have ports, policies and security groups; an on-premises zone appears as the
remote ranges of the cloud zones' rules (its traffic enters the cloud through the router's
gateway, and the cloud zone's port filters it). A zone of several ranges is open to itself
(intra-zone rules first), as a zone of one subnet is.
"""

from dataclasses import replace
from ipaddress import IPv4Network

from medinfra.cloud.errors import CloudError
from medinfra.cloud.management_rules import management_firewall_rules, management_matches
from medinfra.cloud.openstack_api import NeutronRuleKey, content_digest
from medinfra.cloud.ports import ANY, PortMatch, service_matches
from medinfra.cloud.rule_specs import (
    ETHERTYPE,
    Direction,
    FirewallRuleSpec,
    SecurityGroupRuleSpec,
)
from medinfra.model.cloud import BaseEgress, PolicyAction, Tenant, Zone, ZoneKind, ZonePolicy
from medinfra.model.services import Service, ServiceKind

__all__ = [
    "ETHERTYPE",
    "FWAAS_ACTIONS",
    "METADATA_ADDRESS",
    "Direction",
    "FirewallRuleSpec",
    "SecurityGroupRuleSpec",
    "base_egress_matches",
    "check_patient_facing",
    "firewall_rules",
    "intra_zone_pairs",
    "is_patient_facing",
    "security_group_rules",
    "tenant_security_group_rule_count",
    "zones_by_id",
]

FWAAS_ACTIONS = {PolicyAction.PERMIT: "allow", PolicyAction.DENY: "deny"}
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


def _expand(
    policy: ZonePolicy, zones: dict[str, Zone], services: dict[str, Service]
) -> list[tuple[IPv4Network, IPv4Network, PortMatch]]:
    return [
        (source, destination, match)
        for service_id in policy.services
        for match in service_matches(services[service_id])
        for source in zones[policy.source].ranges
        for destination in zones[policy.destination].ranges
    ]


def _fwaas_key(
    action: str, protocol: str, source: str | None, destination: str | None, port: str | None
) -> tuple[str, ...]:
    return (action, protocol, source or "", destination or "", port or "")


def _base_firewall_rules(
    tenant: Tenant, zone: Zone, base: BaseEgress, ntp: tuple[IPv4Network, ...]
) -> list[FirewallRuleSpec]:
    """FWaaS egress rules for DNS and NTP servers outside the zone (they cross the router).

    The metadata service is answered inside the router (Neutron's metadata proxy), so only
    the security group opens it.
    """
    specs = []
    for purpose, match, remote in base_egress_matches(zone, base, ntp):
        if purpose == "metadata" or any(remote.subnet_of(own) for own in zone.ranges):
            continue
        specs.append(
            FirewallRuleSpec(
                name="",
                action="allow",
                protocol=match.protocol,
                source=None,
                destination=str(remote),
                destination_port=match.fwaas_port,
                description=f"base egress: {purpose} from zone {zone.id} to {remote}",
                policy=None,
                service=None,
                service_kind=None,
                base=purpose,
            )
        )
    return specs


def intra_zone_pairs(zone: Zone) -> list[tuple[IPv4Network, IPv4Network]]:
    """(source, destination) of every two different ranges of a zone, in model order.

    Traffic between two subnets of one zone crosses the router: it leaves through one port
    (the zone's egress policy) and enters through another (its ingress policy). Within one
    subnet it never reaches the router, so a zone is open to itself; these pairs keep a zone
    of several ranges so too. A zone's ranges are few (n ranges give n*(n-1) pairs).
    """
    if zone.on_premises:
        return []  # its traffic never enters the cloud
    return [(a, b) for a in zone.ranges for b in zone.ranges if a != b]


def _intra_zone_firewall_rules(zone: Zone) -> list[FirewallRuleSpec]:
    return [
        FirewallRuleSpec(
            name="",
            action="allow",
            protocol=ANY,
            source=str(source),
            destination=str(destination),
            destination_port=None,
            description=f"intra-zone: zone {zone.id} {source} -> {destination}",
            policy=None,
            service=None,
            service_kind=None,
            intra_zone=True,
        )
        for source, destination in intra_zone_pairs(zone)
    ]


def _named_fwaas(
    tenant: Tenant, zone: Zone, short: str, spec: FirewallRuleSpec
) -> FirewallRuleSpec:
    digest = content_digest(
        short, spec.protocol, spec.source, spec.destination, spec.destination_port
    )
    return replace(spec, name=f"{tenant.id}-{zone.id}-{short}-{spec.action}-{digest}")


def firewall_rules(
    tenant: Tenant,
    zone: Zone,
    services: dict[str, Service],
    direction: Direction,
    base: BaseEgress | None = None,
    *,
    ntp: tuple[IPv4Network, ...] = (),
    managed: tuple[IPv4Network, ...] = (),
) -> tuple[FirewallRuleSpec, ...]:
    """The ordered FWaaS rules of ``zone``'s ingress or egress policy, default rule last.

    A rule whose match (protocol, addresses, port) an earlier rule already has is left out:
    the earlier one decides that traffic. Names follow the content, not the position, so
    inserting a policy renames nothing; the order is the FWaaS policy's ``rules`` list.
    Both start with the zone's intra-zone rules (:func:`intra_zone_pairs`), the egress
    policy then with the base egress (DNS, NTP) of ``base`` and, for a management zone, the
    management of the devices in ``managed`` (:func:`management_matches`).
    """
    zones = zones_by_id(tenant)
    side = "destination" if direction is Direction.INGRESS else "source"
    short = "in" if direction is Direction.INGRESS else "out"
    candidates = _intra_zone_firewall_rules(zone)
    if direction is Direction.EGRESS and base is not None:
        candidates += _base_firewall_rules(tenant, zone, base, ntp)
    if direction is Direction.EGRESS:
        candidates += management_firewall_rules(zone, services, managed)
    for policy in tenant.policies:
        if getattr(policy, side) != zone.id:
            continue
        for source, destination, match in _expand(policy, zones, services):
            candidates.append(
                FirewallRuleSpec(
                    name="",
                    action=FWAAS_ACTIONS[policy.action],
                    protocol=match.protocol,
                    source=str(source),
                    destination=str(destination),
                    destination_port=match.fwaas_port,
                    description=f"{policy.name}: {match.service} ({match.kind.value}) "
                    f"{policy.source} -> {policy.destination}",
                    policy=policy.name,
                    service=match.service,
                    service_kind=match.kind,
                )
            )
    rules: list[FirewallRuleSpec] = []
    seen: set[tuple[str, ...]] = set()
    for spec in candidates:
        key = _fwaas_key("", spec.protocol, spec.source, spec.destination, spec.destination_port)
        if key not in seen:
            seen.add(key)
            rules.append(_named_fwaas(tenant, zone, short, spec))
    default = tenant.default_action
    rules.append(
        FirewallRuleSpec(
            name=f"{tenant.id}-{zone.id}-{short}-default-{default.value}",
            action=FWAAS_ACTIONS[default],
            protocol=ANY,
            source=None,
            destination=None,
            destination_port=None,
            description=f"default {default.value}: everything no earlier rule matched",
            policy=None,
            service=None,
            service_kind=None,
        )
    )
    return tuple(rules)


def base_egress_matches(
    zone: Zone, base: BaseEgress, ntp: tuple[IPv4Network, ...]
) -> list[tuple[str, PortMatch, IPv4Network]]:
    """(purpose, match, remote) of the base egress: DNS, NTP, the metadata service.

    DNS goes to ``base.dns_servers`` or, when the model names none, to the zone's own
    subnets (Neutron's DHCP port answers DNS there); NTP to ``base.ntp_servers`` or the
    management plane's NTP servers; the metadata service is 169.254.169.254 tcp/80.
    """
    dns = base.dns_servers or zone.ranges
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


def _policy_sg_candidates(
    tenant: Tenant, zone: Zone, services: dict[str, Service]
) -> list[SecurityGroupRuleSpec]:
    zones = zones_by_id(tenant)
    denied: set[tuple[str, str, str]] = set()
    rules: list[SecurityGroupRuleSpec] = []
    for policy in tenant.policies:
        keys = {(policy.source, policy.destination, s) for s in policy.services}
        if policy.action is PolicyAction.DENY:
            denied |= keys
            continue
        for direction, wanted, remote_zone in (
            (Direction.INGRESS, policy.destination, policy.source),
            (Direction.EGRESS, policy.source, policy.destination),
        ):
            if wanted != zone.id:
                continue
            for service_id in policy.services:
                if (policy.source, policy.destination, service_id) in denied:
                    continue
                for match in service_matches(services[service_id]):
                    for remote in zones[remote_zone].ranges:
                        rules.append(
                            _sg_spec(
                                policy.name,
                                direction,
                                match,
                                remote,
                                description=f"{policy.name}: {match.service} "
                                f"({match.kind.value}) {policy.source} -> "
                                f"{policy.destination}",
                            )
                        )
    return rules


def _intra_zone_sg_candidates(zone: Zone) -> list[SecurityGroupRuleSpec]:
    """Every protocol from and to each of the zone's own ranges (cloud zones)."""
    if zone.on_premises:
        return []
    match = PortMatch("intra-zone", ServiceKind.OTHER, ANY)
    return [
        replace(
            _sg_spec(
                None,
                direction,
                match,
                own,
                description=f"intra-zone: zone {zone.id} {direction.value} {own}",
            ),
            intra_zone=True,
        )
        for direction in Direction
        for own in zone.ranges
    ]


def _sg_spec(
    policy: str | None,
    direction: Direction,
    match: PortMatch,
    remote: IPv4Network,
    *,
    description: str,
    base: str | None = None,
) -> SecurityGroupRuleSpec:
    return SecurityGroupRuleSpec(
        name="",
        direction=direction,
        protocol=match.security_group_protocol,
        port_min=match.port_min,
        port_max=match.port_max,
        remote_ip_prefix=str(remote),
        description=description,
        policy=policy,
        service=match.service,
        service_kind=match.kind,
        base=base,
    )


def security_group_rules(
    tenant: Tenant,
    zone: Zone,
    services: dict[str, Service],
    base: BaseEgress | None = None,
    ntp: tuple[IPv4Network, ...] = (),
    *,
    managed: tuple[IPv4Network, ...] = (),
) -> tuple[SecurityGroupRuleSpec, ...]:
    """The zone's security group rules: ingress from permitted sources, egress to destinations.

    Ingress rules take the source zone's ranges as remote, egress rules the destination
    zone's; the base egress (DNS, NTP, metadata) comes first, then the zone's own ranges
    (instances of one zone reach each other on every protocol, whatever subnet they are on); a
    management zone's egress to the devices in ``managed`` follows the base egress.
    Rules equal under Neutron's duplicate key (:class:`NeutronRuleKey`) are declared once,
    named by that key.
    """
    candidates = [
        _sg_spec(
            None,
            Direction.EGRESS,
            match,
            remote,
            description=f"base egress: {purpose} from zone {zone.id}",
            base=purpose,
        )
        for purpose, match, remote in (base_egress_matches(zone, base, ntp) if base else [])
    ]
    candidates += [
        _sg_spec(
            None,
            Direction.EGRESS,
            match,
            network,
            description=f"management: {match.service} from zone {zone.id} to devices {network}",
            base="management",
        )
        for match, network in management_matches(zone, services, managed)
    ]
    candidates += _intra_zone_sg_candidates(zone) + _policy_sg_candidates(tenant, zone, services)
    rules: list[SecurityGroupRuleSpec] = []
    seen: set[NeutronRuleKey] = set()
    for spec in candidates:
        key = spec.neutron_key
        if key in seen:
            continue
        seen.add(key)
        rules.append(replace(spec, name=f"{tenant.id}-{zone.id}-sg-{key.digest()}"))
    return tuple(rules)


def tenant_security_group_rule_count(
    tenant: Tenant,
    services: dict[str, Service],
    base: BaseEgress | None = None,
    ntp: tuple[IPv4Network, ...] = (),
    *,
    managed: tuple[IPv4Network, ...] = (),
) -> int:
    """Security group rules all of the tenant's cloud zones declare (sizes its quota)."""
    return sum(
        len(security_group_rules(tenant, zone, services, base, ntp, managed=managed))
        for zone in tenant.cloud_zones
    )
