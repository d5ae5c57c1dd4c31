"""Sites: hospitals, branches, community health centres and data centres."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from medinfra.model.base import Model, Suppressible
from medinfra.model.devices import Device
from medinfra.model.gateways import ImagingGateway
from medinfra.model.handoffs import DataCentreHandoff, SiteLan
from medinfra.model.optical import CampusNetwork
from medinfra.model.text import Identifier, SafeText
from medinfra.model.units import Bandwidth, DataSize, Ratio
from medinfra.model.wan import PrivateLine, Protection


class SiteKind(StrEnum):
    """What kind of place a site is."""

    TERTIARY_HOSPITAL = "tertiary_hospital"
    CITY_HOSPITAL = "city_hospital"
    COUNTY_HOSPITAL = "county_hospital"
    COMMUNITY_HEALTH_CENTRE = "community_health_centre"
    BRANCH = "branch"
    DATA_CENTRE = "data_centre"


class ModalityKind(StrEnum):
    """Imaging modalities (DICOM modality codes) and digital pathology."""

    CT = "CT"
    MR = "MR"
    CR = "CR"
    DX = "DX"
    US = "US"
    MG = "MG"
    XA = "XA"
    NM = "NM"
    PT = "PT"
    RF = "RF"
    SM = "SM"


class Modality(Model):
    """The studies one modality produces each day."""

    kind: ModalityKind = Field(description="DICOM modality code (SM is whole-slide pathology).")
    studies_per_day: Annotated[int, Field(ge=0, le=1_000_000)] = Field(
        description="Studies a day, all units of this modality together."
    )
    average_study_size: DataSize = Field(description="Average size of one study, e.g. 500MB.")


class ImagingLoad(Model):
    """What a site uploads to the regional archive."""

    modalities: tuple[Modality, ...] = Field(min_length=1, description="Modalities in use.")

    @property
    def bytes_per_day(self) -> int:
        """Bytes of new studies per day."""
        return sum(m.studies_per_day * m.average_study_size for m in self.modalities)


class Site(Suppressible):
    """One site: a hospital, a branch, a community health centre or a data centre."""

    id: Identifier = Field(description="Site id, unique across the topology.")
    name: SafeText = Field(description="Name of the site.")
    kind: SiteKind = Field(description="What kind of site it is.")
    parent: Identifier | None = Field(
        default=None, description="Parent site: a branch's hospital, a clinic's regional hub."
    )
    region: SafeText | None = Field(default=None, description="Province, city or district.")
    wan_protection: Protection = Field(
        default=Protection.NONE,
        description="1+1 when the site must keep two independent uplinks.",
    )
    availability_target: Ratio | None = Field(
        default=None,
        description="This site's own end-to-end target (default: the topology's), e.g. a clinic.",
    )
    wan_capacity: Bandwidth | None = Field(
        default=None, description="Data centres: the WAN capacity that receives site uploads."
    )
    imaging: ImagingLoad | None = Field(default=None, description="Imaging upload load.")
    devices: tuple[Device, ...] = Field(default=(), description="Managed network devices.")
    campus: CampusNetwork | None = Field(default=None, description="All-optical campus network.")
    uplinks: tuple[PrivateLine, ...] = Field(
        default=(), description="Private lines from this site's devices to the data centres."
    )
    imaging_gateways: tuple[ImagingGateway, ...] = Field(
        default=(), description="DICOM front-end servers at this site."
    )
    lan: SiteLan | None = Field(
        default=None,
        description="The CPE's handoff to the site's own network and the ranges behind it.",
    )
    handoffs: tuple[DataCentreHandoff, ...] = Field(
        default=(),
        description="Data centres: each edge's handoff towards the data-centre core / cloud.",
    )
