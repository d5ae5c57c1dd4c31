"""StoragePool under Pulumi's mocks: volume type, Swift container, Manila share, sized from the model."""

from ipaddress import ip_network

import pulumi
import pytest

from medinfra.cloud import policies
from medinfra.cloud.errors import CloudError
from medinfra.cloud.openstack_api import extra_spec_is_scoped
from medinfra.cloud.plan import run_offline
from medinfra.cloud.sizing import size_pool
from medinfra.cloud.storage import ContainerSync, StoragePool, StoragePoolArgs, StorageZone
from tests.cloud.conftest import example

VOLUME_TYPE = "openstack:blockstorage/volumeTypeV3:VolumeTypeV3"
ACCESS = "openstack:blockstorage/volumeTypeAccessV3:VolumeTypeAccessV3"
CONTAINER = "openstack:objectstorage/container:Container"
SHARE = "openstack:sharedfilesystem/share:Share"
SHARE_NETWORK = "openstack:sharedfilesystem/shareNetwork:ShareNetwork"
SHARE_ACCESS = "openstack:sharedfilesystem/shareAccess:ShareAccess"


def _declare(pool, zone=None, replica_of=None, sync=None):
    def program():
        storage_zone = StorageZone(zone, "net-1", "subnet-1") if zone else None
        provider = pulumi.ProviderResource("openstack", "tenant-provider", {"tenantId": "p-1"})
        component = StoragePool(
            pool.id,
            StoragePoolArgs(
                pool,
                "t",
                "project-1",
                "mlps-3",
                "R",
                replica_of,
                storage_zone,
                provider=provider,
                sync=sync,
            ),
        )
        return pulumi.Output.all(component.urn, component.ids)

    records, (urn, ids) = run_offline(program, "test")
    records = [r for r in records if r.urn != urn and not r.type.startswith("pulumi:providers")]
    return {r.type: r for r in records}, records, urn, ids


def test_block_and_file_pool_gets_a_private_volume_type_and_a_share():
    tenant = example("multi-branch-hospital").cloud.tenants[0]
    pool = tenant.storage_pools[0]
    pacs = next(z for z in tenant.zones if z.id == "pacs")
    zone = pacs.model_copy(update={"ranges": pacs.ranges[:1]})  # one share access
    by_type, records, urn, ids = _declare(pool, zone)
    assert sorted(by_type) == sorted([VOLUME_TYPE, ACCESS, SHARE, SHARE_NETWORK, SHARE_ACCESS])
    assert all(r.parent_urn == urn for r in records)
    volume_type = by_type[VOLUME_TYPE].properties
    specs = volume_type["extraSpecs"]
    assert (volume_type["name"], volume_type["isPublic"]) == (pool.id, False)
    assert specs["volume_backend_name"] == pool.id
    assert specs["replication_enabled"] == "<is> True"
    assert specs["capabilities:compression"] == "<is> True"
    assert specs["medinfra:raw-bytes"] == str(pool.raw_capacity)
    assert specs["medinfra:logical-bytes"] == str(size_pool(pool).logical_bytes)
    assert specs["medinfra:dr-target"] == pool.dr_target
    assert all(extra_spec_is_scoped(key) for key in specs), "Cinder schedules only scoped keys"
    assert by_type[ACCESS].properties == {
        "projectId": "project-1",
        "volumeTypeId": by_type[VOLUME_TYPE].id,
        "region": "R",
    }
    share = by_type[SHARE].properties
    assert share["size"] == size_pool(pool).logical_bytes // 2 // 2**30, "half: block+file"
    assert (share["shareProto"], share["shareType"]) == ("NFS", "medinfra-hot-rep2")
    assert share["shareNetworkId"] == by_type[SHARE_NETWORK].id
    assert by_type[SHARE_NETWORK].properties["neutronNetId"] == "net-1"
    access = by_type[SHARE_ACCESS].properties
    assert (access["accessTo"], access["accessLevel"], access["accessType"]) == (
        "10.80.1.0/24",
        "rw",
        "ip",
    )
    tenant_side = [by_type[t] for t in (SHARE, SHARE_NETWORK, SHARE_ACCESS)]
    assert all(r.provider and r.provider.endswith("::tenant-provider") for r in tenant_side)
    assert by_type[VOLUME_TYPE].provider is None, "volume types are the admin's"
    assert by_type[SHARE].options == {"protect": True}
    assert by_type[VOLUME_TYPE].options == {"protect": True}
    assert ids == {"volume_type_id": by_type[VOLUME_TYPE].id, "share_id": by_type[SHARE].id}


def test_object_pool_is_a_versioned_container_with_byte_quota_and_retention():
    pool = example("henan-provincial-hospital").cloud.tenants[0].storage_pools[1]
    by_type, _, _, ids = _declare(pool, replica_of="hpph-images-hot")
    assert sorted(by_type) == [CONTAINER]
    container = by_type[CONTAINER].properties
    assert container["name"] == pool.id
    assert container["storagePolicy"] == "archive-ec12-3"
    assert container["versioning"] is True
    assert by_type[CONTAINER].provider.endswith("::tenant-provider")
    assert by_type[CONTAINER].options == {"protect": True}
    metadata = container["metadata"]
    # 1.2 PB raw on EC 12+3 = 960 TB usable, x1.43 compression.
    assert metadata["Quota-Bytes"] == str(1_372_800 * 10**9)
    assert metadata["medinfra-retention-years"] == "30"
    assert metadata[policies.REPLICA_OF] == "hpph-images-hot"
    assert metadata[policies.WORM] == "true"
    assert ids == {"container_id": by_type[CONTAINER].id}


def test_file_pool_without_storage_zone_is_refused():
    pool = example("henan-provincial-hospital").cloud.tenants[0].storage_pools[0]
    with pytest.raises(CloudError, match=r"pool hpph-images-hot serves file but the tenant has no"):
        _declare(pool)


def test_container_syncs_to_its_target_and_a_retained_pool_is_retained():
    pool = example("henan-provincial-hospital").cloud.tenants[0].storage_pools[1]
    retained = pool.model_copy(update={"retain_on_delete": True})
    by_type, _, _, _ = _declare(retained, sync=ContainerSync("k", "//r/c/AUTH_p/x"))
    container = by_type[CONTAINER]
    assert container.options == {"protect": True, "retainOnDelete": True}
    assert (container.properties["containerSyncTo"], container.properties["containerSyncKey"]) == (
        "//r/c/AUTH_p/x",
        "k",
    )
    scratch = pool.model_copy(update={"holds_images": False})
    by_type, _, _, _ = _declare(scratch)
    assert by_type[CONTAINER].options == {}, "only image stores are protected"


def test_a_share_is_open_to_every_range_of_a_storage_zone_with_several():
    tenant = example("multi-branch-hospital").cloud.tenants[0]
    pool = tenant.storage_pools[0]
    zone = next(z for z in tenant.zones if z.id == "pacs")
    wide = zone.model_copy(update={"ranges": (zone.ranges[0], ip_network("10.80.9.0/24"))})
    _, records, _, _ = _declare(pool, wide)
    granted = sorted(
        (r.properties["accessTo"], r.properties["accessLevel"])
        for r in records
        if r.type == SHARE_ACCESS
    )
    assert granted == [("10.80.1.0/24", "rw"), ("10.80.9.0/24", "rw")]
