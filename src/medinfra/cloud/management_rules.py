"""The management zone's egress towards the devices it manages (pure, no Pulumi).

The management servers (NMS, syslog, NTP) sit in the tenant's cloud zone of kind management;
every managed device has its management address in one of the management plane's networks
(``management.networks``), behind the data-centre edge. So that zone's egress opens each port
of the catalogue's management services (SSH, SNMP...) towards each of those networks, and
its security group mirrors it; the tenant router routes them to the edge
(:func:`medinfra.cloud.routing.tenant_router`). The replies come back through the stateful
rule of the connection.
"""

from ipaddress import IPv4Network

from medinfra.cloud.ports import PortMatch, service_matches
from medinfra.cloud.rule_specs import FirewallRuleSpec
from medinfra.model.cloud import Zone, ZoneKind
from medinfra.model.services import Service, ServiceKind


def management_matches(
    zone: Zone, services: dict[str, Service], managed: tuple[IPv4Network, ...]
) -> list[tuple[PortMatch, IPv4Network]]:
    """(match, device range) the management servers of ``zone`` open towards the devices:
    each port of the catalogue's management services to each management network
    (``management.networks``) the zone's own ranges do not hold. Only a cloud zone of kind
    management has them; the replies come back through the stateful rule."""
    if zone.on_premises or zone.kind is not ZoneKind.MANAGEMENT:
        return []
    return [
        (match, network)
        for service in services.values()
        if service.kind is ServiceKind.MANAGEMENT
        for match in service_matches(service)
        for network in managed
        if not any(network.subnet_of(own) for own in zone.ranges)
    ]


def management_firewall_rules(
    zone: Zone,
    services: dict[str, Service],
    managed: tuple[IPv4Network, ...],
    sources: tuple[IPv4Network, ...] | None = None,
) -> list[FirewallRuleSpec]:
    """The egress FWaaS rules of :func:`management_matches`, one per source range: each of
    ``sources`` (the zone's ranges in the stack's data centre; None: every range of the
    zone). Unnamed: :func:`medinfra.cloud.fwaas_rules.firewall_rules` names them by
    content."""
    return [
        FirewallRuleSpec(
            name="",
            action="allow",
            protocol=match.protocol,
            source=str(source),
            destination=str(network),
            destination_port=match.fwaas_port,
            description=f"management: {match.service} from zone {zone.id} to devices {network}",
            policy=None,
            service=match.service,
            service_kind=match.kind,
            base="management",
        )
        for match, network in management_matches(zone, services, managed)
        for source in (zone.ranges if sources is None else sources)
    ]
