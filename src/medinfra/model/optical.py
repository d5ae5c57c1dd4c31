"""The campus optical network: OLTs, PON ports, splitters and ONTs (passive optical LAN)."""

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from medinfra.model.base import Model, Suppressible
from medinfra.model.text import FrameSlotPort, Hostname, Identifier, OntSerial, SafeText
from medinfra.model.units import Length


class PonTechnology(StrEnum):
    """PON line technology of a port."""

    GPON = "gpon"
    XG_PON = "xg-pon"
    XGS_PON = "xgs-pon"


class OpticalClass(StrEnum):
    """Optical budget class of a PON port's optics."""

    B_PLUS = "B+"
    C_PLUS = "C+"
    N1 = "N1"
    N2 = "N2"
    E1 = "E1"
    E2 = "E2"


SPLIT_RATIOS = (2, 4, 8, 16, 32, 64, 128)

MAX_ONT_ID = 127
"""A GPON port numbers its ONTs 0-127 (``ont add F/S/P ONTID``); rule MI-INT-004 holds it."""


class OntLocation(Model):
    """Where an ONT sits: it becomes the ONT's description on the OLT."""

    building: SafeText = Field(description="Building, e.g. 'Inpatient B'.")
    floor: Annotated[int, Field(ge=-10, le=200)] = Field(description="Floor number.")
    room: SafeText = Field(description="Room or ward, e.g. 'Ward 3-12'.")


class Ont(Suppressible):
    """An optical network terminal in a ward, room or office."""

    id: Annotated[int, Field(ge=0)] = Field(description=f"ONT id on its PON port (0-{MAX_ONT_ID}).")
    serial: OntSerial = Field(description="Serial used for sn-auth (16 hex digits).")
    location: OntLocation = Field(description="Where the ONT is installed.")
    services: tuple[Identifier, ...] = Field(
        min_length=1, description="Service ids from the catalogue delivered to this ONT."
    )


class Splitter(Suppressible):
    """A passive optical splitter and the fibre that feeds it."""

    id: Identifier = Field(description="Splitter id, unique on its PON port.")
    ratio: int = Field(description="Split ratio N of 1:N (2, 4, 8, 16, 32, 64, 128).")
    upstream: Identifier | None = Field(
        default=None, description="Splitter this one cascades from (none: fed by the OLT)."
    )
    fibre_length: Length = Field(description="Fibre length from the OLT (or upstream splitter).")
    connectors: Annotated[int, Field(ge=0, le=20)] = Field(
        default=2, description="Connector pairs on the path segment."
    )
    splices: Annotated[int, Field(ge=0, le=100)] = Field(
        default=0, description="Fusion splices on the path segment."
    )
    onts: tuple[Ont, ...] = Field(default=(), description="ONTs fed by this splitter.")


class PonPort(Suppressible):
    """A PON port of an OLT with its optical distribution network."""

    port: FrameSlotPort = Field(description="Port as frame/slot/port, e.g. 0/1/0.")
    technology: PonTechnology = Field(description="gpon, xg-pon or xgs-pon.")
    optical_class: OpticalClass = Field(description="Optics class: B+, C+, N1, N2, E1, E2.")
    ont_autofind: bool = Field(default=True, description="Enable ONT auto-find on the port.")
    splitters: tuple[Splitter, ...] = Field(min_length=1, description="Splitters on the port.")

    def placed_onts(self) -> Iterator[tuple[int, Splitter, int, Ont]]:
        """Every ONT of the port: (splitter position, splitter, position on it, ONT).

        The one port -> splitter -> ONT walk; :func:`medinfra.model.index.onts` adds the
        site, OLT and model path of each.
        """
        for sp, splitter in enumerate(self.splitters):
            for n, ont in enumerate(splitter.onts):
                yield sp, splitter, n, ont


class Olt(Suppressible):
    """An OLT of the campus and its PON ports."""

    device: Hostname = Field(description="Hostname of the OLT (a device of this site).")
    uplink_port: FrameSlotPort = Field(description="Uplink port toward the core, e.g. 0/3/0.")
    pon_ports: tuple[PonPort, ...] = Field(min_length=1, description="PON ports in service.")


class CampusNetwork(Model):
    """A hospital's all-optical campus network."""

    olts: tuple[Olt, ...] = Field(min_length=1, description="OLTs of the campus.")
