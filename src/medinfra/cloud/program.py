"""The stack program: the whole healthcare cloud of a topology as Pulumi components.

``run_stack`` is what ``stacks/healthcare-cloud/__main__.py`` calls: it reads the stack
configuration (``topology``, optional ``data_centre`` and ``storage_pools``), loads and
checks the topology (refusing one with load errors or error findings of the rules),
declares the components and exports the
ids. ``declare_cloud`` is the same program without the configuration, used by the offline plan.

Each tenant gets one router (:mod:`medinfra.cloud.routing`): its cloud zones are networks
with their subnets on it, its gateway sits on the data-centre edge's provider network (the
tenant's uplink for the stack's data centre) and each on-premises range is a route to the
edge. On-premises zones get no network, subnet or firewall group: their ranges appear only as
remote addresses of the cloud zones' firewall rules and as routes.

Active-active topologies run one stack per data centre: ``data_centre`` names the DC site
(it is tagged on every project and suffixes every Keystone name, so the two stacks never
claim one name on a shared Keystone) and ``storage_pools`` lists the pools that DC holds, so
each pool is declared in exactly one stack while tenants, zones and firewalls exist in both.
Each stack references the other (``peer_stack``) for the project of its pools' DR target,
and syncs its containers there (:mod:`medinfra.cloud.pairing`).

Other settings: ``openstack:cloud`` (the clouds.yaml entry, also used by the tenant
providers), ``operator_role`` (default ``member``), ``sync_realm`` (default: the topology
name) and the secret ``container_sync_key`` (required when pools are paired).
"""

from dataclasses import dataclass, field
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

import pulumi

from medinfra.cloud.errors import CloudError
from medinfra.cloud.firewall import ZoneFirewall, ZoneFirewallArgs
from medinfra.cloud.network import ZoneNetwork, ZoneNetworkArgs
from medinfra.cloud.pairing import SyncSettings, container_sync, default_peer_stack, syncing
from medinfra.cloud.ports import catalogue
from medinfra.cloud.security_group_rules import tenant_security_group_rule_count
from medinfra.cloud.sizing import baseline_tag, plan_quotas
from medinfra.cloud.storage import StoragePool, StoragePoolArgs, StorageZone
from medinfra.cloud.tenant import HospitalTenant, HospitalTenantArgs
from medinfra.cloud.zone_policies import check_patient_facing
from medinfra.diagnostics import Severity
from medinfra.load import LoadedTopology
from medinfra.model.cloud import BaseEgress, Tenant, ZoneKind
from medinfra.model.topology import Topology
from medinfra.validation import validate_path

PROJECT = "healthcare-cloud"
NO_PEER = "none"
"""``peer_stack: none``: the first stack of a pair to go up (its peer does not exist yet)."""
MAX_LISTED_ERRORS = 20


@dataclass(frozen=True)
class StackSelection:
    """Which part of the topology a stack declares (everything by default), and how."""

    data_centre: str | None = None
    storage_pools: tuple[str, ...] | None = None
    cloud: str | None = None
    """``openstack:cloud`` of this stack, also used by the tenant providers."""
    operator_role: str = "member"
    peer_stack: str | None = None
    """The other data centre's stack (default: :func:`pairing.default_peer_stack`)."""
    sync_realm: str | None = None
    sync_key: pulumi.Input[str] | None = None
    """The Swift container-sync key (a secret); None: containers are not synced."""


@dataclass
class TenantResources:
    """The components declared for one tenant."""

    tenant: HospitalTenant
    networks: dict[str, ZoneNetwork] = field(default_factory=dict)
    firewalls: dict[str, ZoneFirewall] = field(default_factory=dict)
    pools: dict[str, StoragePool] = field(default_factory=dict)


def load_checked(path: Path) -> LoadedTopology:
    """Load a topology and run the checks; refuse (CloudError) on any error finding.

    Load errors (YAML, schema, references) and error findings of the engineering and
    security rules (``medinfra.checks``) both refuse, each listed with file and line.
    """
    report = validate_path(path)
    if report.ok and report.loaded is not None:
        return report.loaded
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    lines = [f"  {report.load_error}"] if report.load_error else []
    lines += [f"  {d.format()} [{d.code}]" for d in errors[:MAX_LISTED_ERRORS]]
    more = len(errors) - min(len(errors), MAX_LISTED_ERRORS)
    if more > 0:
        lines.append(f"  ... and {more} more")
    raise CloudError(
        f"refusing to declare the cloud of {path}: the topology has {report.errors} "
        "error(s)\n" + "\n".join(lines)
    )


