"""Storage runway: how many years a pool's raw capacity lasts at the growth it must absorb."""

import math
from collections.abc import Iterator
from dataclasses import dataclass

from medinfra.checks.quantities import size
from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.cloud import ErasureCoding, StoragePool, Tenant
from medinfra.model.index import ModelPath
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology


def _pools(topology: Topology) -> Iterator[tuple[ModelPath, StoragePool]]:
    for t, tenant in enumerate(topology.cloud.tenants):
        for p, pool in enumerate(tenant.storage_pools):
            yield ("cloud", "tenants", t, "storage_pools", p), pool


def runway_years(pool: StoragePool, growth: float | None = None) -> float:
    """Years until the pool is full: (logical capacity - current) / yearly growth, where the
    growth is ``growth`` when given (:func:`real_growth`), else the declared one.

    Examples:
        >>> from medinfra.model import StoragePool
        >>> pool = StoragePool.model_validate({"id": "p", "name": "P", "tier": "hot",
        ...     "protocols": ["object"], "raw_capacity": "900TB", "current_data": "230TB",
        ...     "yearly_growth": "40TB/year", "retention_years": 30, "compression_ratio": 1.43,
        ...     "redundancy": {"scheme": "erasure_coding", "data": 8, "parity": 2}})
        >>> round(runway_years(pool), 2)  # (1029.6 - 230) / 40
        19.99
    """
    free = pool.logical_capacity - pool.current_data
    yearly = pool.yearly_growth if growth is None else growth
    if free <= 0:
        return 0.0
    if yearly <= 0:
        return math.inf
    return free / yearly


@dataclass(frozen=True)
class ImagingLoad:
    """What the sites a tenant serves add to each of its image pools in a year."""

    bytes_per_year: float
    sites: int
    studies_per_day: int


DAYS_PER_YEAR = 365


def _root(topology: Topology, position: dict[str, int], s: int) -> str:
    """The site id at the top of site number ``s``'s ``parent`` chain (its hospital)."""
    site = topology.sites[s]
    seen = {site.id}
    while site.parent is not None and site.parent in position and site.parent not in seen:
        seen.add(site.parent)
        site = topology.sites[position[site.parent]]
    return site.id


def imaging_loads(topology: Topology) -> dict[str, ImagingLoad]:
    """Per tenant id: the imaging of the sites it serves (studies/day x average study size
    x 365). A hospital tenant serves its ``site`` and the sites below it (``parent``); a
    shared platform serves every site no hospital tenant serves."""
    position = {site.id: s for s, site in reversed(list(enumerate(topology.sites)))}
    hospitals = {tenant.site for tenant in topology.cloud.tenants if tenant.site is not None}
    per_root: dict[str, list[int]] = {}
    for s, site in enumerate(topology.sites):
        if site.imaging is not None:
            per_root.setdefault(_root(topology, position, s), []).append(s)
    loads: dict[str, ImagingLoad] = {}
    for tenant in topology.cloud.tenants:
        served = _served(tenant, per_root, hospitals)
        imaging = [topology.sites[s].imaging for s in served]
        loads[tenant.id] = ImagingLoad(
            float(sum(i.bytes_per_day for i in imaging if i) * DAYS_PER_YEAR),
            len(served),
            sum(m.studies_per_day for i in imaging if i for m in i.modalities),
        )
    return loads


def _served(tenant: Tenant, per_root: dict[str, list[int]], hospitals: set[str]) -> list[int]:
    if tenant.site is not None:
        return per_root.get(tenant.site, [])
    return [s for root, sites in per_root.items() if root not in hospitals for s in sites]


def real_growth(pool: StoragePool, load: ImagingLoad | None) -> float:
    """The growth a pool must absorb: its declared growth, or the imaging load of the sites
    its tenant serves when that is more (an image pool only)."""
    if load is None or not pool.holds_images:
        return float(pool.yearly_growth)
    return max(float(pool.yearly_growth), load.bytes_per_year)


def pool_runways(topology: Topology) -> Iterator[tuple[Tenant, StoragePool, float]]:
    """Each pool with its runway at the growth it really must absorb."""
    loads = imaging_loads(topology)
    for tenant in topology.cloud.tenants:
        for pool in tenant.storage_pools:
            yield tenant, pool, runway_years(pool, real_growth(pool, loads.get(tenant.id)))


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
    data) / yearly growth, where the growth is the declared one or, when more, the imaging
    load of the sites the pool serves (MI-STO-004), the overhead is the number of replicas,
    or (k+m)/k for erasure coding k+m, and the compression ratio is logical bytes per
    stored byte (1.43 for the ~30% lossless compression saves). Error when under
    ``settings.min_runway_years``."""
    minimum = settings.min_runway_years
    loads = imaging_loads(topology)
    for t, tenant in enumerate(topology.cloud.tenants):
        for p, pool in enumerate(tenant.storage_pools):
            growth = real_growth(pool, loads.get(tenant.id))
            years = runway_years(pool, growth)
            if years >= minimum:
                continue
            basis = (
                f" (the sites' imaging load, above the declared {size(pool.yearly_growth)}/year)"
                if growth > pool.yearly_growth
                else ""
            )
            yield Finding(
                "MI-STO-001",
                ("cloud", "tenants", t, "storage_pools", p, "raw_capacity"),
                f"storage pool {pool.id}: {size(pool.raw_capacity)} raw holds "
                f"{size(pool.logical_capacity)} of data ({_scheme(pool)}, overhead "
                f"{pool.redundancy.overhead:.2f}, compression {pool.compression_ratio:g}); with "
                f"{size(pool.current_data)} stored and {size(growth)}/year{basis} that is "
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


@rule(
    "MI-STO-004",
    Family.STORAGE,
    Severity.ERROR,
    "An image pool's declared growth covers the imaging load it serves",
    fix=(
        "raise yearly_growth to at least the load (and check the runway it leaves), or "
        "correct the sites' studies_per_day and average_study_size"
    ),
)
def growth_covers_load(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Every study of a site is kept in each image pool of the tenant that serves it (a
    hospital's tenant serves its site and the sites below it; a shared platform serves the
    sites no hospital tenant does; a DR copy receives the same studies). Those sites add
    studies/day x average study size x 365 logical bytes a year, which is
    ``yearly_growth``'s unit (the compression ratio then gives what it takes on disk). A
    declared growth below that load makes the runway look longer than it is: the runway
    (MI-STO-001, validate, describe) uses the load instead."""
    loads = imaging_loads(topology)
    for t, tenant in enumerate(topology.cloud.tenants):
        load = loads.get(tenant.id)
        for p, pool in enumerate(tenant.storage_pools):
            if load is None or not pool.holds_images or load.bytes_per_year <= pool.yearly_growth:
                continue
            stored = load.bytes_per_year / pool.compression_ratio
            yield Finding(
                "MI-STO-004",
                ("cloud", "tenants", t, "storage_pools", p, "yearly_growth"),
                f"storage pool {pool.id} grows {size(pool.yearly_growth)}/year as declared, but "
                f"the sites it serves ({load.sites}) make {load.studies_per_day:,} studies/day = "
                f"{size(load.bytes_per_year / DAYS_PER_YEAR)}/day x 365 = "
                f"{size(load.bytes_per_year)}/year ({size(stored)}/year stored at compression "
                f"{pool.compression_ratio:g}); the runway at that load is "
                f"{runway_years(pool, load.bytes_per_year):.1f} years, not "
                f"{runway_years(pool):.1f}",
            )
