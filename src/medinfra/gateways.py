"""Ansible host variables of the imaging edge gateways, computed from the model.

Pure functions: the inventory plugin (and the test hosts' static inventory) call
:func:`gateway_host_vars` for every gateway, and the ``imaging_gateway`` role renders its
Orthanc, nftables, chrony, rsyslog and sshd files from nothing but these variables.
"""

from typing import Any

from medinfra.model import Topology
from medinfra.model.gateways import ImagingGateway

GROUP = "imaging_gateways"

# Orthanc's name for the regional archive in its DicomModalities table and Lua script.
ARCHIVE_MODALITY = "regional-archive"


def _bytes_per_second(bits_per_second: float) -> int:
    """nftables rates are whole bytes per second.

    Examples:
        >>> _bytes_per_second(100_000_000)
        12500000
    """
    return max(1, int(bits_per_second) // 8)


def gateway_host_vars(topology: Topology, site_id: str, gateway: ImagingGateway) -> dict[str, Any]:
    """The host variables the ``imaging_gateway`` role needs for one gateway.

    Addresses are strings, ports and rates integers; lists keep the model's order, which
    is the order the rules appear in on the host.
    """
    management = topology.management
    return {
        "ansible_host": str(gateway.management_address.ip),
        "medinfra_site": site_id,
        "medinfra_tenant": gateway.tenant,
        "medinfra_zone": gateway.zone,
        "imaging_gateway_ae_title": gateway.ae_title,
        "imaging_gateway_dicom_port": gateway.dicom_port,
        "imaging_gateway_peers": [
            {"ae_title": peer.ae_title, "network": str(peer.network)} for peer in gateway.peers
        ],
        "imaging_gateway_archive": {
            "name": ARCHIVE_MODALITY,
            "ae_title": gateway.archive.ae_title,
            "host": gateway.archive.host,
            "port": gateway.archive.port,
        },
        "imaging_gateway_upload_limit_bytes": _bytes_per_second(gateway.upload_limit),
        "imaging_gateway_management_networks": [str(n) for n in management.networks],
        "imaging_gateway_ntp_servers": [str(a) for a in management.ntp_servers],
        "imaging_gateway_syslog_servers": [str(a) for a in management.syslog_servers],
        "imaging_gateway_banner": management.banner,
    }


def gateways_host_vars(topology: Topology) -> dict[str, dict[str, Any]]:
    """Host variables of every imaging gateway of the topology, by hostname."""
    return {
        gateway.hostname: gateway_host_vars(topology, site.id, gateway)
        for site in topology.sites
        for gateway in site.imaging_gateways
    }
