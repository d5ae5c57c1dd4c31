"""WAN private lines: the carrier lines that join hospitals to the data centres."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from medinfra.model.addresses import Interface
from medinfra.model.base import Model, Suppressible
from medinfra.model.text import Hostname, Identifier, InterfaceName, SafeText
from medinfra.model.units import Bandwidth, Ratio


class LineTechnology(StrEnum):
    """How the carrier builds the line."""

    OTN = "otn"
    PEOTN = "peotn"
    MPLS = "mpls"
    INTERNET_VPN = "internet_vpn"


class Protection(StrEnum):
    """Protection of a line or a site's WAN access."""

    ONE_PLUS_ONE = "1+1"
    NONE = "none"


class LineEnd(Model):
    """One end of a private line: the device, its port and the sub-interface address."""

    device: Hostname = Field(description="Hostname of the device at this end.")
    interface: InterfaceName = Field(description="Physical port, e.g. GigabitEthernet0/0/1.")
    address: Interface = Field(description="Address of the sub-interface, e.g. 10.0.0.1/30.")


class PrivateLine(Suppressible):
    """A private line from a site's device (A end) to a data-centre edge (Z end)."""

    id: Identifier = Field(description="Line id, unique across the topology.")
    description: SafeText | None = Field(default=None, description="Carrier circuit reference etc.")
    a: LineEnd = Field(description="A end (the site's CPE).")
    z: LineEnd = Field(description="Z end (the data-centre edge).")
    vlan: Annotated[int, Field(ge=2, le=4094)] = Field(
        description="VLAN of the dot1q sub-interfaces at both ends."
    )
    bandwidth: Bandwidth = Field(description="Committed bandwidth.")
    technology: LineTechnology = Field(description="otn, peotn, mpls or internet_vpn.")
    protection: Protection = Field(
        default=Protection.NONE, description="Protection inside the carrier network."
    )
    path_id: Identifier = Field(description="Physical path id (duct/route) from the carrier.")
    encrypted: bool = Field(default=False, description="True when traffic is encrypted end to end.")
    availability: Ratio | None = Field(
        default=None, description="Carrier's availability for the line (default from settings)."
    )
