"""The handoff ports of a device: a CPE's LAN port, a data-centre edge's ports on the cloud's
provider network (with the VRRP virtual address the edges of one subnet share).

Each port comes out in the shape :func:`medinfra.render.context.interfaces_context` gives a
private line's port, so the templates lay both out alike: the port, its address when the
handoff is untagged, else one dot1q sub-interface holding it.
"""

from typing import Any

from medinfra.model import DataCentreHandoff, Device, Site, SiteLan
from medinfra.platforms import switched

Context = dict[str, Any]

VRRP_GROUP = 1
"""The VRRP group (``vrrp vrid``) of a handoff subnet: one group per subnet."""
VRRP_MASTER_PRIORITY = 120
"""The master's priority; the other edges keep the default 100 and take over when it fails."""


def handoff_ports(device: Device, site: Site) -> list[Context]:
    """The LAN port of a CPE, or the core handoff ports of a data-centre edge."""
    lan = site.lan
    if lan is not None and lan.device == device.hostname:
        role = "to the campus core" if lan.next_hop is not None else "of the site"
        return [_port(device, lan, f"LAN {lan.description or role}", [])]
    ports = []
    for handoff in site.handoffs:
        if handoff.device != device.hostname:
            continue
        what = f"to the cloud {handoff.description or 'provider network'}"
        ports.append(_port(device, handoff, what, _vrrp(site, handoff)))
    return ports


def _vrrp(site: Site, handoff: DataCentreHandoff) -> list[str]:
    """The VRRP lines of a handoff: the virtual address, and the master's priority (the
    first handoff of the site on that subnet with that virtual address)."""
    if handoff.virtual_address is None:
        return []
    lines = [f"vrrp vrid {VRRP_GROUP} virtual-ip {handoff.virtual_address}"]
    master = next(
        other
        for other in site.handoffs
        if other.address.network == handoff.address.network
        and other.virtual_address == handoff.virtual_address
    )
    if master is handoff:
        lines.append(f"vrrp vrid {VRRP_GROUP} priority {VRRP_MASTER_PRIORITY}")
    return lines


def _port(
    device: Device, handoff: SiteLan | DataCentreHandoff, description: str, vrrp: list[str]
) -> Context:
    port: Context = {
        "name": handoff.interface,
        "description": description,
        "undo_portswitch": switched(device, handoff.interface),
        "qos_policy": None,
        "shaping_kbps": None,
        "address": None,
        "vrrp": [],
        "subinterfaces": [],
    }
    if handoff.vlan is None:
        port.update(address=str(handoff.address), vrrp=vrrp)
        return port
    port["subinterfaces"] = [
        {
            "name": handoff.interface_name,
            "vlan": handoff.vlan,
            "address": str(handoff.address),
            "description": description,
            "line": None,
            "bandwidth_kbps": None,
            "vrrp": vrrp,
        }
    ]
    return port
