"""The healthcare cloud: tenants, their security zones and policies, and storage pools."""

import math
from enum import StrEnum
from functools import cached_property
from ipaddress import IPv4Network
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from medinfra.model.addresses import Network
from medinfra.model.base import Model, Suppressible
from medinfra.model.text import Identifier, SafeText
from medinfra.model.units import DataGrowth, DataSize
from medinfra.model.uplinks import RouterUplink


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


class ZonePlacement(StrEnum):
    """Where the hosts of a zone are: in the cloud, or on the hospitals' premises."""

    CLOUD = "cloud"
    """A Neutron network of the tenant with one subnet per range on the tenant's router."""
    ON_PREMISES = "on_premises"
    """The hospitals' own hosts behind the WAN: never a cloud subnet (Neutron's DHCP and
    on-link ARP would black-hole the return traffic to the real hosts), only remote ranges
    in firewall rules and static routes of the tenant's router towards the data-centre edge."""


class DataCentreRange(Model):
    """A range of a cloud zone that lives in one data centre's cloud."""

    network: Network = Field(description="The range (CIDR).")
    data_centre: Identifier = Field(
        description="The data centre (a site of data_centres.sites) whose cloud holds it."
    )


class Zone(Suppressible):
    """A security zone of a tenant with its own address ranges."""

    model_config = ConfigDict(serialize_by_alias=True)

    id: Identifier = Field(description="Zone id, unique within its tenant.")
    name: SafeText = Field(description="Human name of the zone.")
    kind: ZoneKind = Field(description="Trust level of the zone.")
    declared_ranges: tuple[Network | DataCentreRange, ...] = Field(
        alias="ranges",
        min_length=1,
        description="Address ranges of the zone (CIDR). With active-active data centres each "
        "range of a cloud zone names the data centre whose cloud holds it "
        "({network: 10.130.1.0/24, data_centre: dc-east}): both clouds holding one range "
        "would make every router between them guess, and send replies into the cloud that "
        "does not hold the connection.",
    )
    patient_facing: bool = Field(
        default=False, description="True for the zone that serves patients (the patient portal)."
    )
    placement: ZonePlacement = Field(
        description="Where the zone's hosts are: cloud (a Neutron network and subnets on the "
        "tenant's router) or on_premises (the hospitals' hosts behind the WAN, reached through "
        "the tenant's uplink, never a cloud subnet). Required, with no default: a default of "
        "cloud would silently create Neutron subnets with DHCP for hospital ranges.",
    )

    @cached_property
    def ranges(self) -> tuple[IPv4Network, ...]:
        """Every range of the zone, in every data centre, in model order."""
        return tuple(
            entry.network if isinstance(entry, DataCentreRange) else entry
            for entry in self.declared_ranges
        )

    def data_centre_of(self, r: int) -> str | None:
        """The data centre the ``r``-th range names (None: it names none)."""
        entry = self.declared_ranges[r]
        return entry.data_centre if isinstance(entry, DataCentreRange) else None

    def ranges_in(self, data_centre: str | None) -> tuple[IPv4Network, ...]:
        """The ranges the cloud of ``data_centre`` holds: those naming it and those naming
        none (None: a single stack, every range).

        Examples:
            >>> zone = Zone.model_validate({"id": "pacs", "name": "P", "kind": "storage",
            ...     "placement": "cloud", "ranges": [
            ...     {"network": "10.30.1.0/24", "data_centre": "east"},
            ...     {"network": "10.31.1.0/24", "data_centre": "west"}]})
            >>> zone.ranges_in("west"), len(zone.ranges_in(None))
            ((IPv4Network('10.31.1.0/24'),), 2)
        """
        if data_centre is None:
            return self.ranges
        return tuple(
            network
            for r, network in enumerate(self.ranges)
            if self.data_centre_of(r) in (None, data_centre)
        )

    def data_centre_holding(self, network: IPv4Network) -> str | None:
        """The data centre named by the range that contains ``network`` (None: none names
        one, or no range contains it)."""
        for r, own in enumerate(self.ranges):
            if network.subnet_of(own):
                return self.data_centre_of(r)
        return None

    @property
    def on_premises(self) -> bool:
        """True when the zone's hosts are on the hospitals' premises, not in the cloud."""
        return self.placement is ZonePlacement.ON_PREMISES


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

    @property
    def usable_capacity(self) -> int:
        """Bytes the raw capacity stores after redundancy: raw / overhead, in whole bytes.

        Examples:
            >>> pool = StoragePool.model_validate({"id": "p", "name": "P", "tier": "hot",
            ...     "protocols": ["object"], "raw_capacity": "900TB", "current_data": "0TB",
            ...     "yearly_growth": "0TB/year", "retention_years": 1, "compression_ratio": 1.43,
            ...     "redundancy": {"scheme": "erasure_coding", "data": 8, "parity": 2}})
            >>> pool.usable_capacity  # 900 TB / (8+2)/8
            720000000000000
            >>> pool.logical_capacity  # 720 TB x 1.43
            1029600000000000
        """
        return math.floor(self.raw_capacity / self.redundancy.overhead)

    @property
    def logical_capacity(self) -> int:
        """Logical bytes clients can write: the usable capacity x the compression ratio."""
        return math.floor(self.usable_capacity * self.compression_ratio)


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
    """A cloud tenant: a hospital or a shared platform.

    All its cloud zones attach to one router (the zone firewall groups on the router's
    ports keep the zones apart, default deny), so every policy between two cloud zones has
    a routed path; its uplinks join that router to the data-centre edge, towards its
    on-premises zones.
    """

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
    uplinks: tuple[RouterUplink, ...] = Field(
        default=(),
        description="How the tenant's router reaches the data-centre edge: one uplink per data "
        "centre (gateway on the edge's provider network, routes to the on-premises zones).",
    )

    @property
    def domain(self) -> str:
        """The routing domain the tenant's zones live in."""
        return self.routing_domain or self.id

    @property
    def cloud_zones(self) -> tuple[Zone, ...]:
        """The zones that are Neutron networks of the tenant (placement cloud)."""
        return tuple(zone for zone in self.zones if not zone.on_premises)

    @property
    def on_premises_ranges(self) -> tuple[IPv4Network, ...]:
        """Every range of the on-premises zones, in model order: the router's routes."""
        return tuple(network for zone in self.zones if zone.on_premises for network in zone.ranges)

    def uplink(self, data_centre: str | None = None) -> RouterUplink | None:
        """The uplink of the stack of ``data_centre`` (None: a single-data-centre stack).

        An uplink naming no data centre serves every stack; otherwise the one naming
        ``data_centre``, or, in a stack that names none, the first uplink.
        """
        for candidate in self.uplinks:
            if candidate.data_centre is None or candidate.data_centre == data_centre:
                return candidate
        return self.uplinks[0] if self.uplinks and data_centre is None else None

    @model_validator(mode="after")
    def _uplinks(self) -> "Tenant":
        if self.on_premises_ranges and not self.uplinks:
            names = ", ".join(zone.id for zone in self.zones if zone.on_premises)
            raise ValueError(
                f"tenant {self.id} has on-premises zone(s) {names} but no uplinks: its router "
                "could not reach them; add uplinks (external_network, router_address, next_hop)"
            )
        seen: set[str | None] = set()
        for uplink in self.uplinks:
            if uplink.data_centre in seen:
                raise ValueError(
                    f"tenant {self.id} has two uplinks for data centre "
                    f"{uplink.data_centre or '(any)'}; give each data centre one uplink"
                )
            seen.add(uplink.data_centre)
        if None in seen and len(seen) > 1:
            raise ValueError(
                f"tenant {self.id}: an uplink without data_centre serves every data centre; "
                "name the data centre of each uplink"
            )
        return self


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
