"""The validated hospital topology model (pydantic v2, frozen, no unknown keys)."""

from medinfra.model.cloud import (
    Cloud,
    ErasureCoding,
    PolicyAction,
    Replicas,
    StoragePool,
    StorageProtocol,
    StorageTier,
    Tenant,
    TenantKind,
    Zone,
    ZoneKind,
    ZonePolicy,
)
from medinfra.model.devices import Device, DeviceRole, ManagedMode, Management, Platform
from medinfra.model.gateways import DicomPeer, ImagingGateway, RegionalArchive
from medinfra.model.management import LocalUser, ManagementPlane, ManagementProtocol, SnmpV3
from medinfra.model.optical import (
    CampusNetwork,
    Olt,
    Ont,
    OntLocation,
    OpticalClass,
    PonPort,
    PonTechnology,
    Splitter,
)
from medinfra.model.services import PonProfile, Service, ServiceKind, ServicePort, TrafficClass
from medinfra.model.settings import AvailabilityDefaults, CheckSettings
from medinfra.model.site import ImagingLoad, Modality, ModalityKind, Site, SiteKind
from medinfra.model.topology import DataCentreMode, DataCentres, SecurityBaseline, Topology
from medinfra.model.wan import LineEnd, LineTechnology, PrivateLine, Protection

__all__ = [
    "AvailabilityDefaults",
    "CampusNetwork",
    "CheckSettings",
    "Cloud",
    "DataCentreMode",
    "DataCentres",
    "Device",
    "DeviceRole",
    "DicomPeer",
    "ErasureCoding",
    "ImagingGateway",
    "ImagingLoad",
    "LineEnd",
    "LineTechnology",
    "LocalUser",
    "ManagedMode",
    "Management",
    "ManagementPlane",
    "ManagementProtocol",
    "Modality",
    "ModalityKind",
    "Olt",
    "Ont",
    "OntLocation",
    "OpticalClass",
    "Platform",
    "PolicyAction",
    "PonPort",
    "PonProfile",
    "PonTechnology",
    "PrivateLine",
    "Protection",
    "RegionalArchive",
    "Replicas",
    "SecurityBaseline",
    "Service",
    "ServiceKind",
    "ServicePort",
    "Site",
    "SiteKind",
    "SnmpV3",
    "Splitter",
    "StoragePool",
    "StorageProtocol",
    "StorageTier",
    "Tenant",
    "TenantKind",
    "Topology",
    "TrafficClass",
    "Zone",
    "ZoneKind",
    "ZonePolicy",
]
