"""The firewall hop: the first FWaaS rule of a zone's policy that a flow matches, from the
rules the cloud program declares (:func:`medinfra.cloud.fwaas_rules.firewall_rules`)."""

from dataclasses import dataclass
from ipaddress import IPv4Address

from medinfra.cloud.fwaas_rules import firewall_rules
from medinfra.cloud.ports import ANY, PortMatch, service_matches
from medinfra.cloud.rule_specs import Direction, FirewallRuleSpec
from medinfra.flow.hops import Break, Hop, Layer
from medinfra.model.addresses import parsed_network
from medinfra.model.cloud import Tenant, Zone
from medinfra.model.index import ModelPath, PerTopology, index_of
from medinfra.model.services import Service
from medinfra.model.topology import Topology


@dataclass(frozen=True)
class ZoneAt:
    """A zone with its tenant and their positions in the model."""

    t: int
    tenant: Tenant
    z: int
    zone: Zone


def zone_at(topology: Topology, tenant: Tenant, zone: Zone) -> ZoneAt:
    """``zone`` of ``tenant`` with its positions."""
    t = topology.cloud.tenants.index(tenant)
    return ZoneAt(t, tenant, tenant.zones.index(zone), zone)


class _ZoneRules:
    """The ordered FWaaS rules of each zone and direction, built on first use."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        self._rules: dict[tuple[int, int, Direction], tuple[FirewallRuleSpec, ...]] = {}

    def __call__(self, t: int, z: int, direction: Direction) -> tuple[FirewallRuleSpec, ...]:
        key = (t, z, direction)
        if key not in self._rules:
            tenant = self.topology.cloud.tenants[t]
            services = index_of(self.topology).services
            managed = self.topology.management.networks
            self._rules[key] = firewall_rules(
                tenant, tenant.zones[z], services, direction, managed=managed
            )
        return self._rules[key]


_rules: PerTopology[_ZoneRules] = PerTopology(_ZoneRules)


def _port_in(spec_port: str | None, match: PortMatch) -> bool:
    if spec_port is None:
        return True
    if match.port_min is None:
        return False
    low, _, high = spec_port.partition(":")
    return int(low) <= match.port_min and (match.port_max or match.port_min) <= int(high or low)


def _within(network: str | None, address: IPv4Address) -> bool:
    return network is None or address in parsed_network(network)


def _matches(
    spec: FirewallRuleSpec, match: PortMatch, source: IPv4Address, dest: IPv4Address
) -> bool:
    protocol_ok = spec.protocol in (ANY, match.protocol)
    return (
        protocol_ok
        and _within(spec.source, source)
        and _within(spec.destination, dest)
        and _port_in(spec.destination_port, match)
    )


def rule_line(direction: Direction, spec: FirewallRuleSpec) -> str:
    """The declared FWaaS rule as one line: name, action and match."""
    port = f" port {spec.destination_port}" if spec.destination_port else ""
    return (
        f"fwaas {direction.value} rule {spec.name}: {spec.action} {spec.protocol} "
        f"{spec.source or 'any'} -> {spec.destination or 'any'}{port}"
    )


def _rule_path(topology: Topology, at: ZoneAt, spec: FirewallRuleSpec) -> ModelPath:
    if spec.base == "management" and spec.destination is not None:  # the devices' network
        networks = [str(network) for network in topology.management.networks]
        return ("management", "networks", networks.index(spec.destination))
    if spec.intra_zone:  # between two ranges of the zone: the zone's own ranges allow it
        return ("cloud", "tenants", at.t, "zones", at.z, "ranges")
    if spec.policy is None:
        return ("cloud", "tenants", at.t, "default_action")
    names = [policy.name for policy in at.tenant.policies]
    return ("cloud", "tenants", at.t, "policies", names.index(spec.policy))


def firewall_hops(
    topology: Topology,
    at: ZoneAt,
    direction: Direction,
    addresses: tuple[IPv4Address, IPv4Address],
    service: Service,
) -> tuple[list[Hop], Break | None]:
    """One hop per transport port of ``service`` from ``addresses[0]`` to ``addresses[1]``:
    the rule of ``at``'s ingress (traffic entering the zone) or egress policy that decides
    it; a break at the first denied one."""
    source, destination = addresses
    rules = _rules(topology)(at.t, at.z, direction)
    hops: list[Hop] = []
    for match in service_matches(service):
        spec = next(rule for rule in rules if _matches(rule, match, source, destination))
        port = f"{match.protocol}/{match.fwaas_port}" if match.fwaas_port else match.protocol
        where = f"zone {at.tenant.id}/{at.zone.id} {direction.value}"
        if spec.action != "allow":
            return hops, Break(
                Layer.FIREWALL,
                _rule_path(topology, at, spec),
                f"{where}: {service.id} {port} from {source} to {destination} is denied by "
                f"{spec.policy or 'the default rule'} ({spec.name})",
            )
        hops.append(
            Hop(
                Layer.FIREWALL,
                f"{where} allows {service.id} {port} ({spec.policy or _unnamed(spec)})",
                _rule_path(topology, at, spec),
                line=rule_line(direction, spec),
            )
        )
    return hops, None


def _unnamed(spec: FirewallRuleSpec) -> str:
    """What decides a rule no policy wrote: the zone itself, the base egress or the default."""
    if spec.intra_zone:
        return "intra-zone"
    if spec.base == "management":
        return "management of the devices in management.networks"
    return f"base egress {spec.base}" if spec.base else "default rule"


def stateful_return(at: ZoneAt, direction: Direction) -> Hop:
    """The return of a permitted connection: FWaaS rules are stateful."""
    return Hop(
        Layer.FIREWALL,
        f"zone {at.tenant.id}/{at.zone.id} {direction.value}: reply of the permitted "
        "connection (FWaaS rules are stateful)",
        ("cloud", "tenants", at.t, "zones", at.z),
    )
