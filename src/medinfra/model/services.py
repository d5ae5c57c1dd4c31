"""The service catalogue: what runs over a hospital's network and how it is carried."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from medinfra.model.base import Model
from medinfra.model.text import Identifier, SafeText
from medinfra.model.units import Bandwidth


class ServiceKind(StrEnum):
    """What a service is for; checks and templates key their behaviour on it."""

    PACS = "pacs"
    DICOM = "dicom"
    HIS = "his"
    EMR = "emr"
    HL7 = "hl7"
    LIS = "lis"
    MEDICAL_DEVICES = "medical_devices"
    OFFICE = "office"
    WIFI = "wifi"
    VIDEO = "video"
    MANAGEMENT = "management"
    PATIENT_PORTAL = "patient_portal"
    IMAGE_VIEWER = "image_viewer"
    OTHER = "other"


class TrafficClass(StrEnum):
    """DiffServ per-hop behaviour the network gives the service."""

    EF = "ef"
    AF41 = "af41"
    AF31 = "af31"
    AF21 = "af21"
    AF11 = "af11"
    CS6 = "cs6"
    BE = "be"


class TransportProtocol(StrEnum):
    """Transport protocol of a service port."""

    TCP = "tcp"
    UDP = "udp"
    ICMP = "icmp"


class ServicePort(Model):
    """One transport port (or range) a service listens on."""

    protocol: TransportProtocol = Field(description="Transport protocol.")
    port: Annotated[int, Field(ge=1, le=65535)] | None = Field(
        default=None, description="First (or only) port; omit for ICMP."
    )
    port_end: Annotated[int, Field(ge=1, le=65535)] | None = Field(
        default=None, description="Last port of a range; omit for a single port."
    )

    @model_validator(mode="after")
    def _check_range(self) -> "ServicePort":
        if self.protocol is TransportProtocol.ICMP and self.port is not None:
            raise ValueError("ICMP has no ports; remove 'port'")
        if self.protocol is not TransportProtocol.ICMP and self.port is None:
            raise ValueError(f"a {self.protocol.value} service port needs 'port'")
        if self.port_end is not None and (self.port is None or self.port_end < self.port):
            raise ValueError("'port_end' must be at least 'port'")
        return self


class PonProfile(Model):
    """Upstream bandwidth the OLT's DBA grants the service on a PON (a DBA profile)."""

    dba_type: Annotated[int, Field(ge=1, le=5)] = Field(
        description="DBA type: 1 fixed, 2 assured, 3 assured+max, 4 max, 5 fixed+assured+max."
    )
    fixed: Bandwidth | None = Field(default=None, description="Fixed bandwidth (types 1, 5).")
    assured: Bandwidth | None = Field(
        default=None, description="Assured bandwidth (types 2, 3, 5)."
    )
    maximum: Bandwidth | None = Field(default=None, description="Maximum bandwidth (types 3-5).")

    @model_validator(mode="after")
    def _check_type_fields(self) -> "PonProfile":
        needed = {
            1: ("fixed",),
            2: ("assured",),
            3: ("assured", "maximum"),
            4: ("maximum",),
            5: ("fixed", "assured", "maximum"),
        }[self.dba_type]
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise ValueError(f"DBA type {self.dba_type} needs {', '.join(missing)}")
        return self

    @property
    def guaranteed(self) -> int:
        """Bandwidth the PON must reserve for this profile (fixed + assured), in bit/s."""
        return (self.fixed or 0) + (self.assured or 0)


class Service(Model):
    """A named service of the catalogue, carried in its own VLAN with its own priority."""

    id: Identifier = Field(description="Stable service id, referenced by ONTs and zone policies.")
    name: SafeText = Field(description="Human name of the service.")
    kind: ServiceKind = Field(description="What the service is for.")
    vlan: Annotated[int, Field(ge=2, le=4094)] = Field(
        description="VLAN id that carries the service on campus and access networks."
    )
    priority: Annotated[int, Field(ge=0, le=7)] = Field(
        description="802.1p priority (0 lowest, 7 highest)."
    )
    traffic_class: TrafficClass = Field(description="DiffServ class on routed links.")
    ports: tuple[ServicePort, ...] = Field(
        default=(), description="Ports the service uses (firewall rules are built from these)."
    )
    pon_profile: PonProfile | None = Field(
        default=None, description="DBA profile for the service on PON ports; none if not on PON."
    )
