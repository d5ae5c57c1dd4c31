"""A zone's policies as the ordered rules of its FWaaS ingress and egress policies (pure).

For a zone Z, the FWaaS *ingress* policy holds the zone policies whose destination is Z
(traffic entering Z through its router port) and the *egress* policy those whose source is
Z; both keep the model's order and end in an explicit rule with the tenant's default action,
matching every protocol. A rule whose match an earlier one has is declared once, and every
rule is named by its content, so inserting or reordering policies renames nothing.

With active-active data centres each stack's firewall group sits on the router ports of its
own data centre's subnets, so the zone's side of a rule (the source of egress, the
destination of ingress) is only the ranges that data centre's cloud holds: the other
data centre's ranges there would never match. The remote side keeps every data centre's
ranges, the zone's own included (traffic between the two clouds crosses the edges), as the
security group's remote prefixes do.
"""

from dataclasses import replace
from ipaddress import IPv4Network

from medinfra.cloud.management_rules import management_firewall_rules
from medinfra.cloud.openstack_api import content_digest
from medinfra.cloud.ports import ANY
from medinfra.cloud.rule_specs import Direction, FirewallRuleSpec
from medinfra.cloud.zone_policies import (
    base_egress_matches,
    intra_zone_pairs,
    policy_matches,
    zones_by_id,
)
from medinfra.model.cloud import BaseEgress, PolicyAction, Tenant, Zone
from medinfra.model.services import Service

Ranges = tuple[IPv4Network, ...]

FWAAS_ACTIONS = {PolicyAction.PERMIT: "allow", PolicyAction.DENY: "deny"}


def _fwaas_key(
    action: str, protocol: str, source: str | None, destination: str | None, port: str | None
) -> tuple[str, ...]:
    return (action, protocol, source or "", destination or "", port or "")


def _base_firewall_rules(
    tenant: Tenant, zone: Zone, base: BaseEgress, ntp: Ranges, data_centre: str | None
) -> list[FirewallRuleSpec]:
    """FWaaS egress rules for DNS and NTP servers outside the zone (they cross the router).

    The metadata service is answered inside the router (Neutron's metadata proxy), so only
    the security group opens it.
    """
    specs = []
    for purpose, match, remote in base_egress_matches(zone, base, ntp, data_centre):
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


def _intra_zone_firewall_rules(
    zone: Zone, sources: Ranges | None, destinations: Ranges | None
) -> list[FirewallRuleSpec]:
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
        for source, destination in intra_zone_pairs(
            zone, sources=sources, destinations=destinations
        )
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
    data_centre: str | None = None,
) -> tuple[FirewallRuleSpec, ...]:
    """The ordered FWaaS rules of ``zone``'s ingress or egress policy, default rule last.

    A rule whose match (protocol, addresses, port) an earlier rule already has is left out:
    the earlier one decides that traffic. Names follow the content, not the position, so
    inserting a policy renames nothing; the order is the FWaaS policy's ``rules`` list.
    Both start with the zone's intra-zone rules (:func:`intra_zone_pairs`), the egress
    policy then with the base egress (DNS, NTP) of ``base`` and, for a management zone, the
    management of the devices in ``managed`` (:func:`management_matches`). In the stack of
    ``data_centre`` the zone's side is the ranges its cloud holds (None: every range).
    """
    zones = zones_by_id(tenant)
    own = zone.ranges_in(data_centre)
    # the zone's side: the source of its egress, the destination of its ingress
    sources, destinations = (own, None) if direction is Direction.EGRESS else (None, own)
    side = "destination" if direction is Direction.INGRESS else "source"
    short = "in" if direction is Direction.INGRESS else "out"
    candidates = _intra_zone_firewall_rules(zone, sources, destinations)
    if direction is Direction.EGRESS and base is not None:
        candidates += _base_firewall_rules(tenant, zone, base, ntp, data_centre)
    if direction is Direction.EGRESS:
        candidates += management_firewall_rules(zone, services, managed, own)
    for policy in tenant.policies:
        if getattr(policy, side) != zone.id:
            continue
        for source, destination, match in policy_matches(
            policy, zones, services, sources=sources, destinations=destinations
        ):
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
