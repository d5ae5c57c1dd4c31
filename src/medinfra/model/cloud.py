"""The healthcare cloud: tenants, their security zones and policies, and storage pools."""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from medinfra.model.addresses import Network
from medinfra.model.base import Model, Suppressible
from medinfra.model.text import Identifier, SafeText
from medinfra.model.units import DataGrowth, DataSize


class TenantKind(StrEnum):
    """Who a tenant is."""

    HOSPITAL = "hospital"
    SHARED_PLATFORM = "shared_platform"


class ZoneKind(StrEnum):
    """The trust a zone has; security rules key on it."""

    TRUSTED = "trusted"
    CLINICAL = "clinical"
    STORAGE = "storage"
    DMZ = "dmz"
    PUBLIC = "public"
    UNTRUSTED = "untrusted"
    MANAGEMENT = "management"


class PolicyAction(StrEnum):
    """What a zone policy does with matching traffic."""

    PERMIT = "permit"
    DENY = "deny"


class Zone(Suppressible):
    """A security zone of a tenant with its own address ranges."""

    id: Identifier = Field(description="Zone id, unique within its tenant.")
    name: SafeText = Field(description="Human name of the zone.")
    kind: ZoneKind = Field(description="Trust level of the zone.")
    ranges: tuple[Network, ...] = Field(
        min_length=1, description="Address ranges of the zone (CIDR)."
    )
    patient_facing: bool = Field(
        default=False, description="True for the zone that serves patients (the patient portal)."
    )


class ZonePolicy(Suppressible):
    """One zone-to-zone rule; rules apply in the order written, then the default action."""

    name: Identifier = Field(description="Rule name, unique within its tenant.")
    source: Identifier = Field(description="Source zone id (in the same tenant).")
    destination: Identifier = Field(description="Destination zone id (in the same tenant).")
    services: tuple[Identifier, ...] = Field(
        min_length=1, description="Service ids from the catalogue this rule matches."
    )
    action: PolicyAction = Field(description="permit or deny.")
    description: SafeText | None = Field(default=None, description="Why the rule exists.")


class StorageTier(StrEnum):
    """Access temperature of a storage pool."""

    HOT = "hot"
    WARM = "warm"
    ARCHIVE = "archive"


class StorageProtocol(StrEnum):
    """How clients reach a storage pool."""

    BLOCK = "block"
    FILE = "file"
    OBJECT = "object"


class Replicas(Model):
    """Redundancy by whole copies."""

    scheme: Literal["replicas"] = Field(description="Redundancy scheme.")
    copies: Annotated[int, Field(ge=1, le=6)] = Field(description="Number of copies kept.")

    @property
    def overhead(self) -> float:
        """Raw bytes needed per byte stored."""
        return float(self.copies)


class ErasureCoding(Model):
    """Redundancy by erasure coding: k data fragments and m parity fragments."""

    scheme: Literal["erasure_coding"] = Field(description="Redundancy scheme.")
    data: Annotated[int, Field(ge=1, le=32)] = Field(description="k, the data fragments.")
    parity: Annotated[int, Field(ge=1, le=16)] = Field(description="m, the parity fragments.")

    @property
    def overhead(self) -> float:
        """Raw bytes needed per byte stored: (k + m) / k."""
        return (self.data + self.parity) / self.data


Redundancy = Annotated[Replicas | ErasureCoding, Field(discriminator="scheme")]


class StoragePool(Suppressible):
    """A storage pool of the cloud, sized for the images it must keep."""

    id: Identifier = Field(description="Pool id, unique across the topology.")
    name: SafeText = Field(description="Human name of the pool.")
    tier: StorageTier = Field(description="hot, warm or archive.")
    protocols: tuple[StorageProtocol, ...] = Field(
        min_length=1, description="block, file and/or object (multi-protocol pools list several)."
    )
    raw_capacity: DataSize = Field(description="Raw capacity installed, before redundancy.")
    current_data: DataSize = Field(description="Logical data stored today.")
    yearly_growth: DataGrowth = Field(description="Logical data added each year.")
    retention_years: Annotated[int, Field(ge=1, le=100)] = Field(
        description="Years images must be kept."
    )
    compression_ratio: Annotated[float, Field(ge=1.0, le=10.0)] = Field(
        default=1.0, description="Logical bytes per stored byte (1.43 saves 30%)."
    )
    redundancy: Redundancy = Field(description="Replicas or erasure coding k+m.")
    dr_target: Identifier | None = Field(
        default=None, description="Pool id that receives this pool's disaster-recovery copy."
    )
    worm: bool = Field(default=False, description="Write once, read many (immutable objects).")
    holds_images: bool = Field(default=True, description="True when the pool keeps patient images.")
    retain_on_delete: bool = Field(
        default=False,
        description="Keep the pool's cloud resources when they leave the stack (Pulumi "
        "retain_on_delete), besides protecting them; for stores whose data must outlive it.",
    )


