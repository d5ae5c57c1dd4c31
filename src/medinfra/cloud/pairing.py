"""The disaster-recovery pairing of storage pools: Swift container sync, across stacks too.

A pool with a ``dr_target`` syncs its container to the target's container; a pool that is
some pool's target accepts the sync (same key). Swift names the target as
``//<realm>/<cluster>/AUTH_<project id>/<container>``: the realm is the stack's
``sync_realm`` (default: the topology name), the cluster the data centre holding the
target. In an active-active pair each data centre runs its own stack: the target's project
lives in the other stack, read through a ``pulumi.StackReference`` to it (its ``projects``
and ``data_centre`` outputs), so the two stacks know each other.
"""

from dataclasses import dataclass
from typing import Any

import pulumi

from medinfra.cloud.errors import CloudError
from medinfra.cloud.storage import ContainerSync
from medinfra.model.cloud import StoragePool, StorageProtocol
from medinfra.model.topology import DataCentreMode, Topology


@dataclass(frozen=True)
class SyncSettings:
    """Where this stack's containers sync to and the key both ends share."""

    key: pulumi.Input[str]
    realm: str
    cluster: str
    """The data centre (Swift cluster name) of this stack."""
    projects: dict[str, pulumi.Input[str]]
    """Project ids by tenant id in this stack."""
    peer: pulumi.StackReference | None = None
    """The other data centre's stack (active-active)."""


def peer_data_centre(topology: Topology, data_centre: str | None) -> str | None:
    """The other data centre of an active-active pair (None for a single data centre)."""
    if topology.data_centres.mode is not DataCentreMode.ACTIVE_ACTIVE or data_centre is None:
        return None
    return next(site for site in topology.data_centres.sites if site != data_centre)


def default_peer_stack(project: str, topology: Topology, data_centre: str | None) -> str | None:
    """``organization/<project>/<topology>-<other data centre>``, the repository's stack names."""
    other = peer_data_centre(topology, data_centre)
    return f"organization/{project}/{topology.name}-{other}" if other else None


def pool_tenants(topology: Topology) -> dict[str, str]:
    """Tenant id of every pool."""
    return {p.id: t.id for t in topology.cloud.tenants for p in t.storage_pools}


def syncing(topology: Topology) -> bool:
    """True when some object pool is paired (the stack then needs a container-sync key)."""
    targets = {p.dr_target for t in topology.cloud.tenants for p in t.storage_pools}
    return any(
        (pool.dr_target or pool.id in targets) and StorageProtocol.OBJECT in pool.protocols
        for tenant in topology.cloud.tenants
        for pool in tenant.storage_pools
    )


def _target(settings: SyncSettings, tenant: str, container: str, local: bool) -> pulumi.Output[str]:
    if local:
        account = pulumi.Output.from_input(settings.projects[tenant])
        cluster: pulumi.Input[str] = settings.cluster
    else:
        assert settings.peer is not None, "container_sync syncs to a peer only with one"
        projects: pulumi.Output[Any] = settings.peer.get_output("projects")
        account = projects.apply(lambda ids: _peer_project(ids, tenant, container))
        cluster = settings.peer.get_output("data_centre").apply(str)
    return pulumi.Output.concat(
        "//", settings.realm, "/", cluster, "/AUTH_", account, "/", container
    )


def _peer_project(ids: Any, tenant: str, container: str) -> str:
    if not isinstance(ids, dict) or tenant not in ids:
        raise CloudError(
            f"pool {container}: the peer stack exports no project for tenant {tenant}; "
            "run pulumi up in the peer stack first"
        )
    return str(ids[tenant])


def container_sync(
    topology: Topology,
    pool: StoragePool,
    settings: SyncSettings | None,
    declared: set[str],
) -> ContainerSync | None:
    """The sync of ``pool``'s container: to its DR target, and/or accepting its source's.

    A target container takes the key whatever its source serves (a block or file source
    replicates through its own service or a Swift-backed backup that syncs in).
    """
    is_target = any(p.dr_target == pool.id for t in topology.cloud.tenants for p in t.storage_pools)
    if settings is None or (pool.dr_target is None and not is_target):
        return None
    if pool.dr_target is None or pool.dr_target not in pool_tenants(topology):
        return ContainerSync(key=settings.key)
    local = pool.dr_target in declared
    if not local and settings.peer is None:
        return ContainerSync(key=settings.key)  # peer_stack none: accept only, sync later
    tenant = pool_tenants(topology)[pool.dr_target]
    return ContainerSync(key=settings.key, to=_target(settings, tenant, pool.dr_target, local))
