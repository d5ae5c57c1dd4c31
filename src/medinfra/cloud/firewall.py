"""ZoneFirewall: a zone's policies as FWaaS v2 rules, policies and group, plus a security group.

The rules come from :mod:`medinfra.cloud.fwaas_rules` and
:mod:`medinfra.cloud.security_group_rules` in the model's order and end in the explicit
default rule. The firewall group binds the zone's ingress and egress policies to the zone's
router ports; the security group mirrors the permits for instance-level filtering.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from ipaddress import IPv4Network

import pulumi
import pulumi_openstack as openstack

from medinfra.cloud.fwaas_rules import firewall_rules
from medinfra.cloud.rule_specs import ETHERTYPE, Direction, FirewallRuleSpec, SecurityGroupRuleSpec
from medinfra.cloud.security_group_rules import security_group_rules
from medinfra.model.cloud import BaseEgress, Tenant, Zone
from medinfra.model.services import Service


@dataclass(frozen=True)
class ZoneFirewallArgs:
    """What a zone's firewall is built from."""

    tenant: Tenant
    zone: Zone
    services: dict[str, Service]
    project_id: pulumi.Input[str]
    router_port_ids: Sequence[pulumi.Input[str]]
    region: str
    base_egress: BaseEgress = field(default_factory=BaseEgress)
    ntp_servers: tuple[IPv4Network, ...] = ()
    managed_networks: tuple[IPv4Network, ...] = ()
    """The devices' management networks a management zone's egress opens."""
    data_centre: str | None = None
    """The stack's data centre: the zone's side of its rules is the ranges its cloud holds."""


class ZoneFirewall(pulumi.ComponentResource):
    """FWaaS v2 group (ingress + egress policies of ordered rules) and a security group."""

    group_id: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    policy_ids: dict[str, pulumi.Output[str]]

    def __init__(
        self, name: str, args: ZoneFirewallArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("medinfra:cloud:ZoneFirewall", name, None, opts)
        self.policy_ids = {
            direction.value: self._policy(
                name,
                args,
                direction,
                firewall_rules(
                    args.tenant,
                    args.zone,
                    args.services,
                    direction,
                    args.base_egress,
                    ntp=args.ntp_servers,
                    managed=args.managed_networks,
                    data_centre=args.data_centre,
                ),
            )
            for direction in Direction
        }
        group = openstack.firewall.GroupV2(
            name,
            name=f"{args.tenant.id}-{args.zone.id}",
            description=f"firewall of zone {args.zone.id} ({args.zone.kind.value})",
            ingress_firewall_policy_id=self.policy_ids[Direction.INGRESS.value],
            egress_firewall_policy_id=self.policy_ids[Direction.EGRESS.value],
            ports=list(args.router_port_ids),
            project_id=args.project_id,
            region=args.region,
            admin_state_up=True,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.group_id = group.id
        self.security_group_id = self._security_group(
            name,
            args,
            security_group_rules(
                args.tenant,
                args.zone,
                args.services,
                args.base_egress,
                args.ntp_servers,
                managed=args.managed_networks,
                data_centre=args.data_centre,
            ),
        )
        self.register_outputs(
            {
                "group_id": self.group_id,
                "security_group_id": self.security_group_id,
                "policy_ids": self.policy_ids,
            }
        )

    def _policy(
        self,
        name: str,
        args: ZoneFirewallArgs,
        direction: Direction,
        specs: Sequence[FirewallRuleSpec],
    ) -> pulumi.Output[str]:
        child = pulumi.ResourceOptions(parent=self)
        rule_ids = [
            openstack.firewall.RuleV2(
                spec.name,
                name=spec.name,
                description=spec.description,
                action=spec.action,
                protocol=spec.protocol,
                source_ip_address=spec.source,
                destination_ip_address=spec.destination,
                destination_port=spec.destination_port,
                ip_version=4,
                enabled=True,
                project_id=args.project_id,
                region=args.region,
                opts=child,
            ).id
            for spec in specs
        ]
        policy = openstack.firewall.PolicyV2(
            f"{name}-{direction.value}",
            name=f"{args.tenant.id}-{args.zone.id}-{direction.value}",
            description=f"{direction.value} rules of zone {args.zone.id}, in order, default last",
            rules=rule_ids,
            audited=True,
            project_id=args.project_id,
            region=args.region,
            opts=child,
        )
        return policy.id

    def _security_group(
        self, name: str, args: ZoneFirewallArgs, specs: Sequence[SecurityGroupRuleSpec]
    ) -> pulumi.Output[str]:
        child = pulumi.ResourceOptions(parent=self)
        group = openstack.networking.SecGroup(
            f"{name}-sg",
            name=f"{args.tenant.id}-{args.zone.id}",
            description=f"instances of zone {args.zone.id}: base egress (DNS, NTP, metadata) "
            "and the permits of the zone policies",
            delete_default_rules=True,
            tenant_id=args.project_id,
            region=args.region,
            tags=[f"zone:{args.zone.id}"],
            opts=child,
        )
        for spec in specs:
            openstack.networking.SecGroupRule(
                spec.name,
                security_group_id=group.id,
                direction=spec.direction.value,
                ethertype=ETHERTYPE,
                protocol=spec.protocol,
                port_range_min=spec.port_min,
                port_range_max=spec.port_max,
                remote_ip_prefix=spec.remote_ip_prefix,
                description=spec.description,
                tenant_id=args.project_id,
                region=args.region,
                # Every argument forces a new rule; an equal one must go before its
                # replacement is created, or Neutron answers 409 SecurityGroupRuleExists.
                opts=pulumi.ResourceOptions(parent=self, delete_before_replace=True),
            )
        return group.id
