"""The firewall and security-group rules a zone declares, as values (pure, no Pulumi).

Built by :mod:`medinfra.cloud.fwaas_rules` and :mod:`medinfra.cloud.security_group_rules`,
declared by :mod:`medinfra.cloud.firewall`, read by ``medinfra trace`` and the checks.
"""

from dataclasses import dataclass
from enum import StrEnum

from medinfra.cloud.openstack_api import NeutronRuleKey
from medinfra.model.services import ServiceKind

ETHERTYPE = "IPv4"


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
    base: str | None = None
    """``dns``/``ntp`` for a rule of the model's base egress, None otherwise."""
    intra_zone: bool = False
    """True for a rule between two ranges of the zone itself (:func:`intra_zone_pairs`)."""

    @property
    def is_default(self) -> bool:
        """True for the closing rule that matches everything."""
        return self.policy is None and self.base is None and not self.intra_zone


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
    policy: str | None
    service: str
    service_kind: ServiceKind
    base: str | None = None
    """``dns``/``ntp``/``metadata`` for a rule of the model's base egress, None otherwise."""
    intra_zone: bool = False
    """True for a rule that opens the zone to its own ranges."""

    @property
    def neutron_key(self) -> NeutronRuleKey:
        """What Neutron compares to refuse a duplicate."""
        return NeutronRuleKey.of(
            self.direction.value,
            ETHERTYPE,
            protocol=self.protocol,
            port_min=self.port_min,
            port_max=self.port_max,
            remote_ip_prefix=self.remote_ip_prefix,
        )
