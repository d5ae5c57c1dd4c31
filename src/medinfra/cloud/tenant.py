"""HospitalTenant: a Keystone project per tenant with its quotas and its two routers."""

from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from medinfra.cloud.sizing import TenantQuotaPlan
from medinfra.model.cloud import Tenant, ZoneKind


@dataclass(frozen=True)
class HospitalTenantArgs:
    """What a tenant's project is built from."""

    tenant: Tenant
    topology: str
    baseline: str
    region: str
    quotas: TenantQuotaPlan
    data_centre: str | None = None


class HospitalTenant(pulumi.ComponentResource):
    """A Keystone project with compute, network and block storage quotas from the model.

    The tenant's clinical, storage and DMZ zones attach to one core router; its management
    zones attach to a router of their own, kept apart from clinical traffic.
    """

    project_id: pulumi.Output[str]
    core_router_id: pulumi.Output[str] | None
    management_router_id: pulumi.Output[str] | None

    def __init__(
        self, name: str, args: HospitalTenantArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("medinfra:cloud:HospitalTenant", name, None, opts)
        tenant, child = args.tenant, pulumi.ResourceOptions(parent=self)
        tags = [
            f"topology:{args.topology}",
            f"kind:{tenant.kind.value}",
            f"baseline:{args.baseline}",
        ]
        if tenant.site:
            tags.append(f"site:{tenant.site}")
        if args.data_centre:
            tags.append(f"data-centre:{args.data_centre}")
        project = openstack.identity.Project(
            name,
            name=tenant.id,
            description=tenant.name,
            region=args.region,
            tags=tags,
            opts=child,
        )
        self.project_id = project.id
        self._quotas(name, args, child)
        self.core_router_id = self._router(name, "core", args, ZoneKind.MANAGEMENT, exclude=True)
        self.management_router_id = self._router(name, "mgmt", args, ZoneKind.MANAGEMENT)
        outputs: dict[str, pulumi.Output[str]] = {"project_id": self.project_id}
        if self.core_router_id is not None:
            outputs["core_router_id"] = self.core_router_id
        if self.management_router_id is not None:
            outputs["management_router_id"] = self.management_router_id
        self.register_outputs(outputs)

    def _quotas(self, name: str, args: HospitalTenantArgs, child: pulumi.ResourceOptions) -> None:
        quotas = args.quotas
        openstack.compute.QuotaSetV2(
            f"{name}-compute",
            project_id=self.project_id,
            region=args.region,
            instances=quotas.instances,
            cores=quotas.cores,
            ram=quotas.ram_mib,
            security_groups=quotas.security_groups,
            security_group_rules=quotas.security_group_rules,
            opts=child,
        )
        openstack.networking.QuotaV2(
            f"{name}-network",
            project_id=self.project_id,
            region=args.region,
            network=quotas.networks,
            subnet=quotas.subnets,
            router=quotas.routers,
            security_group=quotas.security_groups,
            security_group_rule=quotas.security_group_rules,
            opts=child,
        )
        openstack.blockstorage.QuoteSetV3(
            f"{name}-block",
            project_id=self.project_id,
            region=args.region,
            volumes=quotas.volumes,
            gigabytes=quotas.volume_gigabytes,
            opts=child,
        )

    def _router(
        self, name: str, role: str, args: HospitalTenantArgs, kind: ZoneKind, exclude: bool = False
    ) -> pulumi.Output[str] | None:
        """A router for the zones of ``kind`` (or, with ``exclude``, of every other kind)."""
        zones = [z.id for z in args.tenant.zones if (z.kind is kind) != exclude]
        if not zones:
            return None
        router = openstack.networking.Router(
            f"{name}-{role}-router",
            name=f"{args.tenant.id}-{role}",
            description=f"{role} router of {args.tenant.id}: zones {', '.join(zones)}",
            tenant_id=self.project_id,
            region=args.region,
            admin_state_up=True,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return router.id
