"""``display interface [IF]`` from a running configuration, in the VRP5 (AR) and VRPv8 (NE)
layouts real devices print.

Layouts read from real captures: AR routers in ntc-templates' ``huawei_vrp`` tests (routed
and layer-2 GE ports, ``NULL0``, loopbacks) and an NE40E's ``display interface`` in a public
repository (a GE line port, the twisted-pair management port, a dot1q sub-interface, a
loopback, ``NULL0``, with ``(ifindex: N)``). What the lab cannot know it prints as a device
with no traffic would: counters are zero and the transceiver lines of an optical port are
left out. A port is up unless it holds ``shutdown`` or, on an NE40E/NE8000, lacks ``undo
shutdown`` (``Administratively DOWN``), as in ``display ip interface brief``; its line
protocol is up when it is layer 2 or has an address.
The AR's own ports (the fixed slot 0 of the hardware model) are listed even when no line
configures them; an NE lists the interfaces of its configuration.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from ipaddress import IPv4Network

from medinfra.lab.config_tree import Node
from medinfra.platforms.hardware import HardwareModel, PortRole, parse_port


@dataclass(frozen=True)
class Port:
    """What ``display interface`` says about one interface."""

    name: str
    description: str | None = None
    address: str | None = None
    mtu: int = 1500
    down: bool = False
    switched: bool = False

    @property
    def kind(self) -> str:
        """``null``, ``loopback``, ``sub`` (a dot1q sub-interface) or ``port``."""
        if self.name.upper() == "NULL0":
            return "null"
        if self.name.lower().startswith("loopback"):
            return "loopback"
        return "sub" if "." in self.name else "port"

    @property
    def protocol_up(self) -> bool:
        """The line protocol: up on a port that is up and switches or has an address."""
        return not self.down and (
            self.kind in ("null", "loopback") or self.switched or bool(self.address)
        )


@dataclass(frozen=True)
class Device:
    """What the printout takes from the device: its name (the MAC addresses derive from it),
    when it came up and the time now, its platform layout and its management port."""

    hostname: str
    started: datetime
    now: datetime
    vrpv8: bool
    management: str

    def stamp(self, when: datetime) -> str:
        """A time as the platform prints it (VRPv8 with its UTC offset)."""
        return f"{when:%Y-%m-%d %H:%M:%S}" + ("+00:00" if self.vrpv8 else "")


def _port(node: Node, hardware: HardwareModel | None) -> Port:
    name = node.line.split(maxsplit=1)[1]
    address = description = None
    mtu, down, routed = 1500, False, False
    for child in node.children:
        words = child.line.split()
        if words[:2] == ["ip", "address"] and len(words) == 4 and address is None:
            address = f"{words[2]}/{IPv4Network(f'0.0.0.0/{words[3]}').prefixlen}"
        elif words[:1] == ["description"]:
            description = child.line.split(maxsplit=1)[1]
        elif words[:1] == ["mtu"] and len(words) == 2:
            mtu = int(words[1])
        elif words == ["shutdown"]:
            down = True
        elif words == ["undo", "portswitch"]:
            routed = True
    role = hardware.port_role(name) if hardware else None
    switched = role is PortRole.SWITCHED and not routed
    port = Port(name, description, address, mtu, down, switched)
    if port.kind == "port" and not held_up(node, hardware):
        return Port(name, description, address, mtu, True, switched)
    return port


def held_up(node: Node, hardware: HardwareModel | None) -> bool:
    """Whether a physical port holds the line its hardware needs to come up (always, when
    the hardware's ports start up)."""
    if hardware is None or hardware.up_line is None:
        return True
    return any(child.line == hardware.up_line for child in node.children)


def _fixed_ports(hardware: HardwareModel | None) -> Iterable[str]:
    """The ports of an AR's fixed slot 0."""
    if hardware is None:
        return ()
    return [
        f"{group.kind}0/0/{number}"
        for group in hardware.ports
        if group.slots == (0, 0) and group.cards == (0, 0)
        for number in range(group.ports[0], group.ports[1] + 1)
    ]


def _order(name: str) -> tuple[str, tuple[int, ...]]:
    kind = re.match(r"\d*[A-Za-z-]+", name)
    numbers = tuple(int(n) for n in re.findall(r"\d+", name[kind.end() if kind else 0 :]))
    return (kind.group(0).lower() if kind else name.lower()), numbers


def interfaces(root: Node, hardware: HardwareModel | None, vrpv8: bool) -> list[Port]:
    """Every interface ``display interface`` lists, in the device's (name) order."""
    ports = {
        port.name: port
        for node in root.children
        if node.line.startswith("interface ")
        for port in [_port(node, hardware)]
    }
    if not vrpv8:
        for name in _fixed_ports(hardware):
            if name not in ports:
                ports[name] = _port(Node(line=f"interface {name}", key=""), hardware)
    ports.setdefault("NULL0", Port(name="NULL0"))
    return sorted(ports.values(), key=lambda port: _order(port.name))


def find(root: Node, hardware: HardwareModel | None, vrpv8: bool, wanted: str) -> Port | None:
    """The interface a typed name means (any case; ``GE`` for ``GigabitEthernet``), None if
    the device has no such interface: neither configured nor a port of its hardware."""
    typed = re.sub(r"^(x?)ge(?=\d)", r"\1GigabitEthernet", wanted.strip(), flags=re.I)
    for port in interfaces(root, hardware, vrpv8):
        if port.name.lower() == typed.lower():
            return port
    parsed = parse_port(typed)
    if hardware is None or parsed is None:
        return None
    for group in hardware.ports:
        if group.kind.lower() == parsed[0].lower() and group.holds(group.kind, *parsed[1:]):
            name = f"{group.kind}{parsed[1]}/{parsed[2]}/{parsed[3]}"
            return _port(Node(line=f"interface {name}", key=""), hardware)
    return None


def _mac(*parts: str) -> str:
    digest = hashlib.sha256(" ".join(parts).encode()).hexdigest()
    return f"{digest[0:4]}-{digest[4:8]}-{digest[8:12]}"


def _state(port: Port) -> str:
    return "Administratively DOWN" if port.down else "UP"


def _head(port: Port, device: Device, index: int) -> list[str]:
    vrpv8 = device.vrpv8
    suffix = f" (ifindex: {index})" if vrpv8 else ""
    protocol = "UP" if port.protocol_up else "DOWN"
    if port.protocol_up and port.kind in ("null", "loopback"):
        protocol = "UP (spoofing)"
    lines = [f"{port.name} current state : {_state(port)}{suffix}"]
    lines.append(f"Line protocol current state : {protocol}")
    if port.protocol_up and port.kind != "null":
        lines.append(f"Last line protocol up time : {device.stamp(device.started)}")
    if vrpv8:
        lines.append(f"Description: {port.description}" if port.description else "Description:")
    else:
        lines.append(
            f"Description:{port.description or f'HUAWEI, AR Series, {port.name} Interface'}"
        )
    return lines


def _layer3(port: Port, mac: str | None) -> list[str]:
    if port.switched:
        return [
            "Switch Port, PVID :    1, TPID : 8100(Hex), The Maximum Frame Length is 9596",
            f"IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is {mac}",
        ]
    lines = [f"Route Port,The Maximum Transmit Unit is {port.mtu}"]
    lines.append(
        f"Internet Address is {port.address}"
        if port.address
        else "Internet protocol processing : disabled"
    )
    if mac is not None:
        lines.append(f"IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is {mac}")
    return lines


SIMPLE_COUNTERS = [
    "    Last 300 seconds input rate 0 bits/sec, 0 packets/sec",
    "    Last 300 seconds output rate 0 bits/sec, 0 packets/sec",
    "    Input: 0 packets,0 bytes",
    "           0 unicast,0 broadcast,0 multicast",
    "           0 errors,0 drops",
    "    Output:0 packets,0 bytes",
    "           0 unicast,0 broadcast,0 multicast",
    "           0 errors,0 drops",
]
"""The counters of a logical interface (sub-interface, loopback, NULL0)."""


def _ar_counters() -> list[str]:
    def pair(left: str, right: str) -> str:
        values = ["-" if name == "Jumbo" else "0" for name in (left, right)]
        return f"  {left + ':':<16}{values[0]:>11},  {right + ':':<21}{values[1]:>9}"

    return [
        "Last 300 seconds input rate 0 bits/sec, 0 packets/sec",
        "Last 300 seconds output rate 0 bits/sec, 0 packets/sec",
        "Input peak rate 0 bits/sec,Record time: -",
        "Output peak rate 0 bits/sec,Record time: -",
        "",
        "Input:  0 packets, 0 bytes",
        pair("Unicast", "Multicast"),
        pair("Broadcast", "Jumbo"),
        pair("Discard", "Total Error"),
        "",
        pair("CRC", "Giants"),
        pair("Jabbers", "Throttles"),
        pair("Runts", "Symbols"),
        pair("Ignoreds", "Frames"),
        "",
        "Output:  0 packets, 0 bytes",
        pair("Unicast", "Multicast"),
        pair("Broadcast", "Jumbo"),
        pair("Discard", "Total Error"),
        "",
        pair("Collisions", "ExcessiveCollisions"),
        pair("Late Collisions", "Deferreds"),
        "",
        "    Input bandwidth utilization threshold : 100.00%",
        "    Output bandwidth utilization threshold: 100.00%",
        "    Input bandwidth utilization  :    0%",
        "    Output bandwidth utilization :    0%",
    ]


NE_COUNTERS = [
    "Statistics last cleared:never",
    "    Last 300 seconds input rate: 0 bits/sec, 0 packets/sec",
    "    Last 300 seconds output rate: 0 bits/sec, 0 packets/sec",
    "    Input peak rate 0 bits/sec, Record time: -",
    "    Output peak rate 0 bits/sec, Record time: -",
    "    Input: 0 bytes, 0 packets",
    "    Output: 0 bytes, 0 packets",
    "    Input:",
    "      Unicast: 0 packets, Multicast: 0 packets",
    "      Broadcast: 0 packets, JumboOctets: 0 packets",
    "      CRC: 0 packets, Symbol: 0 packets",
    "      Overrun: 0 packets, InRangeLength: 0 packets",
    "      LongPacket: 0 packets, Jabber: 0 packets, Alignment: 0 packets",
    "      Fragment: 0 packets, Undersized Frame: 0 packets",
    "      RxPause: 0 packets",
    "    Output:",
    "      Unicast: 0 packets, Multicast: 0 packets",
    "      Broadcast: 0 packets, JumboOctets: 0 packets",
    "      Lost: 0 packets, Overflow: 0 packets, Underrun: 0 packets",
    "      System: 0 packets, Overruns: 0 packets",
    "      TxPause: 0 packets",
]
"""The counters of an NE line port."""

UTILITY = [
    "    Last 300 seconds input utility rate:  0.00%",
    "    Last 300 seconds output utility rate: 0.00%",
]


def _physical(port: Port, device: Device) -> list[str]:
    up = "-" if port.down else device.stamp(device.started)
    times = [
        f"Last physical up time   : {up}",
        "Last physical down time : -",
        f"Current system time: {device.stamp(device.now)}",
    ]
    if not device.vrpv8:
        fibre = port.name.startswith("X")
        return [
            *times,
            f"Port Mode: COMMON {'FIBER' if fibre else 'COPPER'}",
            f"Speed : {10000 if fibre else 1000},  Loopback: NONE",
            "Duplex: FULL,  Negotiation: ENABLE",
            "Mdi   : AUTO,  Clock   : -",
            *_ar_counters(),
        ]
    if port.name == device.management:
        link = [
            "Media type: twisted-pair, link type: auto negotiation",
            "loopback: none, promiscuous: off",
            "maximal BW: 1000M, current BW: 1000M, full-duplex mode",
        ]
    else:
        link = [
            "Loopback:none, full-duplex mode, negotiation: disable,"
            " Pause Flowcontrol:Receive Enable and Send Enable"
        ]
    return [*link, *times, *NE_COUNTERS, *UTILITY]


def block(port: Port, device: Device, index: int) -> str:
    """One interface's ``display interface`` text."""
    lines = _head(port, device, index)
    now = f"Current system time: {device.stamp(device.now)}"
    if port.kind in ("null", "loopback"):
        lines.extend([*_layer3(port, None), now])
        lines.append("Physical is NULL DEV" if port.kind == "null" else "Physical is Loopback")
        lines.extend(SIMPLE_COUNTERS + UTILITY if device.vrpv8 else SIMPLE_COUNTERS)
        return "\n".join(lines)
    parent = port.name.split(".")[0]
    lines.extend(_layer3(port, _mac(device.hostname, parent if device.vrpv8 else "")))
    if port.kind == "sub":
        lines.extend([now, *SIMPLE_COUNTERS, *UTILITY])
    else:
        lines.extend(_physical(port, device))
    return "\n".join(lines)


def display_interface(ports: list[Port], shown: list[Port], device: Device) -> str:
    """The blocks of ``shown``, a blank line after each; ifindexes follow the device's
    interface order (``ports``), ``NULL0`` being 1."""
    indexes = {"NULL0": 1}
    for number, port in enumerate((p for p in ports if p.name != "NULL0"), start=3):
        indexes[port.name] = number
    return "".join(
        block(port, device, indexes.get(port.name, len(ports) + 3)) + "\n\n" for port in shown
    )
