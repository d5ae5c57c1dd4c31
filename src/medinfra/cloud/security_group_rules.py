"""A zone's policies as the rules of its security group (pure).

Security groups mirror the permits of the zone policies (they cannot express a deny: a permit
shadowed by an earlier deny of the same zones and service is left out), after the base
egress and the zone's own ranges. Rules the API would take as equal are declared once
(Neutron refuses a duplicate security-group rule with 409), named by Neutron's duplicate key.
"""

from dataclasses import replace
from ipaddress import IPv4Network

from medinfra.cloud.management_rules import management_matches
from medinfra.cloud.openstack_api import NeutronRuleKey
from medinfra.cloud.ports import ANY, PortMatch, service_matches
from medinfra.cloud.rule_specs import Direction, SecurityGroupRuleSpec
from medinfra.cloud.zone_policies import base_egress_matches, zones_by_id
from medinfra.model.cloud import BaseEgress, PolicyAction, Tenant, Zone
from medinfra.model.services import Service, ServiceKind


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
    data_centre: str | None = None,
) -> tuple[SecurityGroupRuleSpec, ...]:
    """The zone's security group rules: ingress from permitted sources, egress to destinations.

    Ingress rules take the source zone's ranges as remote, egress rules the destination
    zone's; the base egress (DNS, NTP, metadata) comes first, then the zone's own ranges
    (instances of one zone reach each other on every protocol, whatever subnet they are on); a
    management zone's egress to the devices in ``managed`` follows the base egress.
    Rules equal under Neutron's duplicate key (:class:`NeutronRuleKey`) are declared once,
    named by that key. In the stack of ``data_centre`` the default DNS servers are the
    zone's subnets that data centre's cloud holds (None: every range); the remote prefixes
    keep every data centre's ranges.
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
        for purpose, match, remote in (
            base_egress_matches(zone, base, ntp, data_centre) if base else []
        )
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
    data_centre: str | None = None,
) -> int:
    """Security group rules all of the tenant's cloud zones declare in the stack of
    ``data_centre`` (sizes its project's quota)."""
    return sum(
        len(
            security_group_rules(
                tenant, zone, services, base, ntp, managed=managed, data_centre=data_centre
            )
        )
        for zone in tenant.cloud_zones
    )