def check_selection(topology: Topology, selection: StackSelection) -> None:
    """The stack configuration names a data centre and pools the topology has."""
    sites = topology.data_centres.sites
    if selection.data_centre is not None and selection.data_centre not in sites:
        raise CloudError(
            f"stack config data_centre {selection.data_centre!r} is not a data centre of "
            f"{topology.name}; use one of: {', '.join(sites)}"
        )
    known = {pool.id for tenant in topology.cloud.tenants for pool in tenant.storage_pools}
    unknown = sorted(set(selection.storage_pools or ()) - known)
    if unknown:
        raise CloudError(
            f"stack config storage_pools names unknown pool(s) {', '.join(unknown)}; "
            f"pools of {topology.name}: {', '.join(sorted(known))}"
        )


def _tenant_networks(
    tenant: Tenant, component: HospitalTenant, region: str, data_centre: str | None
) -> dict[str, ZoneNetwork]:
    """A network per cloud zone, its subnets on the tenant's router (on-premises zones: none)."""
    return {
        zone.id: ZoneNetwork(
            f"{tenant.id}-{zone.id}",
            ZoneNetworkArgs(
                tenant.id,
                zone,
                component.project_id,
                component.router.router_id,
                region,
                data_centre,
            ),
            opts=pulumi.ResourceOptions(parent=component),
        )
        for zone in tenant.cloud_zones
    }


def _storage_zone(tenant: Tenant, resources: TenantResources) -> StorageZone | None:
    storage = next((z for z in tenant.cloud_zones if z.kind is ZoneKind.STORAGE), None)
    if storage is None:
        return None
    network = resources.networks[storage.id]
    return StorageZone(storage, network.network_id, network.subnet_ids[0])


def _sync_settings(
    topology: Topology, selection: StackSelection, resources: dict[str, TenantResources]
) -> SyncSettings | None:
    if selection.sync_key is None:
        return None
    peer_name = selection.peer_stack or default_peer_stack(PROJECT, topology, selection.data_centre)
    if peer_name == NO_PEER:
        peer_name = None
    return SyncSettings(
        key=selection.sync_key,
        realm=selection.sync_realm or topology.name,
        cluster=selection.data_centre or topology.data_centres.sites[0],
        projects={tid: r.tenant.project_id for tid, r in resources.items()},
        peer=pulumi.StackReference(peer_name) if peer_name else None,
    )


def _declare_pools(
    topology: Topology, selection: StackSelection, resources: dict[str, TenantResources]
) -> None:
    replica_of = {
        pool.dr_target: pool.id
        for other in topology.cloud.tenants
        for pool in other.storage_pools
        if pool.dr_target
    }
    wanted = selection.storage_pools
    declared = {
        pool.id
        for tenant in topology.cloud.tenants
        for pool in tenant.storage_pools
        if wanted is None or pool.id in wanted
    }
    sync = _sync_settings(topology, selection, resources)
    for t, tenant in enumerate(topology.cloud.tenants):
        mine = resources[tenant.id]
        for p, pool in enumerate(tenant.storage_pools):
            if pool.id not in declared:
                continue
            mine.pools[pool.id] = StoragePool(
                pool.id,
                StoragePoolArgs(
                    pool=pool,
                    tenant=tenant.id,
                    project_id=mine.tenant.project_id,
                    baseline=baseline_tag(topology.baseline),
                    region=topology.cloud.region,
                    replica_of=replica_of.get(pool.id),
                    storage_zone=_storage_zone(tenant, mine),
                    provider=mine.tenant.provider,
                    depends_on=[mine.tenant.operator_access],
                    sync=container_sync(topology, pool, sync, declared),
                    path=("cloud", "tenants", t, "storage_pools", p),
                ),
                opts=pulumi.ResourceOptions(parent=mine.tenant),
            )


