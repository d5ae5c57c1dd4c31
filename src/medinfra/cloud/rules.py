"""Zone policies as ordered firewall rules and security group rules (pure, no Pulumi).

For a zone Z, the FWaaS *ingress* policy holds the zone policies whose destination is Z
(traffic entering Z through its router port) and the *egress* policy those whose source is
Z; both keep the model's order and end in an explicit rule with the tenant's default action,
matching every protocol. Each zone policy expands to one rule per source range, destination
range and service port. Security groups mirror the permits (they cannot express a deny: a
permit shadowed by an earlier deny of the same zones and service is left out).
"""

from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv4Network

from medinfra.cloud.errors import CloudError
from medinfra.cloud.ports import ANY, PortMatch, service_matches
from medinfra.model.cloud import PolicyAction, Tenant, Zone, ZoneKind, ZonePolicy
from medinfra.model.services import Service, ServiceKind

FWAAS_ACTIONS = {PolicyAction.PERMIT: "allow", PolicyAction.DENY: "deny"}


class Direction(StrEnum):
    """Which way traffic crosses a zone's router port."""

    INGRESS = "ingress"
    EGRESS = "egress"


@dataclass(frozen=True)
class FirewallRuleSpec:
    """One FWaaS rule in the order it takes in its zone's policy."""

    name: str
    action: str
    protocol: str
    source: str | None
    destination: str | None
    destination_port: str | None
    description: str
    policy: str | None
    service: str | None
    service_kind: ServiceKind | None

    @property
    def is_default(self) -> bool:
        """True for the closing rule that matches everything."""
        return self.policy is None


@dataclass(frozen=True)
class SecurityGroupRuleSpec:
    """One security group rule of a zone's group."""

    name: str
    direction: Direction
    protocol: str | None
    port_min: int | None
    port_max: int | None
    remote_ip_prefix: str
    description: str
    policy: str
    service: str
    service_kind: ServiceKind


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


def firewall_rules(
    tenant: Tenant, zone: Zone, services: dict[str, Service], direction: Direction
) -> tuple[FirewallRuleSpec, ...]:
    """The ordered FWaaS rules of ``zone``'s ingress or egress policy, default rule last."""
    zones = zones_by_id(tenant)
    side = "destination" if direction is Direction.INGRESS else "source"
    short = "in" if direction is Direction.INGRESS else "out"
    rules: list[FirewallRuleSpec] = []
    for policy in tenant.policies:
        if getattr(policy, side) != zone.id:
            continue
        for source, destination, match in _expand(policy, zones, services):
            rules.append(
                FirewallRuleSpec(
                    name=f"{tenant.id}-{zone.id}-{short}-{len(rules) + 1:03d}-{policy.name}",
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
    default = tenant.default_action
    rules.append(
        FirewallRuleSpec(
            name=f"{tenant.id}-{zone.id}-{short}-{len(rules) + 1:03d}-default-{default.value}",
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


def security_group_rules(
    tenant: Tenant, zone: Zone, services: dict[str, Service]
) -> tuple[SecurityGroupRuleSpec, ...]:
    """The zone's security group rules: ingress from permitted sources, egress to destinations."""
    zones = zones_by_id(tenant)
    denied: set[tuple[str, str, str]] = set()
    rules: list[SecurityGroupRuleSpec] = []
    for policy in tenant.policies:
        keys = {(policy.source, policy.destination, s) for s in policy.services}
        if policy.action is PolicyAction.DENY:
            denied |= keys
            continue
        for direction, wanted, remote_side in (
            (Direction.INGRESS, policy.destination, 0),
            (Direction.EGRESS, policy.source, 1),
        ):
            if wanted != zone.id:
                continue
            for pair in _expand(policy, zones, services):
                match = pair[2]
                if (policy.source, policy.destination, match.service) in denied:
                    continue
                remote = pair[remote_side]
                rules.append(
                    SecurityGroupRuleSpec(
                        name=f"{tenant.id}-{zone.id}-sg-{len(rules) + 1:03d}-{policy.name}",
                        direction=direction,
                        protocol=match.security_group_protocol,
                        port_min=match.port_min,
                        port_max=match.port_max,
                        remote_ip_prefix=str(remote),
                        description=f"{policy.name}: {match.service} ({match.kind.value}) "
                        f"{policy.source} -> {policy.destination}",
                        policy=policy.name,
                        service=match.service,
                        service_kind=match.kind,
                    )
                )
    return tuple(rules)


def tenant_security_group_rule_count(tenant: Tenant, services: dict[str, Service]) -> int:
    """Security group rules all of the tenant's zones declare (sizes its quota)."""
    return sum(len(security_group_rules(tenant, zone, services)) for zone in tenant.zones)
