"""The stack program: the whole healthcare cloud of a topology as Pulumi components.

``run_stack`` is what ``stacks/healthcare-cloud/__main__.py`` calls: it reads the stack
configuration (``topology``, optional ``data_centre`` and ``storage_pools``), loads and
checks the topology (refusing one with load errors or error findings of the rules),
declares the components and exports the
ids. ``declare_cloud`` is the same program without the configuration, used by the offline plan.

Active-active topologies run one stack per data centre: ``data_centre`` names the DC site
(it is tagged on every project) and ``storage_pools`` lists the pools that DC holds, so each
pool is declared in exactly one stack while tenants, zones and firewalls exist in both.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi

from medinfra.cloud.errors import CloudError
from medinfra.cloud.firewall import ZoneFirewall, ZoneFirewallArgs
from medinfra.cloud.network import ZoneNetwork, ZoneNetworkArgs
from medinfra.cloud.ports import catalogue
from medinfra.cloud.rules import check_patient_facing, tenant_security_group_rule_count
from medinfra.cloud.sizing import baseline_tag, plan_quotas
from medinfra.cloud.storage import StoragePool, StoragePoolArgs, StorageZone
from medinfra.cloud.tenant import HospitalTenant, HospitalTenantArgs
from medinfra.diagnostics import Severity
from medinfra.load import LoadedTopology
from medinfra.model.cloud import Tenant, ZoneKind
from medinfra.model.topology import Topology
from medinfra.validation import validate_path

PROJECT = "healthcare-cloud"
MAX_LISTED_ERRORS = 20


@dataclass(frozen=True)
class StackSelection:
    """Which part of the topology a stack declares (everything by default)."""

    data_centre: str | None = None
    storage_pools: tuple[str, ...] | None = None


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
    tenant: Tenant, component: HospitalTenant, region: str
) -> dict[str, ZoneNetwork]:
    networks = {}
    for zone in tenant.zones:
        router = (
            component.management_router_id
            if zone.kind is ZoneKind.MANAGEMENT
            else component.core_router_id
        )
        assert router is not None, "HospitalTenant declares a router for every zone kind present"
        networks[zone.id] = ZoneNetwork(
            f"{tenant.id}-{zone.id}",
            ZoneNetworkArgs(tenant.id, zone, component.project_id, router, region),
            opts=pulumi.ResourceOptions(parent=component),
        )
    return networks


def _tenant_pools(
    topology: Topology, tenant: Tenant, resources: TenantResources, selection: StackSelection
) -> dict[str, StoragePool]:
    replica_of = {
        pool.dr_target: pool.id
        for other in topology.cloud.tenants
        for pool in other.storage_pools
        if pool.dr_target
    }
    storage = next((z for z in tenant.zones if z.kind is ZoneKind.STORAGE), None)
    storage_zone = None
    if storage is not None:
        network = resources.networks[storage.id]
        storage_zone = StorageZone(storage, network.network_id, network.subnet_ids[0])
    pools = {}
    for pool in tenant.storage_pools:
        if selection.storage_pools is not None and pool.id not in selection.storage_pools:
            continue
        pools[pool.id] = StoragePool(
            pool.id,
            StoragePoolArgs(
                pool=pool,
                tenant=tenant.id,
                project_id=resources.tenant.project_id,
                baseline=baseline_tag(topology.baseline),
                region=topology.cloud.region,
                replica_of=replica_of.get(pool.id),
                storage_zone=storage_zone,
            ),
            opts=pulumi.ResourceOptions(parent=resources.tenant),
        )
    return pools


def _declare_tenant(topology: Topology, index: int, selection: StackSelection) -> TenantResources:
    tenant, region = topology.cloud.tenants[index], topology.cloud.region
    services = catalogue(topology)
    check_patient_facing(tenant, services, index)
    try:
        quotas = plan_quotas(tenant, tenant_security_group_rule_count(tenant, services))
    except CloudError as error:
        raise CloudError(str(error), ("cloud", "tenants", index, "quotas", "networks")) from error
    component = HospitalTenant(
        tenant.id,
        HospitalTenantArgs(
            tenant=tenant,
            topology=topology.name,
            baseline=baseline_tag(topology.baseline),
            region=region,
            quotas=quotas,
            data_centre=selection.data_centre,
        ),
    )
    resources = TenantResources(component, _tenant_networks(tenant, component, region))
    for zone in tenant.zones:
        resources.firewalls[zone.id] = ZoneFirewall(
            f"{tenant.id}-{zone.id}-fw",
            ZoneFirewallArgs(
                tenant=tenant,
                zone=zone,
                services=services,
                project_id=component.project_id,
                router_port_ids=resources.networks[zone.id].router_port_ids,
                region=region,
            ),
            opts=pulumi.ResourceOptions(parent=component),
        )
    resources.pools = _tenant_pools(topology, tenant, resources, selection)
    return resources


def declare_cloud(
    topology: Topology, selection: StackSelection | None = None
) -> dict[str, TenantResources]:
    """Declare every component of the topology's cloud; returns them by tenant id."""
    selection = selection or StackSelection()
    check_selection(topology, selection)
    return {
        tenant.id: _declare_tenant(topology, index, selection)
        for index, tenant in enumerate(topology.cloud.tenants)
    }


def stack_outputs(resources: dict[str, TenantResources]) -> dict[str, Any]:
    """The stack's exports: project, network, firewall group and pool ids."""
    return {
        "projects": {tid: r.tenant.project_id for tid, r in resources.items()},
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
    """The stack's ``data_centre`` and ``storage_pools`` settings."""
    pools = config.get_object("storage_pools")
    if pools is not None and not (
        isinstance(pools, list) and all(isinstance(p, str) for p in pools)
    ):
        raise CloudError("stack config storage_pools must be a list of pool ids")
    return StackSelection(
        data_centre=config.get("data_centre"),
        storage_pools=tuple(pools) if pools is not None else None,
    )


def run_stack() -> None:
    """The program of ``stacks/healthcare-cloud``: config -> validated model -> components."""
    config = pulumi.Config()
    loaded = load_checked(Path(config.require("topology")))
    resources = declare_cloud(loaded.topology, selection_from_config(config))
    for key, value in stack_outputs(resources).items():
        pulumi.export(key, value)
