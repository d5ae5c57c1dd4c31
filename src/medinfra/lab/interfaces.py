"""``display ip interface brief`` from a running configuration, in the VRP layouts.

The lab forwards nothing, so a port is up unless it holds ``shutdown`` or, on hardware whose
ports start shut down (NE40E/NE8000), lacks ``undo shutdown`` (then ``*down``, as a device
marks an administratively down port); every interface with an address is listed, in
the device's order, plus ``NULL0``. VRPv8 adds a ``VPN`` column (the interface's
``ip binding vpn-instance``).
"""

from ipaddress import IPv4Network

from medinfra.lab.config_tree import Node
from medinfra.platforms.hardware import PORT_NAME as PORT

LEGEND = (
    "*down: administratively down\n^down: standby\n(l): loopback\n(s): spoofing\n"
    "(E): E-Trunk down\n(b): BFD down\n(d): Dampening Suppressed\n"
)


def _row(node: Node, up_line: str | None) -> tuple[str, str, str, str] | None:
    """``(name, address/len, physical, vpn)`` of an interface node with an address."""
    name = node.line.split(maxsplit=1)[1]
    address, vpn, down = "", "--", False
    for child in node.children:
        words = child.line.split()
        if words[:2] == ["ip", "address"] and len(words) == 4 and not address:
            length = IPv4Network(f"0.0.0.0/{words[3]}").prefixlen
            address = f"{words[2]}/{length}"
        elif words[:3] == ["ip", "binding", "vpn-instance"] and len(words) == 4:
            vpn = words[3]
        elif words == ["shutdown"]:
            down = True
    if not address:
        return None
    physical = "." not in name and PORT.match(name) is not None
    if physical and up_line is not None and up_line not in (c.line for c in node.children):
        down = True
    return name, address, "*down" if down else "up", vpn


def ip_interface_brief(root: Node, vpn_column: bool, up_line: str | None = None) -> str:
    """The ``display ip interface brief`` table of a running configuration; with ``up_line``
    (NE40E/NE8000: ``undo shutdown``) a physical port without that line is down."""
    rows = [
        row
        for node in root.children
        if node.line.startswith("interface ") and (row := _row(node, up_line)) is not None
    ]
    rows.append(("NULL0", "unassigned", "up", "--"))
    up = sum(1 for row in rows if row[2] == "up")
    counts = (
        f"The number of interface that is UP in Physical is {up}\n"
        f"The number of interface that is DOWN in Physical is {len(rows) - up}\n"
        f"The number of interface that is UP in Protocol is {up}\n"
        f"The number of interface that is DOWN in Protocol is {len(rows) - up}\n"
    )
    header = f"{'Interface':<34}{'IP Address/Mask':<21}{'Physical':<11}{'Protocol':<10}"
    lines = [header + ("VPN" if vpn_column else "").rstrip()]
    for name, address, physical, vpn in rows:
        protocol = "down" if physical != "up" else ("up(s)" if name == "NULL0" else "up")
        line = f"{name:<34}{address:<21}{physical:<11}{protocol:<10}"
        lines.append((line + vpn if vpn_column else line).rstrip())
    return LEGEND + counts + "\n" + "\n".join(lines) + "\n"


RULE = "-" * 80


def bfd_session_table(root: Node, vrpv8: bool) -> str:
    """``display bfd session all``: one row per static session of the running configuration.

    The lab runs no BFD, so every session is ``Down`` (as a real one is until its peer
    answers); VRPv8 prints its ``(w)``/``(*)`` legend first and wider discriminator columns.
    """
    rows = []
    for node in root.children:
        words = node.line.split()
        if len(words) < 4 or words[0] != "bfd" or words[2:4] != ["bind", "peer-ip"]:
            continue
        local = remote = "-"
        for child in node.children:
            parts = child.line.split()
            if parts[:2] == ["discriminator", "local"]:
                local = parts[2]
            elif parts[:2] == ["discriminator", "remote"]:
                remote = parts[2]
        interface = words[words.index("interface") + 1] if "interface" in words else "-"
        rows.append((local, remote, words[4], interface))
    width = 11 if vrpv8 else 6
    head = f"{'Local':<{width}}{'Remote':<{width + 5}}{'PeerIpAddr':<16}{'State':<10}{'Type':<12}"
    lines = [RULE, head + "InterfaceName", RULE]
    for local, remote, peer, interface in rows:
        lines.append(
            f"{local:<{width}}{remote:<{width + 5}}{peer:<16}{'Down':<10}{'S_IP_PEER':<12}"
            f"{interface}"
        )
    lines.extend([RULE, f"     Total UP/DOWN Session Number : 0/{len(rows)}"])
    legend = "(w): State in WTR\n(*): State is invalid\n" if vrpv8 else ""
    return legend + "\n".join(lines) + "\n"
