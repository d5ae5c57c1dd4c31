"""Pool sizing and tenant quotas computed from the model's numbers."""

import pytest

from medinfra.cloud.errors import CloudError
from medinfra.cloud.sizing import GIB, block_pools, plan_quotas, router_count, size_pool
from medinfra.model.cloud import StorageProtocol, Tenant
from tests.cloud.conftest import EXAMPLES, example


@pytest.mark.parametrize("name", EXAMPLES)
def test_pool_capacity_chain_follows_redundancy_and_compression(name):
    for tenant in example(name).cloud.tenants:
        for pool in tenant.storage_pools:
            sizing = size_pool(pool)
            assert sizing.raw_bytes == pool.raw_capacity
            # the chain's one home is the model (tests/model/test_storage_pool.py pins it)
            assert sizing.usable_bytes == pool.usable_capacity
            assert sizing.logical_bytes == pool.logical_capacity
            assert sizing.logical_gib == sizing.logical_bytes // GIB
            assert (
                sizing.needed_bytes == pool.current_data + pool.yearly_growth * pool.retention_years
            )


def test_henan_hot_pool_numbers():
    pool = example("henan-provincial-hospital").cloud.tenants[0].storage_pools[0]
    sizing = size_pool(pool)
    # 900 TB raw on EC 8+2 is 720 TB usable, 1.43 compression: 1029.6 TB logical.
    assert sizing.usable_bytes == 720 * 10**12
    assert sizing.logical_bytes == 1_029_600 * 10**9
    # 230 TB today + 48 TB/year (the example's imaging load, MI-STO-004) for 30 years.
    assert sizing.needed_bytes == 1_670 * 10**12
    # how many years that lasts is the runway check's (checks/storage.py runway_years)


_MANAGEMENT = {
    "id": "m",
    "name": "M",
    "kind": "management",
    "ranges": ["10.9.0.0/24"],
    "placement": "cloud",
}


def _tenant(**changes: object) -> Tenant:
    base = {
        "id": "t",
        "name": "T",
        "kind": "hospital",
        "default_action": "deny",
        "zones": [
            {
                "id": "a",
                "name": "A",
                "kind": "clinical",
                "ranges": ["10.0.0.0/24", "10.0.1.0/24"],
                "placement": "cloud",
            },
            _MANAGEMENT,
        ],
    }
    return Tenant.model_validate(base | changes)


def test_quotas_copy_the_model_and_count_what_is_declared():
    tenant = _tenant(
        quotas={"instances": 7, "cores": 28, "ram_gb": 64, "networks": 2, "volumes": 9}
    )
    quotas = plan_quotas(tenant, security_group_rules=5)
    assert (quotas.instances, quotas.cores, quotas.ram_mib) == (7, 28, 64 * 1024)
    assert (quotas.networks, quotas.subnets, quotas.routers) == (2, 3, 1), "one router"
    assert (quotas.security_groups, quotas.security_group_rules) == (3, 9)
    # No block pool: no volume gigabytes, so no volumes either (not 9 volumes of 0 GB).
    assert (quotas.volumes, quotas.volume_gigabytes) == (0, 0)


def test_network_quota_below_zone_count_is_refused():
    with pytest.raises(
        CloudError, match=r"quotas.networks is 1 but its 2 cloud zones need one network each"
    ):
        plan_quotas(_tenant(quotas={"networks": 1}), security_group_rules=0)


def test_on_premises_zones_take_no_network_subnet_or_security_group():
    uplink = {"external_network": "edge", "router_address": "10.8.0.4/28", "next_hop": "10.8.0.1"}
    tenant = _tenant(
        zones=[
            {
                "id": "a",
                "name": "A",
                "kind": "clinical",
                "ranges": ["10.0.0.0/24", "10.0.1.0/24"],
                "placement": "on_premises",
            },
            _MANAGEMENT,
        ],
        uplinks=[uplink],
        quotas={"networks": 1},
    )
    quotas = plan_quotas(tenant, security_group_rules=0)
    assert (quotas.networks, quotas.subnets, quotas.routers, quotas.security_groups) == (
        1,
        1,
        1,
        2,
    )


def test_block_gigabytes_sum_the_block_pools_share_of_capacity():
    tenant = example("multi-branch-hospital").cloud.tenants[0]
    (pool,) = block_pools(tenant)
    assert pool.protocols == (StorageProtocol.BLOCK, StorageProtocol.FILE)
    quotas = plan_quotas(tenant, 0)
    # The block+file pool is counted once: half for Cinder, half for the Manila share.
    assert quotas.volume_gigabytes == size_pool(pool).logical_bytes // 2 // 2**30
    assert quotas.share_gigabytes == quotas.volume_gigabytes
    assert (quotas.volume_gigabytes + quotas.share_gigabytes) * 2**30 <= size_pool(
        pool
    ).logical_bytes
    assert (quotas.volumes, quotas.shares) == (tenant.quotas.volumes, 1)


def test_management_only_tenant_has_one_router():
    tenant = _tenant(zones=[_MANAGEMENT])
    assert router_count(tenant) == 1
