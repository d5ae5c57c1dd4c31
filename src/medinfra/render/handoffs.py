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
VRRP_DEFAULT_PRIORITY = 100
"""VRP's priority of a VRRP member that sets none (1-254 can be set; 255 is the address
owner's)."""
VRRP_STANDBY_PRIORITY = 90
"""A standby handoff's priority (the other data centre's edge, over the interconnect): below
every edge of the network's own data centre, so it takes the virtual address only when they
are all down."""


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
        if handoff.standby:
            what = f"standby {handoff.description or 'on the other data centre provider network'}"
        ports.append(_port(device, handoff, what, _vrrp(site, handoff)))
    return ports


def vrrp_priority(site: Site, handoff: DataCentreHandoff) -> int | None:
    """The VRRP priority of a handoff (None: no virtual address): the master's (the first
    handoff of the site on that subnet with that virtual address that is not a standby), the
    default for the site's other edges there, the standby's for an edge of another data
    centre."""
    if handoff.virtual_address is None:
        return None
    if handoff.standby:
        return VRRP_STANDBY_PRIORITY
    master = next(
        other
        for other in site.handoffs
        if other.address.network == handoff.address.network
        and other.virtual_address == handoff.virtual_address
        and not other.standby
    )
    return VRRP_MASTER_PRIORITY if master is handoff else VRRP_DEFAULT_PRIORITY


def _vrrp(site: Site, handoff: DataCentreHandoff) -> list[str]:
    """The VRRP lines of a handoff: the virtual address, and its priority unless it is the
    default."""
    priority = vrrp_priority(site, handoff)
    if priority is None:
        return []
    lines = [f"vrrp vrid {VRRP_GROUP} virtual-ip {handoff.virtual_address}"]
    if priority != VRRP_DEFAULT_PRIORITY:
        lines.append(f"vrrp vrid {VRRP_GROUP} priority {priority}")
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
