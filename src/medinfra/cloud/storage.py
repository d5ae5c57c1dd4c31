"""StoragePool: a model storage pool as Cinder volume type, Swift container and Manila share.

Which resources a pool gets follows its protocols: block -> a private volume type with extra
specs (backend, compression, replication) granted to the tenant's project; object -> a Swift
container with storage policy, versioning, byte quota and retention metadata; file -> a Manila
share (plus share network and access rules on the tenant's storage zone). Sizes come from
:mod:`medinfra.cloud.sizing`; the Manila share type and the Swift storage policy are named
from tier and redundancy and must exist on the cloud (pulumi-openstack cannot create them).
"""

from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from medinfra.cloud import policies
from medinfra.cloud.sizing import size_pool
from medinfra.model.cloud import ErasureCoding, StorageProtocol, Zone
from medinfra.model.cloud import StoragePool as PoolModel


@dataclass(frozen=True)
class StorageZone:
    """The zone whose network carries file-share traffic."""

    zone: Zone
    network_id: pulumi.Input[str]
    subnet_id: pulumi.Input[str]


@dataclass(frozen=True)
class StoragePoolArgs:
    """What a pool's resources are built from."""

    pool: PoolModel
    tenant: str
    project_id: pulumi.Input[str]
    baseline: str
    region: str
    replica_of: str | None = None
    storage_zone: StorageZone | None = None


def redundancy_label(pool: PoolModel) -> str:
    """``ec8-2`` or ``rep3``: how the pool keeps its copies."""
    if isinstance(pool.redundancy, ErasureCoding):
        return f"ec{pool.redundancy.data}-{pool.redundancy.parity}"
    return f"rep{pool.redundancy.copies}"


def storage_policy_name(pool: PoolModel) -> str:
    """The Swift storage policy (and Manila share type suffix): ``hot-ec8-2``."""
    return f"{pool.tier.value}-{redundancy_label(pool)}"


def pool_metadata(args: StoragePoolArgs) -> dict[str, str]:
    """Metadata every resource of the pool carries: identity, protection and sizing."""
    pool, sizing = args.pool, size_pool(args.pool)
    metadata = {
        policies.POOL: pool.id,
        policies.HOLDS_IMAGES: str(pool.holds_images).lower(),
        policies.WORM: str(pool.worm).lower(),
        policies.BASELINE: args.baseline,
        "medinfra-tier": pool.tier.value,
        "medinfra-redundancy": redundancy_label(pool),
        "medinfra-retention-years": str(pool.retention_years),
        "medinfra-raw-bytes": str(sizing.raw_bytes),
        "medinfra-logical-bytes": str(sizing.logical_bytes),
        "medinfra-needed-bytes": str(sizing.needed_bytes),
        "medinfra-yearly-growth-bytes": str(sizing.yearly_growth_bytes),
    }
    if pool.dr_target:
        metadata[policies.DR_TARGET] = pool.dr_target
    if args.replica_of:
        metadata[policies.REPLICA_OF] = args.replica_of
    return metadata


class StoragePool(pulumi.ComponentResource):
    """The cloud resources of one storage pool (type token ``medinfra:cloud:StoragePool``)."""

    ids: dict[str, pulumi.Output[str]]

    def __init__(
        self, name: str, args: StoragePoolArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("medinfra:cloud:StoragePool", name, None, opts)
        self.ids = {}
        protocols = args.pool.protocols
        if StorageProtocol.BLOCK in protocols:
            self.ids["volume_type_id"] = self._block(name, args)
        if StorageProtocol.OBJECT in protocols:
            self.ids["container_id"] = self._object(name, args)
        if StorageProtocol.FILE in protocols:
            self.ids["share_id"] = self._file(name, args)
        self.register_outputs(dict(self.ids))

    def _block(self, name: str, args: StoragePoolArgs) -> pulumi.Output[str]:
        child = pulumi.ResourceOptions(parent=self)
        specs = {
            "volume_backend_name": args.pool.id,
            **pool_metadata(args),
        }
        if args.pool.compression_ratio > 1:
            specs["capabilities:compression"] = "<is> True"
        if args.pool.dr_target:
            specs["replication_enabled"] = "<is> True"
        volume_type = openstack.blockstorage.VolumeTypeV3(
            f"{name}-volume-type",
            name=args.pool.id,
            description=args.pool.name,
            is_public=False,
            extra_specs=specs,
            region=args.region,
            opts=child,
        )
        openstack.blockstorage.VolumeTypeAccessV3(
            f"{name}-volume-type-access",
            project_id=args.project_id,
            volume_type_id=volume_type.id,
            region=args.region,
            opts=child,
        )
        return volume_type.id

    def _object(self, name: str, args: StoragePoolArgs) -> pulumi.Output[str]:
        pool = args.pool
        metadata = {"Quota-Bytes": str(size_pool(pool).logical_bytes), **pool_metadata(args)}
        container = openstack.objectstorage.Container(
            f"{name}-container",
            name=pool.id,
            storage_policy=storage_policy_name(pool),
            versioning=pool.worm or pool.holds_images,
            metadata=metadata,
            region=args.region,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return container.id

    def _file(self, name: str, args: StoragePoolArgs) -> pulumi.Output[str]:
        child = pulumi.ResourceOptions(parent=self)
        share_network_id: pulumi.Output[str] | None = None
        if args.storage_zone is not None:
            share_network_id = openstack.sharedfilesystem.ShareNetwork(
                f"{name}-share-network",
                name=f"{args.tenant}-{args.pool.id}",
                description=f"file access to {args.pool.id} from zone {args.storage_zone.zone.id}",
                neutron_net_id=args.storage_zone.network_id,
                neutron_subnet_id=args.storage_zone.subnet_id,
                region=args.region,
                opts=child,
            ).id
        share = openstack.sharedfilesystem.Share(
            f"{name}-share",
            name=args.pool.id,
            description=args.pool.name,
            share_proto="NFS",
            size=size_pool(args.pool).logical_gib,
            share_type=f"medinfra-{storage_policy_name(args.pool)}",
            share_network_id=share_network_id,
            metadata=pool_metadata(args),
            region=args.region,
            opts=child,
        )
        if args.storage_zone is not None:
            for index, cidr in enumerate(args.storage_zone.zone.ranges, start=1):
                openstack.sharedfilesystem.ShareAccess(
                    f"{name}-share-access-{index}",
                    share_id=share.id,
                    access_type="ip",
                    access_to=str(cidr),
                    access_level="rw",
                    region=args.region,
                    opts=child,
                )
        return share.id
