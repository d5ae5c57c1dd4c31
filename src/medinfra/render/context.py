"""The template context of one device: plain data (str, int, bool, lists, dicts) from the model.

Pure functions of the model. Everything a template prints is decided here, in a fixed order
(model order where the model has one, sorted otherwise), so templates only lay lines out.
Plain data also lets the same templates render under Ansible's ``template`` module.
"""

import re
from ipaddress import IPv4Network
from typing import Any

from medinfra.model import Device, DeviceRole, LocalUser, ManagementPlane, Platform, Site
from medinfra.platforms import management_interface, management_vpn, switched
from medinfra.platforms.hardware import ACCOUNT_SCHEMES, AccountScheme
from medinfra.platforms.huawei_smartax import source_port
from medinfra.render.errors import RenderError
from medinfra.render.filters import bfd_name
from medinfra.render.handoffs import handoff_ports
from medinfra.render.hardening import hardening_context
from medinfra.render.index import LineEnd, RenderIndex
from medinfra.render.olt import olt_context
from medinfra.render.qos import qos_context
from medinfra.render.routing import DEFAULT_PREFERENCE, bgp_context, routes_context

__all__ = ["DEFAULT_PREFERENCE", "Context", "device_context", "routes_context"]

Context = dict[str, Any]

BFD_INTERVAL_MS = 100
"""BFD transmit/receive interval; with the default multiplier 3 a line failure is detected
in 300 ms and the tracked static route is withdrawn."""

MGMT_ACL = 2000
MGMT_ACL_DENY_RULE = 100


def interface_sort_key(name: str) -> tuple[str, tuple[int, ...]]:
    """Order interfaces as a device lists them: by type, then numerically by position.

    Examples:
        >>> sorted(["GE0/0/10", "GE0/0/2", "GE0/0/2.5", "LoopBack0"], key=interface_sort_key)
        ['GE0/0/2', 'GE0/0/2.5', 'GE0/0/10', 'LoopBack0']
    """
    match = re.match(r"^(\d*[A-Za-z-]+?)(\d.*)$", name)
    kind, numbers = (match.group(1), match.group(2)) if match else (name, "")
    return kind.lower(), tuple(int(part) for part in re.findall(r"\d+", numbers))


def _network_key(network: IPv4Network) -> tuple[int, int]:
    return int(network.network_address), network.prefixlen


def device_context(index: RenderIndex, hostname: str) -> Context:
    """Everything the templates of ``hostname``'s platform print."""
    site, device = index.device(hostname)
    topology = index.topology
    ends = index.ends(hostname)
    is_cpe = device.role is DeviceRole.CPE
    qos = None
    if device.platform in (Platform.HUAWEI_VRP, Platform.HUAWEI_VRPV8) and (
        is_cpe or device.role is DeviceRole.DC_EDGE
    ):
        qos = qos_context(topology.services)
    return {
        "hostname": device.hostname,
        "platform": device.platform.value,
        "role": device.role.value,
        "site": {"id": site.id, "name": site.name},
        "banner": topology.management.banner,
        "management": management_context(device, topology.management),
        "hardening": hardening_context(topology.baseline, topology.management),
        "interfaces": interfaces_context(device, site, ends, qos["policy"] if qos else None),
        "bfd_sessions": bfd_context(ends, index),
        "routes": routes_context(device, site, ends, index),
        "bgp": bgp_context(device, index) if device.role is DeviceRole.DC_EDGE else None,
        "qos": qos,
        "olt": olt_context(index, site, device),
    }


def account_lines(platform: Platform, user: LocalUser) -> list[str]:
    """The level line(s) of a local user, as the platform levels accounts: VRP5 takes
    ``privilege level 0-15``; VRPv8 takes ``level 0-3`` and gives managers (3 and up) the
    ``manage-ug`` user group (``level 15`` is rejected there)."""
    if ACCOUNT_SCHEMES[platform] is AccountScheme.LEVEL_GROUP:
        if user.privilege >= 3:
            return [f"local-user {user.name} user-group manage-ug"]
        return [f"local-user {user.name} level {user.privilege}"]
    return [f"local-user {user.name} privilege level {user.privilege}"]


