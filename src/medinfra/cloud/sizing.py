"""Pure sizing of the cloud from the model: pool capacities and tenant quotas.

Capacities follow one chain, whose home is the model (``StoragePool.usable_capacity`` and
``logical_capacity``): the raw capacity installed, divided by the redundancy overhead
(copies, or (k+m)/k for erasure coding), is the usable capacity; multiplied by the
compression ratio it is the logical capacity clients can write, which is what quotas and
share sizes are expressed in. Block and share sizes are in GiB (what Cinder and Manila count).

A pool serving several protocols divides its logical capacity evenly among them (the Cinder
volume quota, the Manila share and the Swift byte quota each get their part), so the
capacity is never counted twice.
"""

from dataclasses import dataclass

from medinfra.cloud.errors import CloudError
from medinfra.model.cloud import StoragePool, StorageProtocol, Tenant
from medinfra.model.topology import SecurityBaseline

GIB = 2**30


@dataclass(frozen=True)
class PoolSizing:
    """What a storage pool can hold and what it must hold, in bytes (logical unless noted)."""

    raw_bytes: int
    usable_bytes: int
    logical_bytes: int
    current_bytes: int
    yearly_growth_bytes: int
    retention_years: int

    @property
    def logical_gib(self) -> int:
        """Logical capacity in whole GiB (volume quotas and share sizes)."""
        return self.logical_bytes // GIB

    @property
    def needed_bytes(self) -> int:
        """Logical data held at the end of the retention period: today's plus the growth."""
        return self.current_bytes + self.yearly_growth_bytes * self.retention_years


def protocol_bytes(pool: StoragePool) -> int:
    """The logical bytes each of the pool's protocols gets: an even share of the capacity.

    Examples:
        >>> from medinfra.model.cloud import StoragePool
        >>> pool = StoragePool.model_validate({"id": "p", "name": "P", "tier": "hot",
        ...     "protocols": ["block", "file"], "raw_capacity": "3TB", "current_data": "1TB",
        ...     "yearly_growth": "0TB/year", "retention_years": 1,
        ...     "redundancy": {"scheme": "replicas", "copies": 3}})
        >>> protocol_bytes(pool)
        500000000000
    """
    return size_pool(pool).logical_bytes // len(pool.protocols)


def protocol_gib(pool: StoragePool) -> int:
    """:func:`protocol_bytes` in whole GiB (Cinder gigabytes, Manila share size)."""
    return protocol_bytes(pool) // GIB


def size_pool(pool: StoragePool) -> PoolSizing:
    """Size a pool from its raw capacity, redundancy and compression.

    Examples:
        >>> from medinfra.model.cloud import StoragePool
        >>> pool = StoragePool.model_validate({"id": "p", "name": "P", "tier": "hot",
        ...     "protocols": ["object"], "raw_capacity": "1000TB", "current_data": "200TB",
        ...     "yearly_growth": "40TB/year", "retention_years": 15, "compression_ratio": 1.25,
        ...     "redundancy": {"scheme": "erasure_coding", "data": 8, "parity": 2}})
        >>> sizing = size_pool(pool)
        >>> sizing.usable_bytes, sizing.logical_bytes, sizing.needed_bytes
        (800000000000000, 1000000000000000, 800000000000000)
    """
    return PoolSizing(
        raw_bytes=pool.raw_capacity,
        usable_bytes=pool.usable_capacity,
        logical_bytes=pool.logical_capacity,
        current_bytes=pool.current_data,
        yearly_growth_bytes=pool.yearly_growth,
        retention_years=pool.retention_years,
    )


@dataclass(frozen=True)
class TenantQuotaPlan:
    """The quotas a tenant's project gets, derived from the model."""

    instances: int
    cores: int
    ram_mib: int
    networks: int
    subnets: int
    routers: int
    security_groups: int
    security_group_rules: int
    volumes: int
    volume_gigabytes: int
    shares: int = 0
    share_gigabytes: int = 0
    """What Manila must allow (pulumi-openstack has no Manila quota resource: the operator
    raises it; ``MI-CLD-003`` reports when it exceeds Manila's default)."""


DEFAULT_SECURITY_GROUP_RULES = 4
"""Rules of the security group Neutron creates in every project (IPv4/IPv6, in and out)."""


def router_count(tenant: Tenant) -> int:
    """Routers of a tenant: one, for all its cloud zones (:mod:`medinfra.cloud.routing`)."""
    return 1 if tenant.zones else 0


def block_pools(tenant: Tenant) -> tuple[StoragePool, ...]:
    """The tenant's pools that serve block storage."""
    return pools_serving(tenant, StorageProtocol.BLOCK)


def pools_serving(tenant: Tenant, protocol: StorageProtocol) -> tuple[StoragePool, ...]:
    """The tenant's pools that serve ``protocol``."""
    return tuple(p for p in tenant.storage_pools if protocol in p.protocols)


def plan_quotas(
    tenant: Tenant, security_group_rules: int, data_centre: str | None = None
) -> TenantQuotaPlan:
    """Quotas of a tenant: compute and volumes from ``tenant.quotas``, network from its zones.

    Args:
        tenant: the tenant of the model.
        security_group_rules: rules the zone security groups declare.
        data_centre: the stack's data centre: its project holds a subnet per range of a
            cloud zone that data centre's cloud holds (None: a single stack, every range).

    Raises:
        CloudError: the tenant's network quota is smaller than its zones need.
    """
    zones = tenant.cloud_zones
    subnets = sum(len(zone.ranges_in(data_centre)) for zone in zones)
    if tenant.quotas.networks < len(zones):
        raise CloudError(
            f"tenant {tenant.id}: quotas.networks is {tenant.quotas.networks} but its "
            f"{len(zones)} cloud zones need one network each; raise quotas.networks"
        )
    gigabytes = sum(protocol_gib(pool) for pool in block_pools(tenant))
    files = pools_serving(tenant, StorageProtocol.FILE)
    return TenantQuotaPlan(
        instances=tenant.quotas.instances,
        cores=tenant.quotas.cores,
        ram_mib=tenant.quotas.ram_gb * 1024,
        networks=tenant.quotas.networks,
        subnets=max(subnets, tenant.quotas.networks),
        routers=router_count(tenant),
        security_groups=len(zones) + 1,
        security_group_rules=security_group_rules + DEFAULT_SECURITY_GROUP_RULES,
        volumes=tenant.quotas.volumes if gigabytes else 0,
        volume_gigabytes=gigabytes,
        shares=len(files),
        share_gigabytes=sum(protocol_gib(pool) for pool in files),
    )


def baseline_tag(baseline: SecurityBaseline) -> str:
    """The baseline as one tag value: ``mlps-3``, ``hipaa`` or ``mlps-3+hipaa``.

    ``+`` joins them: Keystone refuses a tag with a comma or slash.

    Examples:
        >>> baseline_tag(SecurityBaseline(mlps_level=3, hipaa=True))
        'mlps-3+hipaa'
    """
    parts = [f"mlps-{baseline.mlps_level}"] if baseline.mlps_level is not None else []
    if baseline.hipaa:
        parts.append("hipaa")
    return "+".join(parts)
