"""Cloud: the rules OpenStack's own APIs enforce, checked on the model before ``pulumi up``.

Each rule mirrors what a service would refuse or silently get wrong (DOMAIN.md section 10),
computed with the same pure functions the stack program declares its resources with
(:mod:`medinfra.cloud.naming`, :mod:`medinfra.cloud.security_group_rules`,
:mod:`medinfra.cloud.sizing`).
"""

from collections.abc import Iterator

from medinfra.checks.rule import Family, Finding, rule
from medinfra.cloud.naming import project_name, project_tags
from medinfra.cloud.openstack_api import (
    MANILA_DEFAULT_GIGABYTES,
    MANILA_DEFAULT_SHARES,
    NeutronRuleKey,
    tag_problem,
)
from medinfra.cloud.ports import catalogue
from medinfra.cloud.routing import NEUTRON_MAX_ROUTES, tenant_router
from medinfra.cloud.security_group_rules import security_group_rules
from medinfra.cloud.sizing import baseline_tag, plan_quotas
from medinfra.diagnostics import Severity
from medinfra.model.cloud import StorageProtocol, Tenant, ZoneKind
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import DataCentreMode, Topology


def _data_centres(topology: Topology) -> tuple[str | None, ...]:
    """The data centre of each stack: each site when active-active, else one stack."""
    if topology.data_centres.mode is DataCentreMode.ACTIVE_ACTIVE:
        return topology.data_centres.sites
    return (None,)