def _declare_tenant(topology: Topology, index: int, selection: StackSelection) -> TenantResources:
    tenant, region = topology.cloud.tenants[index], topology.cloud.region
    services = catalogue(topology)
    base, ntp = base_egress(topology)
    check_patient_facing(tenant, services, index)
    try:
        managed = topology.management.networks
        dc = selection.data_centre
        rules = tenant_security_group_rule_count(
            tenant, services, base, ntp, managed=managed, data_centre=dc
        )
        quotas = plan_quotas(tenant, rules, dc)
    except CloudError as error:
        raise CloudError(str(error), ("cloud", "tenants", index, "quotas", "networks")) from error
    try:
        component = HospitalTenant(
            tenant.id,
            HospitalTenantArgs(
                tenant=tenant,
                topology=topology.name,
                baseline=baseline_tag(topology.baseline),
                region=region,
                quotas=quotas,
                data_centre=selection.data_centre,
                cloud=selection.cloud,
                operator_role=selection.operator_role,
                managed_networks=topology.management.networks,
            ),
        )
    except CloudError as error:
        raise CloudError(str(error), ("cloud", "tenants", index, "id")) from error
    resources = TenantResources(
        component, _tenant_networks(tenant, component, region, selection.data_centre)
    )
    for zone in tenant.cloud_zones:
        resources.firewalls[zone.id] = ZoneFirewall(
            f"{tenant.id}-{zone.id}-fw",
            ZoneFirewallArgs(
                tenant=tenant,
                zone=zone,
                services=services,
                project_id=component.project_id,
                router_port_ids=resources.networks[zone.id].router_port_ids,
                region=region,
                base_egress=base,
                ntp_servers=ntp,
                managed_networks=topology.management.networks,
                data_centre=selection.data_centre,
            ),
            opts=pulumi.ResourceOptions(parent=component),
        )
    return resources


def base_egress(topology: Topology) -> tuple[BaseEgress, tuple[IPv4Network, ...]]:
    """The model's base egress and the management plane's NTP servers (its NTP default)."""
    ntp = tuple(IPv4Network(f"{address}/32") for address in topology.management.ntp_servers)
    return topology.cloud.base_egress, ntp


def declare_cloud(
    topology: Topology, selection: StackSelection | None = None
) -> dict[str, TenantResources]:
    """Declare every component of the topology's cloud; returns them by tenant id."""
    selection = selection or StackSelection()
    check_selection(topology, selection)
    resources = {
        tenant.id: _declare_tenant(topology, index, selection)
        for index, tenant in enumerate(topology.cloud.tenants)
    }
    _declare_pools(topology, selection, resources)
    return resources


def stack_outputs(
    resources: dict[str, TenantResources], data_centre: str | None = None
) -> dict[str, Any]:
    """The stack's exports: project, router, network, firewall group and pool ids, its DC.

    ``projects`` and ``data_centre`` are what the other stack of an active-active pair reads
    through its StackReference.
    """
    return {
        "data_centre": data_centre,
        "projects": {tid: r.tenant.project_id for tid, r in resources.items()},
        "routers": {tid: r.tenant.router.router_id for tid, r in resources.items()},
        "networks": {
            f"{tid}/{zid}": network.network_id
            for tid, r in resources.items()
            for zid, network in r.networks.items()
        },
        "firewall_groups": {
            f"{tid}/{zid}": firewall.group_id
            for tid, r in resources.items()
            for zid, firewall in r.firewalls.items()
        },
        "storage_pools": {
            pid: pool.ids for r in resources.values() for pid, pool in r.pools.items()
        },
    }


def selection_from_config(config: pulumi.Config) -> StackSelection:
    """The stack's settings (``data_centre``, ``storage_pools``, ``peer_stack``, sync...)."""
    pools = config.get_object("storage_pools")
    if pools is not None and not (
        isinstance(pools, list) and all(isinstance(p, str) for p in pools)
    ):
        raise CloudError("stack config storage_pools must be a list of pool ids")
    return StackSelection(
        data_centre=config.get("data_centre"),
        storage_pools=tuple(pools) if pools is not None else None,
        cloud=pulumi.Config("openstack").get("cloud"),
        operator_role=config.get("operator_role") or "member",
        peer_stack=config.get("peer_stack"),
        sync_realm=config.get("sync_realm"),
        sync_key=config.get_secret("container_sync_key"),
    )


def run_stack() -> None:
    """The program of ``stacks/healthcare-cloud``: config -> validated model -> components.

    Raises:
        CloudError: the topology pairs pools but the stack has no container-sync key.
    """
    config = pulumi.Config()
    loaded = load_checked(Path(config.require("topology")))
    selection = selection_from_config(config)
    if selection.sync_key is None and syncing(loaded.topology):
        raise CloudError(
            f"{loaded.topology.name} pairs storage pools (dr_target) but the stack has no "
            "container-sync key: pulumi config set --secret healthcare-cloud:container_sync_key "
            "<key> (the same in both stacks of a pair)"
        )
    resources = declare_cloud(loaded.topology, selection)
    for key, value in stack_outputs(resources, selection.data_centre).items():
        pulumi.export(key, value)
