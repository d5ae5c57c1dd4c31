"""Address and port plans of a synthetic topology: every number derived from a counter."""

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

MANAGEMENT_NETWORK = IPv4Network("10.128.0.0/12")
DEVICE_BASE = IPv4Address("10.129.0.0")
LINE_BASE = IPv4Address("10.0.0.0")
LINE_SUPERNET = IPv4Network("10.0.0.0/11")
VLANS_PER_PORT = 4000
EDGES = {"a": ("DC-A-PE-01", "DC-A-PE-02"), "b": ("DC-B-PE-01", "DC-B-PE-02")}
HANDOFFS = {"a": IPv4Network("10.96.254.0/28"), "b": IPv4Network("10.96.255.0/28")}
"""Each data centre's provider network where the edges hand off to the tenant routers: the
edges' VRRP address is the first host, the edges the next two, the router the fourth."""
CLOUD_MANAGEMENT = IPv4Network("10.128.0.0/24")
"""The management servers in the cloud (NTP, syslog); devices are numbered from 10.129.0.0."""


@dataclass
class AddressPlan:
    """Hands out management addresses, /30 line subnets and edge sub-interfaces in order."""

    devices: int = 0
    lines: int = 0
    edge_ports: dict[str, int] = field(default_factory=dict)

    def management(self) -> str:
        """The next device management address, in its own /30: no two sites share a range."""
        address = DEVICE_BASE + 4 * self.devices + 1
        self.devices += 1
        if address not in MANAGEMENT_NETWORK:
            raise ValueError("synthetic topology too large for the management network")
        return f"{address}/30"

    def line(self) -> tuple[str, str]:
        """A and Z addresses of the next /30 line subnet."""
        base = LINE_BASE + 4 * self.lines
        self.lines += 1
        if base not in LINE_SUPERNET:
            raise ValueError("synthetic topology too large for the line address space")
        return f"{base + 1}/30", f"{base + 2}/30"

    def edge_port(self, edge: str) -> tuple[str, int]:
        """The next free (interface, VLAN) on data-centre edge ``edge``."""
        used = self.edge_ports.get(edge, 0)
        self.edge_ports[edge] = used + 1
        return f"10GE1/0/{used // VLANS_PER_PORT}", 2 + used % VLANS_PER_PORT