@rule(
    "MI-CLD-001",
    Family.CLOUD,
    Severity.ERROR,
    "Project tags are valid for Keystone",
    fix="rename the tenant, site or topology without ',' or '/' and keep tags under 256 characters",
)
def keystone_tags(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Keystone refuses a project tag that holds a comma or a slash (``^[^,/]*$``) or is
    longer than 255 characters, and with it the whole project: ``pulumi up`` fails at the
    tenant's first resource. The tags are the ones the stack puts on each tenant's project
    (topology, kind, baseline, site, data centre of each stack)."""
    baseline = baseline_tag(topology.baseline)
    for t, tenant in enumerate(topology.cloud.tenants):
        for data_centre in _data_centres(topology):
            for tag in project_tags(topology.name, tenant, baseline, data_centre):
                problem = tag_problem(tag)
                if problem:
                    yield Finding(
                        "MI-CLD-001",
                        ("cloud", "tenants", t, "id"),
                        f"tenant {tenant.id}: Keystone refuses the project: {problem}",
                    )


def _duplicates(tenant: Tenant, topology: Topology) -> Iterator[tuple[int, str, int]]:
    """(policy index, zone id, rules) of policies that add no rule Neutron would accept."""
    services = catalogue(topology)
    for zone in tenant.cloud_zones:
        seen: set[NeutronRuleKey] = set()
        for p, policy in enumerate(tenant.policies):
            alone = tenant.model_copy(update={"policies": (policy,)})
            rules = security_group_rules(alone, zone, services)
            keys = {r.neutron_key for r in rules if r.policy is not None}
            if keys and keys <= seen:
                yield p, zone.id, len(keys)
            seen |= keys


@rule(
    "MI-CLD-002",
    Family.CLOUD,
    Severity.WARNING,
    "No zone policy only repeats security-group rules",
    fix="drop the policy, or merge its services into the earlier one",
)
def duplicate_rules(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Neutron refuses a security-group rule equal to one the group has (same direction,
    ethertype, protocol, ports and remote; the description does not count) with ``409
    SecurityGroupRuleExists``. The stack declares each such rule once, so a policy whose
    rules all equal earlier ones adds nothing to the zone's security group: usually a
    copy, or two services on one port."""
    for t, tenant in enumerate(topology.cloud.tenants):
        for p, zone, count in _duplicates(tenant, topology):
            policy = tenant.policies[p]
            yield Finding(
                "MI-CLD-002",
                ("cloud", "tenants", t, "policies", p),
                f"tenant {tenant.id}: policy {policy.name} adds nothing to zone {zone}'s "
                f"security group: its {count} rule(s) equal rules of earlier policies under "
                "Neutron's duplicate key",
            )


@rule(
    "MI-CLD-003",
    Family.CLOUD,
    Severity.WARNING,
    "Manila's quota holds the tenant's shares",
    fix="raise the project's Manila quota (manila quota-update) before pulumi up and set "
    "quotas.share_gigabytes to it",
)
def share_quota(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """pulumi-openstack has no Manila quota resource, so the stack cannot raise it: a
    project starts with Manila's defaults (1000 GB of shares, 50 shares), and a larger
    share fails to create. The share of a file pool is its part of the logical capacity
    (divided evenly among the pool's protocols). The finding names the quota the operator
    must raise and to what; once raised, state it in ``quotas.share_gigabytes``."""
    for t, tenant in enumerate(topology.cloud.tenants):
        fits = tenant.quotas.networks >= len(tenant.cloud_zones)
        quotas = plan_quotas(tenant, 0) if fits else None
        if quotas is None or not quotas.shares:
            continue
        allowed = tenant.quotas.share_gigabytes or MANILA_DEFAULT_GIGABYTES
        if quotas.share_gigabytes > allowed or quotas.shares > MANILA_DEFAULT_SHARES:
            projects = ", ".join(project_name(tenant, dc) for dc in _data_centres(topology))
            yield Finding(
                "MI-CLD-003",
                ("cloud", "tenants", t, "storage_pools"),
                f"tenant {tenant.id}: its {quotas.shares} share(s) need {quotas.share_gigabytes} "
                f"GiB but the project's Manila quota is {allowed} GB and "
                f"{MANILA_DEFAULT_SHARES} shares: raise it for project(s) {projects}, e.g. "
                f"manila quota-update <project id> --gigabytes {quotas.share_gigabytes} "
                f"--shares {max(quotas.shares, MANILA_DEFAULT_SHARES)}",
            )


@rule(
    "MI-CLD-004",
    Family.CLOUD,
    Severity.ERROR,
    "Cloud quotas hold what the tenant declares",
    fix="raise quotas.networks (or quotas.volumes) of the tenant",
)
def quota_sufficiency(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Neutron refuses a network beyond the project's quota, so a tenant needs at least one
    network per cloud zone (on-premises zones get none); a tenant with block pools needs a
    volume quota above zero, or no volume of its volume types can be created."""
    for t, tenant in enumerate(topology.cloud.tenants):
        path = ("cloud", "tenants", t, "quotas")
        zones = len(tenant.cloud_zones)
        if tenant.quotas.networks < zones:
            yield Finding(
                "MI-CLD-004",
                (*path, "networks"),
                f"tenant {tenant.id}: quotas.networks is {tenant.quotas.networks} but its "
                f"{zones} cloud zones need one network each",
            )
        blocks = [p for p in tenant.storage_pools if StorageProtocol.BLOCK in p.protocols]
        if blocks and tenant.quotas.volumes == 0:
            yield Finding(
                "MI-CLD-004",
                (*path, "volumes"),
                f"tenant {tenant.id}: quotas.volumes is 0 but pool(s) "
                f"{', '.join(p.id for p in blocks)} serve block volumes",
            )


@rule(
    "MI-CLD-005",
    Family.CLOUD,
    Severity.ERROR,
    "File pools have a storage zone for their share network",
    fix="add a zone of kind storage to the tenant, or drop file from the pool's protocols",
)
def share_network(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A Manila share reaches its clients through a share network on a Neutron network of
    the tenant, and its access rules name that network's ranges. Without a zone of kind
    storage the share would have no share network and no access rule: nobody could mount
    it. The stack refuses such a pool; this rule says so before ``pulumi up``."""
    for t, tenant in enumerate(topology.cloud.tenants):
        if any(zone.kind is ZoneKind.STORAGE for zone in tenant.cloud_zones):
            continue
        for p, pool in enumerate(tenant.storage_pools):
            if StorageProtocol.FILE in pool.protocols:
                yield Finding(
                    "MI-CLD-005",
                    ("cloud", "tenants", t, "storage_pools", p, "protocols"),
                    f"tenant {tenant.id}: pool {pool.id} serves file but the tenant has no "
                    "zone of kind storage for its share network",
                )


@rule(
    "MI-CLD-006",
    Family.CLOUD,
    Severity.WARNING,
    "Neutron takes the tenant router's routes",
    fix="aggregate the on-premises ranges into fewer prefixes, or raise Neutron's max_routes "
    "(the router_route quota) to at least the number of routes",
)
def router_routes(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """The tenant's router gets one static route (Neutron extra route) to the data-centre
    edge per range of its on-premises zones (and, with the management servers, per
    management network). Neutron refuses a router update beyond
    ``max_routes`` routes (30 by default; the ``router_route`` quota in newer releases):
    ``pulumi up`` would fail at the first route past the limit."""
    for t, tenant in enumerate(topology.cloud.tenants):
        for data_centre in _data_centres(topology):
            routes = tenant_router(tenant, data_centre, topology.management.networks).routes
            if len(routes) > NEUTRON_MAX_ROUTES:
                yield Finding(
                    "MI-CLD-006",
                    ("cloud", "tenants", t, "zones"),
                    f"tenant {tenant.id}: its router needs {len(routes)} routes to the edge "
                    "(one per on-premises range and management network) but Neutron takes "
                    f"{NEUTRON_MAX_ROUTES} by default",
                )
                break


@rule(
    "MI-CLD-007",
    Family.CLOUD,
    Severity.ERROR,
    "The router's gateway subnet overlaps none of its zones' subnets",
    fix="give the uplink a router_address on the edge's handoff subnet, outside every cloud "
    "zone range of the tenant",
)
def gateway_overlap(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A Neutron router refuses a port on a subnet that overlaps the subnet of another of its
    ports, the gateway's included ("Cidr ... overlaps with cidr ..."). The tenant's one
    router has its gateway on the uplink's handoff subnet (``router_address`` with its
    prefix) and a port on every cloud zone range, so none of them may overlap it."""
    for t, tenant in enumerate(topology.cloud.tenants):
        for u, uplink in enumerate(tenant.uplinks):
            subnet = uplink.router_address.network
            for zone in tenant.cloud_zones:
                for network in zone.ranges:
                    if network.overlaps(subnet):
                        yield Finding(
                            "MI-CLD-007",
                            ("cloud", "tenants", t, "uplinks", u, "router_address"),
                            f"tenant {tenant.id}: the router's gateway subnet {subnet} overlaps "
                            f"range {network} of zone {zone.id}; Neutron refuses the second "
                            "of two overlapping subnets on one router",
                        )
