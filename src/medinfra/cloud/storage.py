"""StoragePool: a model storage pool as Cinder volume type, Swift container and Manila share.

Which resources a pool gets follows its protocols: block -> a private volume type with scoped
extra specs (backend, compression, replication, ``medinfra:*`` descriptors) granted to the
tenant's project; object -> a Swift container with storage policy, versioning, byte quota,
retention metadata and container sync to its DR pair; file -> a Manila share with its share
network and read-write access rules on the tenant's storage zone. Containers and shares have
no project argument in pulumi-openstack: they are created through the tenant's own provider
(scoped to its project), so they land in the tenant's account. Sizes come from
:mod:`medinfra.cloud.sizing`; the Manila share type and the Swift storage policy are named
from tier and redundancy and must exist on the cloud (pulumi-openstack cannot create them).

Resources that hold images are ``protect``ed (and ``retain_on_delete`` where the model says
so): ``pulumi destroy`` or a replacement stops instead of deleting the images.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_openstack as openstack

from medinfra.cloud import policies
from medinfra.cloud.errors import CloudError, ModelPath
from medinfra.cloud.sizing import protocol_bytes, protocol_gib, size_pool
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
    provider: pulumi.ProviderResource | None = None
    """The tenant's provider (scoped to its project) for containers and shares."""
    depends_on: Sequence[pulumi.Resource] = ()
    """What the tenant provider needs first (the operator's role on the project)."""
    sync: "ContainerSync | None" = None
    path: ModelPath = field(default=())
    """Model path of the pool (errors name its file and line)."""


@dataclass(frozen=True)
class ContainerSync:
    """Swift container sync of a pool's container: where to (None: only accept) and the key."""

    key: pulumi.Input[str]
    to: pulumi.Input[str] | None = None


def scoped_extra_specs(metadata: dict[str, str]) -> dict[str, str]:
    """``medinfra-pool`` -> ``medinfra:pool``: Cinder's scheduler ignores scoped keys.

    Examples:
        >>> scoped_extra_specs({"medinfra-pool": "p", "Quota": "1"})
        {'medinfra:pool': 'p', 'medinfra:Quota': '1'}
    """
    return {f"medinfra:{key.removeprefix('medinfra-')}": value for key, value in metadata.items()}


def protection(pool: PoolModel, **options: Any) -> pulumi.ResourceOptions:
    """Options of a store: protected when it holds images, retained where the model says so."""
    return pulumi.ResourceOptions(
        protect=pool.holds_images, retain_on_delete=pool.retain_on_delete, **options
    )


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
        "medinfra-protocol-bytes": str(protocol_bytes(pool)),
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
        if StorageProtocol.FILE in protocols and args.storage_zone is None:
            raise CloudError(
                f"tenant {args.tenant}: pool {args.pool.id} serves file but the tenant has no "
                "zone of kind storage for its share network; add one or drop file",
                (*args.path, "protocols"),
            )
        if StorageProtocol.BLOCK in protocols:
            self.ids["volume_type_id"] = self._block(name, args)
        if StorageProtocol.OBJECT in protocols:
            self.ids["container_id"] = self._object(name, args)
        if StorageProtocol.FILE in protocols:
            self.ids["share_id"] = self._file(name, args)
        self.register_outputs(dict(self.ids))

    def _tenant_opts(self, args: StoragePoolArgs, store: bool = False) -> pulumi.ResourceOptions:
        """Options of a resource in the tenant's project (``store``: it holds the data)."""
        options = pulumi.ResourceOptions(
            parent=self, provider=args.provider, depends_on=list(args.depends_on)
        )
        return pulumi.ResourceOptions.merge(options, protection(args.pool)) if store else options

    def _block(self, name: str, args: StoragePoolArgs) -> pulumi.Output[str]:
        specs = {
            "volume_backend_name": args.pool.id,
            **scoped_extra_specs(pool_metadata(args)),
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
            opts=protection(args.pool, parent=self),
        )
        openstack.blockstorage.VolumeTypeAccessV3(
            f"{name}-volume-type-access",
            project_id=args.project_id,
            volume_type_id=volume_type.id,
            region=args.region,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return volume_type.id

    def _object(self, name: str, args: StoragePoolArgs) -> pulumi.Output[str]:
        pool = args.pool
        metadata = {"Quota-Bytes": str(protocol_bytes(pool)), **pool_metadata(args)}
        container = openstack.objectstorage.Container(
            f"{name}-container",
            name=pool.id,
            storage_policy=storage_policy_name(pool),
            versioning=pool.worm or pool.holds_images,
            container_sync_to=args.sync.to if args.sync else None,
            container_sync_key=args.sync.key if args.sync else None,
            metadata=metadata,
            region=args.region,
            opts=self._tenant_opts(args, store=True),
        )
        return container.id

    def _file(self, name: str, args: StoragePoolArgs) -> pulumi.Output[str]:
        zone = args.storage_zone
        assert zone is not None, "checked in __init__"
        share_network = openstack.sharedfilesystem.ShareNetwork(
            f"{name}-share-network",
            name=f"{args.tenant}-{args.pool.id}",
            description=f"file access to {args.pool.id} from zone {zone.zone.id}",
            neutron_net_id=zone.network_id,
            neutron_subnet_id=zone.subnet_id,
            region=args.region,
            opts=self._tenant_opts(args),
        )
        share = openstack.sharedfilesystem.Share(
            f"{name}-share",
            name=args.pool.id,
            description=args.pool.name,
            share_proto="NFS",
            size=protocol_gib(args.pool),
            share_type=f"medinfra-{storage_policy_name(args.pool)}",
            share_network_id=share_network.id,
            metadata=pool_metadata(args),
            region=args.region,
            opts=self._tenant_opts(args, store=True),
        )
        for index, cidr in enumerate(zone.zone.ranges, start=1):
            openstack.sharedfilesystem.ShareAccess(
                f"{name}-share-access-{index}",
                share_id=share.id,
                access_type="ip",
                access_to=str(cidr),
                access_level="rw",
                region=args.region,
                opts=self._tenant_opts(args),
            )
        return share.id
