"""Lines a device adds to its configuration by itself, as real devices do.

- The first ``ntp-service unicast-server`` makes VRP add ``ntp-service server disable`` (the
  device stops serving time itself), VRPv8 and MA5800 also ``ntp-service ipv6 server
  disable``; they are printed before the first server line.
- The first ``snmp-agent`` line makes the device add ``snmp-agent local-engineid HEX`` (the
  SNMPv3 engine id: Huawei's enterprise prefix ``800007DB03`` and a MAC-sized suffix, here
  derived from the sysname so a device keeps its id), printed first among the SNMP lines.

A push must never undo these lines; the lab adds them so that a second push can prove it.
"""

import hashlib
from collections.abc import Callable

from medinfra.lab.config_tree import Node

ENGINE_ID_PREFIX = "800007DB03"
"""Huawei's SNMP engine id prefix (enterprise 2011, MAC-address format)."""


def engine_id(root: Node) -> str:
    """A stable engine id for the device whose configuration ``root`` is."""
    sysname = next((n.line for n in root.children if n.line.startswith("sysname ")), "")
    return ENGINE_ID_PREFIX + hashlib.sha256(sysname.encode()).hexdigest()[:12].upper()


def _add_before(root: Node, anchor: Node, line: str) -> None:
    if any(child.line.lower() == line.lower() for child in root.children):
        return
    node = Node(line=line, key=line.lower(), rank=anchor.rank, section=anchor.section)
    root.insert_before(anchor, node)


def device_adds(ntp_disables: tuple[str, ...]) -> Callable[[Node, Node], None]:
    """The ``adds`` hook of a platform that adds ``ntp_disables`` for its first NTP server."""

    def adds(root: Node, node: Node) -> None:
        words = node.line.split()
        if words[:2] == ["ntp-service", "unicast-server"]:
            first = next(c for c in root.children if c.line.startswith("ntp-service unicast-"))
            for line in ntp_disables:
                _add_before(root, first, line)
        elif words[0] == "snmp-agent" and not any(
            c.line.startswith("snmp-agent local-engineid") for c in root.children
        ):
            first = next(c for c in root.children if c.line.startswith("snmp-agent"))
            _add_before(root, first, f"snmp-agent local-engineid {engine_id(root)}")

    return adds


VRP_ADDS = device_adds(("ntp-service server disable",))
"""AR routers (VRP5)."""
VRPV8_ADDS = device_adds(("ntp-service server disable", "ntp-service ipv6 server disable"))
"""NE40E/NE8000 (VRPv8) and MA5800 (SmartAX) print both NTP lines."""
