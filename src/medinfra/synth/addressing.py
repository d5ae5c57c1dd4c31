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
EDGE_MANAGEMENT = {"a": IPv4Network("10.143.255.0/29"), "b": IPv4Network("10.143.255.8/29")}
"""Each data centre's management LAN, where its edges' management ports (in their OAM
vpn-instance) meet the tenant router's management address: edges .1 and .2, the router the
last host, which is the edges' management gateway."""
CLOUD_MANAGEMENT = IPv4Network("10.128.0.0/24")
"""The management servers in the cloud (NTP, syslog); devices are numbered from 10.129.0.0."""
SECOND_CLOUD = (10 * 256, 256)
"""How far the second data centre's range of a cloud zone lies from the first's (in
addresses): 10.96.1.0/24 -> 10.96.11.0/24 for the service zones, 10.128.0.0/24 ->
10.128.1.0/24 for the management servers. Each data centre's cloud holds its own ranges."""
HOSPITAL_LANS = IPv4Network("10.64.0.0/12")
"""The on-premises zone of the hospitals: one block per hospital (a /24 up to 4,096)."""
CLINIC_LANS = IPv4Network("10.192.0.0/10")
"""The on-premises zone of the clinics: one block per clinic (a /26 up to 65,536)."""
SMALLEST_LAN = 27
"""The smallest per-site block: a /28 of workstations, a /29 of modalities, the handoff /30."""


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
        if address not in MANAGEMENT_NETWORK or address >= EDGE_MANAGEMENT["a"].network_address:
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


@dataclass(frozen=True)
class LanPlan:
    """Equal per-site blocks of an on-premises zone, block ``n`` for site ``n``: no two sites
    share a prefix, and each block is found by arithmetic (no search, linear generation)."""

    zone: IPv4Network
    prefix: int

    @classmethod
    def sized(cls, zone: IPv4Network, count: int, largest: int) -> "LanPlan":
        """Blocks of ``/largest``, or smaller ones when ``count`` sites would not fit.

        Raises:
            ValueError: when ``count`` blocks of at least /27 do not fit in ``zone``.
        """
        prefix = max(largest, zone.prefixlen + max(0, count - 1).bit_length())
        if prefix > SMALLEST_LAN:
            raise ValueError(f"{count} sites do not fit in {zone} with a /{SMALLEST_LAN} each")
        return cls(zone, prefix)

    def block(self, number: int) -> IPv4Network:
        """The block of site ``number``."""
        size = 1 << (32 - self.prefix)
        return IPv4Network((int(self.zone.network_address) + number * size, self.prefix))


def lan_layout(block: IPv4Network) -> tuple[IPv4Network, IPv4Network, IPv4Network]:
    """A site block's (workstations, modalities, handoff): the first half, the third quarter,
    and the last /30 (the CPE's handoff to the campus core, outside both ranges)."""
    base, prefix = int(block.network_address), block.prefixlen
    quarter = 1 << (30 - prefix)
    clinical = IPv4Network((base, prefix + 1))
    modalities = IPv4Network((base + 2 * quarter, prefix + 2))
    handoff = IPv4Network((int(block.broadcast_address) - 3, 30))
    return clinical, modalities, handoff


def edge_management(centre: str, n: int) -> dict[str, str]:
    """Management address and gateway of edge ``n`` of data centre ``centre``."""
    lan = EDGE_MANAGEMENT[centre]
    return {
        "address": f"{lan.network_address + 1 + n}/{lan.prefixlen}",
        "gateway": router_management(centre),
    }


def router_management(centre: str) -> str:
    """The tenant router's address on data centre ``centre``'s management LAN."""
    lan = EDGE_MANAGEMENT[centre]
    return f"{lan.broadcast_address - 1}/{lan.prefixlen}"
