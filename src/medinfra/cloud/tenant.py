"""HospitalTenant: a Keystone project per tenant, its quotas, routers, staff and provider.

Swift containers and Manila shares take no project argument in pulumi-openstack: they land in
the project the provider is scoped to. Each tenant therefore gets a provider of its own,
scoped to its project, with the role the operator running Pulumi needs there (the
operator's user, found by ``get_auth_scope``, gets ``operator_role`` on the project). The
tenant's staff groups of the model become Keystone groups with their role on the project.
"""

from dataclasses import dataclass
from ipaddress import IPv4Network

import pulumi
import pulumi_openstack as openstack

from medinfra.cloud.errors import CloudError
from medinfra.cloud.naming import group_name, project_name, project_tags
from medinfra.cloud.openstack_api import tag_problem
from medinfra.cloud.router import TenantRouter, TenantRouterArgs
from medinfra.cloud.routing import tenant_router
from medinfra.cloud.sizing import TenantQuotaPlan
from medinfra.model.cloud import Tenant


@dataclass(frozen=True)
class HospitalTenantArgs:
    """What a tenant's project is built from."""

    tenant: Tenant
    topology: str
    baseline: str
    region: str
    quotas: TenantQuotaPlan
    data_centre: str | None = None
    cloud: str | None = None
    """The ``openstack:cloud`` entry the tenant provider authenticates with (None: the
    environment's OS_* variables, as the default provider)."""
    operator_role: str = "member"
    """Keystone role the operator gets on the project (what containers and shares need)."""
    managed_networks: tuple[IPv4Network, ...] = ()
    """The management networks (``management.networks``) the router routes to the edge when
    the tenant holds the management servers."""


class HospitalTenant(pulumi.ComponentResource):
    """A Keystone project with compute, network and block storage quotas from the model.

    Every cloud zone of the tenant attaches to its one router (:mod:`medinfra.cloud.routing`):
    the zones are kept apart by their firewall groups on the router's ports (default deny),
    and every policy between two cloud zones has a routed path. The router's gateway and
    routes lead to the data-centre edge, towards the on-premises zones.
    """

    project_id: pulumi.Output[str]
    router: TenantRouter
    provider: openstack.Provider
    """Scoped to the tenant's project: containers and shares are created through it."""
    operator_access: openstack.identity.RoleAssignment

    def __init__(
        self, name: str, args: HospitalTenantArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("medinfra:cloud:HospitalTenant", name, None, opts)
        tenant, child = args.tenant, pulumi.ResourceOptions(parent=self)
        tags = project_tags(args.topology, tenant, args.baseline, args.data_centre)
        problems = [problem for problem in map(tag_problem, tags) if problem]
        if problems:
            raise CloudError(f"tenant {tenant.id}: Keystone would refuse {'; '.join(problems)}")
        project = openstack.identity.Project(
            name,
            name=project_name(tenant, args.data_centre),
            description=tenant.name,
            region=args.region,
            tags=tags,
            opts=child,
        )
        self.project_id = project.id
        self._access(name, args, child)
        self._quotas(name, args, child)
        spec = tenant_router(tenant, args.data_centre, args.managed_networks)
        self.router = TenantRouter(
            spec.name,
            TenantRouterArgs(
                spec=spec,
                project_id=self.project_id,
                region=args.region,
                description=f"router of {tenant.id}: zones "
                f"{', '.join(z.id for z in tenant.cloud_zones)}",
            ),
            opts=child,
        )
        self.register_outputs({"project_id": self.project_id, "router_id": self.router.router_id})

    def _access(self, name: str, args: HospitalTenantArgs, child: pulumi.ResourceOptions) -> None:
        """The operator's role on the project, the project's provider and the staff groups."""
        scope = openstack.identity.get_auth_scope_output(name="current", region=args.region)
        self.operator_access = openstack.identity.RoleAssignment(
            f"{name}-operator",
            project_id=self.project_id,
            user_id=scope.user_id,
            role_id=_role_id(args.operator_role, args.region),
            region=args.region,
            opts=child,
        )
        self.provider = openstack.Provider(
            f"{name}-provider",
            cloud=args.cloud,
            tenant_id=self.project_id,
            region=args.region,
            opts=child,
        )
        for group in args.tenant.staff:
            keystone_group = openstack.identity.GroupV3(
                f"{name}-{group.id}",
                name=group_name(args.tenant, group, args.data_centre),
                description=group.name,
                region=args.region,
                opts=child,
            )
            openstack.identity.RoleAssignment(
                f"{name}-{group.id}-{group.role}",
                project_id=self.project_id,
                group_id=keystone_group.id,
                role_id=_role_id(group.role, args.region),
                region=args.region,
                opts=child,
            )

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


def _role_id(role: str, region: str) -> pulumi.Output[str]:
    """The id of a Keystone role looked up by name (roles are the cloud's, not the stack's)."""
    return openstack.identity.get_role_output(name=role, region=region).id
