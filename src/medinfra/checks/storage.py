"""Storage runway: how many years a pool's raw capacity lasts at the growth it must absorb."""

import math
from collections.abc import Iterator

from medinfra.checks.quantities import size
from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.cloud import ErasureCoding, StoragePool
from medinfra.model.index import ModelPath
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology


def _pools(topology: Topology) -> Iterator[tuple[ModelPath, StoragePool]]:
    for t, tenant in enumerate(topology.cloud.tenants):
        for p, pool in enumerate(tenant.storage_pools):
            yield ("cloud", "tenants", t, "storage_pools", p), pool


def usable_logical(pool: StoragePool) -> float:
    """Logical bytes the raw capacity holds: raw / redundancy overhead x compression ratio.

    Examples:
        >>> from medinfra.model import StoragePool
        >>> pool = StoragePool.model_validate({"id": "p", "name": "P", "tier": "hot",
        ...     "protocols": ["object"], "raw_capacity": "900TB", "current_data": "230TB",
        ...     "yearly_growth": "40TB/year", "retention_years": 30, "compression_ratio": 1.43,
        ...     "redundancy": {"scheme": "erasure_coding", "data": 8, "parity": 2}})
        >>> round(usable_logical(pool) / 1e12, 1)  # 900 / 1.25 x 1.43
        1029.6
        >>> round(runway_years(pool), 2)  # (1029.6 - 230) / 40
        19.99
    """
    return pool.raw_capacity / pool.redundancy.overhead * pool.compression_ratio


def runway_years(pool: StoragePool) -> float:
    """Years until the pool is full: (usable logical - current) / yearly growth."""
    free = usable_logical(pool) - pool.current_data
    if free <= 0:
        return 0.0
    if pool.yearly_growth <= 0:
        return math.inf
    return free / pool.yearly_growth


def _scheme(pool: StoragePool) -> str:
    redundancy = pool.redundancy
    if isinstance(redundancy, ErasureCoding):
        return f"erasure coding {redundancy.data}+{redundancy.parity}"
    return f"{redundancy.copies} replicas"


@rule(
    "MI-STO-001",
    Family.STORAGE,
    Severity.ERROR,
    "Storage pools have enough years of runway",
    fix="add raw capacity, raise compression, or plan the next pool before the runway ends",
)
def runway(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Years of runway = (raw capacity / redundancy overhead x compression ratio - current
    data) / yearly growth, where the overhead is the number of replicas, or (k+m)/k for
    erasure coding k+m, and the compression ratio is logical bytes per stored byte (1.43
    for the ~30% lossless compression saves). Error when under
    ``settings.min_runway_years``."""
    minimum = settings.min_runway_years
    for path, pool in _pools(topology):
        years = runway_years(pool)
        if years < minimum:
            yield Finding(
                "MI-STO-001",
                (*path, "raw_capacity"),
                f"storage pool {pool.id}: {size(pool.raw_capacity)} raw holds "
                f"{size(usable_logical(pool))} of data ({_scheme(pool)}, overhead "
                f"{pool.redundancy.overhead:.2f}, compression {pool.compression_ratio:g}); with "
                f"{size(pool.current_data)} stored and {size(pool.yearly_growth)}/year that is "
                f"{years:.1f} years of runway, below the minimum {minimum:g} years",
            )


def retention_need(pool: StoragePool) -> float:
    """Raw bytes needed to keep ``retention_years`` of growth on top of today's data."""
    logical = pool.current_data + pool.yearly_growth * pool.retention_years
    return logical / pool.compression_ratio * pool.redundancy.overhead


@rule(
    "MI-STO-002",
    Family.STORAGE,
    Severity.INFO,
    "Storage pools are sized for the whole retention period",
    default=False,
    fix="add raw capacity or shorten retention_years",
)
def retention(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Over the retention horizon a pool needs (current data + yearly growth x retention
    years) / compression ratio x redundancy overhead raw bytes. A pool with less raw
    capacity is fine today (MI-STO-001 rates the runway) but needs expansion planned in its
    budget; this opt-in rule (``--select MI-STO-002``) reports how much."""
    for path, pool in _pools(topology):
        need = retention_need(pool)
        if need > pool.raw_capacity:
            yield Finding(
                "MI-STO-002",
                (*path, "retention_years"),
                f"storage pool {pool.id} needs {size(need)} raw to keep {pool.retention_years} "
                f"years of images, {size(need - pool.raw_capacity)} more than its "
                f"{size(pool.raw_capacity)}",
            )


@rule(
    "MI-STO-003",
    Family.STORAGE,
    Severity.WARNING,
    "Image pools have a disaster-recovery copy",
    fix=(
        "set dr_target to a pool in another data centre, or suppress MI-STO-003 on the pool "
        "with a reason"
    ),
)
def disaster_recovery(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A pool that holds patient images either names a ``dr_target`` pool or is itself the
    DR target of another pool: images lost with one storage system are lost for good."""
    targets = {pool.dr_target for _, pool in _pools(topology) if pool.dr_target}
    for path, pool in _pools(topology):
        if pool.holds_images and pool.dr_target is None and pool.id not in targets:
            yield Finding(
                "MI-STO-003",
                (*path, "id"),
                f"storage pool {pool.id} holds images but has no dr_target and is no pool's "
                "DR copy",
            )
