"""Service catalogue to transport matches: what a zone policy's services mean on the wire.

A service's ports become firewall matches (FWaaS ``protocol`` + ``destination_port``) and
security group matches (``protocol`` + ``port_range_min``/``port_range_max``).
"""

from dataclasses import dataclass

from medinfra.model.services import Service, ServiceKind, TransportProtocol
from medinfra.model.topology import Topology

ANY = "any"
"""The FWaaS protocol that matches every protocol (used for the default rule)."""

DICOM_PORTS = frozenset({104, 11112})
"""DICOM: 104 (well-known) and 11112 (registered)."""

HL7_MLLP_PORTS = frozenset({2575})
"""HL7 v2 over MLLP, what HIS/EMR/LIS exchange."""

HIS_KINDS = frozenset({ServiceKind.HIS, ServiceKind.EMR, ServiceKind.HL7, ServiceKind.LIS})
DICOM_KINDS = frozenset({ServiceKind.PACS, ServiceKind.DICOM})


@dataclass(frozen=True)
class PortMatch:
    """One protocol and destination port range of a service (ports None: the whole protocol)."""

    service: str
    kind: ServiceKind
    protocol: str
    port_min: int | None = None
    port_max: int | None = None

    @property
    def fwaas_port(self) -> str | None:
        """The FWaaS ``destination_port``: ``104`` or ``5004:5005``.

        Examples:
            >>> PortMatch("video", ServiceKind.VIDEO, "udp", 5004, 5005).fwaas_port
            '5004:5005'
            >>> PortMatch("pacs", ServiceKind.PACS, "tcp", 104, 104).fwaas_port
            '104'
        """
        if self.port_min is None:
            return None
        if self.port_max is None or self.port_max == self.port_min:
            return str(self.port_min)
        return f"{self.port_min}:{self.port_max}"

    @property
    def security_group_protocol(self) -> str | None:
        """The security group ``protocol`` (None matches every protocol)."""
        return None if self.protocol == ANY else self.protocol


def service_matches(service: Service) -> tuple[PortMatch, ...]:
    """The transport matches of one catalogue service.

    A service without ports (office, Wi-Fi) matches all of its traffic: protocol ``any``.

    Args:
        service: a service of the catalogue.

    Returns:
        One match per port entry, in catalogue order.
    """
    if not service.ports:
        return (PortMatch(service.id, service.kind, ANY),)
    matches = []
    for port in service.ports:
        if port.protocol is TransportProtocol.ICMP:
            matches.append(PortMatch(service.id, service.kind, TransportProtocol.ICMP.value))
            continue
        last = port.port_end if port.port_end is not None else port.port
        matches.append(PortMatch(service.id, service.kind, port.protocol.value, port.port, last))
    return tuple(matches)


def catalogue(topology: Topology) -> dict[str, Service]:
    """The service catalogue by id."""
    return {service.id: service for service in topology.services}


def port_in_range(port: int, low: int | None, high: int | None) -> bool:
    """True when ``port`` is inside ``low..high`` (a missing low bound means every port).

    Examples:
        >>> port_in_range(104, None, None), port_in_range(104, 100, 110)
        (True, True)
        >>> port_in_range(104, 443, 443)
        False
    """
    if low is None:
        return True
    return low <= port <= (high if high is not None else low)
