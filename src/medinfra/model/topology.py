"""The topology: one hospital platform, from the cloud down to the ONT in a ward."""

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from medinfra.model.base import Model, Suppressible
from medinfra.model.cloud import Cloud
from medinfra.model.devices import Device
from medinfra.model.management import ManagementPlane
from medinfra.model.services import Service
from medinfra.model.settings import CheckSettings
from medinfra.model.site import Site
from medinfra.model.text import Identifier, SafeText
from medinfra.model.units import Ratio
from medinfra.model.wan import PrivateLine


class SshHardening(StrEnum):
    """SSH algorithm profile of the devices' servers (ciphers, HMAC, key exchange, DH size)."""

    STRONG = "strong"
    """AES-GCM/CTR, SHA-2 HMAC, SHA-2 key exchange, DH groups of 3072 bits or more."""
    COMPATIBLE = "compatible"
    """Adds SHA-1 key exchange (group 14) and 2048-bit DH for older clients."""


class SecurityBaseline(Model):
    """The security standard(s) the platform is built to."""

    mlps_level: Annotated[int, Field(ge=1, le=4)] | None = Field(
        default=None, description="China MLPS 2.0 (GB/T 22239-2019) protection level 1-4."
    )
    hipaa: bool = Field(default=False, description="HIPAA Security Rule technical safeguards.")
    ssh_hardening: SshHardening | None = Field(
        default=None,
        description="SSH algorithm profile: strong or compatible (default: strong under MLPS "
        "level 3+ or HIPAA, else compatible).",
    )

    @property
    def strict(self) -> bool:
        """Whether the baseline asks for strong cryptography (MLPS level 3+ or HIPAA)."""
        return self.hipaa or (self.mlps_level or 0) >= 3

    @property
    def ssh_profile(self) -> SshHardening:
        """The SSH profile the devices get: the one named, else what the baseline implies."""
        if self.ssh_hardening is not None:
            return self.ssh_hardening
        return SshHardening.STRONG if self.strict else SshHardening.COMPATIBLE

    @model_validator(mode="after")
    def _at_least_one(self) -> "SecurityBaseline":
        if self.mlps_level is None and not self.hipaa:
            raise ValueError("name at least one baseline: 'mlps_level' (1-4) and/or 'hipaa: true'")
        return self


class DataCentreMode(StrEnum):
    """How the data centres share the load."""

    SINGLE = "single"
    ACTIVE_ACTIVE = "active-active"


AS_TRANS = 23456
"""RFC 6793's stand-in for a 4-byte AS number in 2-byte speakers: never a real AS."""
RESERVED_AS = frozenset({AS_TRANS, 65535, 4294967295})
"""AS numbers RFC 6793/7300 reserve (the last 2-byte and the last 4-byte one)."""


def _real_as(value: int) -> int:
    if value in RESERVED_AS:
        raise ValueError(
            f"AS {value} is reserved (RFC 6793/7300) and cannot be the edges' AS; use a "
            "private AS (64512-65534 or 4200000000-4294967294), or the AS your edges "
            "already run BGP in"
        )
    return value


AsNumber = Annotated[int, Field(ge=1, le=4294967295), AfterValidator(_real_as)]
"""A BGP AS number as an integer (asplain): 1-4294967295 but the reserved ones."""


class DataCentres(Model):
    """The data centre, or the active-active pair, the sites connect to."""

    mode: DataCentreMode = Field(description="single or active-active.")
    sites: tuple[Identifier, ...] = Field(
        min_length=1, max_length=2, description="Site ids of the data centres (kind data_centre)."
    )
    as_number: AsNumber | None = Field(
        default=None,
        description="The AS the data-centre edges share (one private AS for the region, "
        "64512-65534 or 4200000000-4294967294, or the AS they already run BGP in): edges with "
        "a handoff on one subnet peer over iBGP there and announce the sites they hold over "
        "their own lines. Required when two edges share a handoff subnet.",
    )

    @model_validator(mode="after")
    def _count_matches_mode(self) -> "DataCentres":
        expected = 1 if self.mode is DataCentreMode.SINGLE else 2
        if len(self.sites) != expected:
            raise ValueError(
                f"mode {self.mode.value} takes {expected} data centre site(s), "
                f"got {len(self.sites)}"
            )
        return self


class Topology(Suppressible):
    """A regional medical-imaging platform: cloud, WAN, sites and their campus networks."""

    name: Identifier = Field(description="Topology id, also the inventory directory name.")
    title: SafeText = Field(description="Human name of the platform.")
    description: SafeText | None = Field(default=None, description="What the platform serves.")
    baseline: SecurityBaseline = Field(description="Security baseline(s) to meet.")
    availability_target: Ratio = Field(description="End-to-end availability target, e.g. 99.95%.")
    data_centres: DataCentres = Field(description="The data centre(s) sites connect to.")
    management: ManagementPlane = Field(description="Management plane shared by all devices.")
    services: tuple[Service, ...] = Field(min_length=1, description="The service catalogue.")
    cloud: Cloud = Field(default_factory=Cloud, description="The healthcare cloud.")
    private_lines: tuple[PrivateLine, ...] = Field(
        default=(), description="Private lines not owned by a site (e.g. between data centres)."
    )
    sites: tuple[Site, ...] = Field(default=(), description="Sites (or one file each in sites/).")
    settings: CheckSettings = Field(
        default_factory=CheckSettings, description="Parameters of the engineering checks."
    )

    def all_private_lines(self) -> Iterator[tuple[Site | None, PrivateLine]]:
        """Every private line with the site that owns it (None for topology-level lines)."""
        for line in self.private_lines:
            yield None, line
        for site in self.sites:
            for line in site.uplinks:
                yield site, line

    def all_devices(self) -> Iterator[tuple[Site, Device]]:
        """Every device with its site."""
        for site in self.sites:
            for device in site.devices:
                yield site, device