MAX_QUOTA = 10_000_000
"""Upper bound of every quota (far above any tenant; a bound keeps every figure a small number)."""


class TenantQuotas(Model):
    """Cloud quotas of a tenant."""

    instances: Annotated[int, Field(ge=0, le=MAX_QUOTA)] = Field(
        default=20, description="Compute instances."
    )
    cores: Annotated[int, Field(ge=0, le=MAX_QUOTA)] = Field(default=80, description="vCPUs.")
    ram_gb: Annotated[int, Field(ge=0, le=MAX_QUOTA)] = Field(
        default=320, description="Memory in GB."
    )
    networks: Annotated[int, Field(ge=0, le=MAX_QUOTA)] = Field(default=20, description="Networks.")
    volumes: Annotated[int, Field(ge=0, le=MAX_QUOTA)] = Field(
        default=200, description="Block volumes."
    )
    share_gigabytes: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="Manila share gigabytes the operator raised the project's quota to by hand "
        "(pulumi-openstack has no Manila quota resource; default: Manila's 1000).",
    )


class StaffGroup(Model):
    """A Keystone group of the tenant's own staff, with the role it has on the project."""

    id: Identifier = Field(description="Group id, unique within its tenant.")
    name: SafeText = Field(description="Who the group is (e.g. radiologists, IT operators).")
    role: Identifier = Field(
        default="member", description="Keystone role the group has on the tenant's project."
    )


class Tenant(Suppressible):
    """A cloud tenant: a hospital or a shared platform."""

    id: Identifier = Field(description="Tenant id.")
    name: SafeText = Field(description="Human name of the tenant.")
    kind: TenantKind = Field(description="hospital or shared_platform.")
    site: Identifier | None = Field(default=None, description="The hospital site it belongs to.")
    routing_domain: Identifier | None = Field(
        default=None,
        description="Tenants in the same routing domain share one address space (default: own).",
    )
    zones: tuple[Zone, ...] = Field(min_length=1, description="Security zones.")
    policies: tuple[ZonePolicy, ...] = Field(
        default=(), description="Zone-to-zone rules, in order."
    )
    default_action: PolicyAction = Field(
        description="What happens to traffic no rule matches (deny for any baseline)."
    )
    storage_pools: tuple[StoragePool, ...] = Field(default=(), description="Storage pools.")
    quotas: TenantQuotas = Field(default_factory=TenantQuotas, description="Cloud quotas.")
    staff: tuple[StaffGroup, ...] = Field(
        default=(), description="Groups of the tenant's staff and their roles on its project."
    )

    @property
    def domain(self) -> str:
        """The routing domain the tenant's zones live in."""
        return self.routing_domain or self.id


class BaseEgress(Model):
    """Egress every zone security group allows besides its policies.

    Instances need name resolution, time and (at boot) the metadata service; a security
    group without default rules blocks all three.
    """

    dns_servers: tuple[Network, ...] = Field(
        default=(),
        description="DNS resolvers of the instances (default: the zone's own subnets, where "
        "Neutron's DHCP port answers DNS).",
    )
    ntp_servers: tuple[Network, ...] = Field(
        default=(), description="NTP servers of the instances (default: management.ntp_servers)."
    )
    metadata_service: bool = Field(
        default=True, description="Allow tcp/80 to the metadata service at 169.254.169.254."
    )


class Cloud(Model):
    """The healthcare cloud that receives the hospitals' images."""

    provider: Literal["openstack"] = Field(
        default="openstack", description="Cloud API (OpenStack: Huawei Cloud Stack and others)."
    )
    region: SafeText = Field(default="RegionOne", description="Cloud region name.")
    tenants: tuple[Tenant, ...] = Field(default=(), description="Tenants of the cloud.")
    base_egress: BaseEgress = Field(
        default_factory=BaseEgress, description="DNS, NTP and metadata egress of every zone."
    )