def management_context(device: Device, plane: ManagementPlane) -> Context:
    """Management address, AAA users, SNMPv3, NTP, syslog and the management ACL."""
    networks = sorted(plane.networks, key=_network_key)
    deny_rule = max(MGMT_ACL_DENY_RULE, 5 * (len(networks) + 1))
    snmp = plane.snmp
    interface = management_interface(device)
    return {
        "interface": interface,
        "source_port": source_port(interface),
        "vpn": management_vpn(device),
        "undo_portswitch": switched(device, interface),
        "address": str(device.management.address),
        "gateway": str(device.management.gateway.ip) if device.management.gateway else None,
        "networks": [str(network) for network in networks],
        "acl": {
            "number": MGMT_ACL,
            "permit": [
                {"rule": 5 * (i + 1), "source": str(network)} for i, network in enumerate(networks)
            ],
            "deny_rule": deny_rule,
        },
        "ntp_servers": [str(server) for server in plane.ntp_servers],
        "syslog_servers": [str(server) for server in plane.syslog_servers],
        "users": [
            {
                "name": user.name,
                "privilege": user.privilege,
                "secret": user.secret,
                "level_lines": account_lines(device.platform, user),
            }
            for user in sorted(plane.local_users, key=lambda user: user.name)
        ],
        "snmp": None
        if snmp is None
        else {
            "user": snmp.user,
            "group": snmp.group,
            "auth_secret": snmp.auth_secret,
            "auth_protocol": snmp.auth_protocol.value,
            "priv_protocol": snmp.priv_protocol.value,
            "priv_secret": snmp.priv_secret,
            "targets": [str(target) for target in snmp.targets],
        },
    }


def interfaces_context(
    device: Device, site: Site, ends: list[LineEnd], qos_policy: str | None
) -> list[Context]:
    """Physical ports that carry private lines, each with its dot1q sub-interfaces, and the
    device's handoff ports (:mod:`medinfra.render.handoffs`), in the device's port order."""
    management = management_interface(device)
    ports: dict[str, list[LineEnd]] = {}
    for ref in ends:
        if ref.local_interface == management:
            raise RenderError(
                f"{device.hostname}: private line '{ref.line.id}' uses {management}, "
                "the management port; move the line or set devices[].management.interface"
            )
        ports.setdefault(ref.local_interface, []).append(ref)
    result = handoff_ports(device, site)
    for name, on_port in ports.items():
        refs = sorted(on_port, key=lambda ref: ref.line.vlan)
        result.append(
            {
                "name": name,
                "description": _port_description(refs),
                "undo_portswitch": switched(device, name),
                "shaping_kbps": sum(ref.line.bandwidth for ref in refs) // 1000,
                "qos_policy": qos_policy,
                "address": None,
                "vrrp": [],
                "subinterfaces": [_subinterface(ref) for ref in refs],
            }
        )
    return sorted(result, key=lambda port: interface_sort_key(port["name"]))


def _peer(ref: LineEnd) -> Any:
    return ref.line.z if ref.end == "a" else ref.line.a


def _port_description(refs: list[LineEnd]) -> str:
    if len(refs) == 1:
        peer = _peer(refs[0])
        return f"to {peer.device} {peer.interface}"
    return f"{len(refs)} private lines"


def _subinterface(ref: LineEnd) -> Context:
    line = ref.line
    local, peer = getattr(line, ref.end), _peer(ref)
    text = f"{line.id} to {peer.device}"
    if line.description:
        text += f" {line.description}"
    return {
        "name": ref.subinterface,
        "vlan": line.vlan,
        "address": str(local.address),
        "description": text,
        "line": line.id,
        "bandwidth_kbps": line.bandwidth // 1000,
        "vrrp": [],
    }


def bfd_context(ends: list[LineEnd], index: RenderIndex) -> list[Context]:
    """One static BFD session per line end; discriminators agree with the peer's."""
    sessions = []
    for ref in ends:
        local, peer = getattr(ref.line, ref.end), _peer(ref)
        other = "z" if ref.end == "a" else "a"
        sessions.append(
            {
                "name": bfd_name(ref.local_interface, ref.line.vlan),
                "peer_ip": str(peer.address.ip),
                "source_ip": str(local.address.ip),
                "local": index.discriminators[(ref.line.id, ref.end)],
                "remote": index.discriminators[(ref.line.id, other)],
                "interval": BFD_INTERVAL_MS,
                "line": ref.line.id,
            }
        )
    return sorted(sessions, key=lambda session: session["name"])
