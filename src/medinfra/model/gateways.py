"""Imaging edge gateways: each hospital's DICOM front-end that forwards to the regional cloud."""

from typing import Annotated, Literal

from pydantic import Field

from medinfra.model.addresses import Interface, Network
from medinfra.model.base import Model, Suppressible
from medinfra.model.text import AeTitle, Hostname, Identifier, SafeText, SecretRef
from medinfra.model.units import Bandwidth


class DicomPeer(Model):
    """A modality or PACS allowed to send studies to the gateway."""

    ae_title: AeTitle = Field(description="The peer's AE title.")
    network: Network = Field(description="Address range the peer sends from.")
    description: SafeText | None = Field(default=None, description="What the peer is.")


class RegionalArchive(Model):
    """The regional archive the gateway forwards every study to."""

    ae_title: AeTitle = Field(description="AE title of the regional archive.")
    host: Annotated[str, Field(pattern=r"^[A-Za-z0-9.-]{1,240}$")] = Field(
        description="Host name or address of the archive."
    )
    port: Annotated[int, Field(ge=1, le=65535)] = Field(default=11112, description="DICOM port.")


class ImagingGateway(Suppressible):
    """A Linux host running the DICOM receiver that forwards to the regional archive."""

    hostname: Hostname = Field(description="Hostname of the gateway.")
    management_address: Interface = Field(description="Management address with prefix.")
    address: Interface | None = Field(
        default=None,
        description="The imaging interface the DICOM service receives and forwards on, with "
        "prefix, in a range of the gateway's zone (the zone's policies permit it and the "
        "tenant router routes it back); default: the management address, which must then lie "
        "in the zone.",
    )
    os: Literal["debian12"] = Field(default="debian12", description="Operating system.")
    credentials: SecretRef = Field(description="Name of the SSH credentials (never a secret).")
    ae_title: AeTitle = Field(description="The gateway's own AE title.")
    dicom_port: Annotated[int, Field(ge=1, le=65535)] = Field(
        default=104, description="Port the DICOM receiver listens on."
    )
    peers: tuple[DicomPeer, ...] = Field(
        min_length=1, description="Modalities and PACS allowed to send."
    )
    archive: RegionalArchive = Field(description="Where studies are forwarded.")
    upload_limit: Bandwidth = Field(description="Upload bandwidth limit toward the archive.")
    tenant: Identifier = Field(description="Cloud tenant whose zone the gateway sits in.")
    zone: Identifier = Field(description="Zone of that tenant the gateway sits in.")

    @property
    def imaging_address(self) -> Interface:
        """The address the gateway's studies come from: ``address``, else the management one."""
        return self.address or self.management_address
