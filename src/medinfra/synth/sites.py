"""Synthetic sites as plain YAML-ready dicts: hospitals (1+1, optional campus), clinics, DCs."""

import math
import random
from ipaddress import IPv4Network
from typing import Any

from medinfra.model import Platform
from medinfra.synth.addressing import EDGES, HANDOFFS, AddressPlan, edge_management, lan_layout

ONTS_PER_SPLITTER = 32
CAMPUS_SERVICES = ["his", "medical-devices", "wifi"]
TENANT = "regional-imaging"
LAN_PORT = "GigabitEthernet0/0/3"
"""The CPE's port towards the campus core (the private lines take 0/0/1 and 0/0/2)."""
LAN_VLAN = 100


def _imaging(rng: random.Random, tertiary: bool, clinic: bool) -> dict[str, Any]:
    if clinic:
        modalities = [
            {"kind": "DX", "studies_per_day": rng.randint(10, 40), "average_study_size": "10MB"},
            {"kind": "US", "studies_per_day": rng.randint(10, 40), "average_study_size": "3MB"},
        ]
    else:
        scale = 4 if tertiary else 1
        modalities = [
            {
                "kind": "CT",
                "studies_per_day": scale * rng.randint(15, 80),
                "average_study_size": "150MB",
            },
            {
                "kind": "DX",
                "studies_per_day": scale * rng.randint(40, 150),
                "average_study_size": "8MB",
            },
            {
                "kind": "US",
                "studies_per_day": scale * rng.randint(30, 100),
                "average_study_size": "2MB",
            },
        ]
    return {"modalities": modalities}


def _uplink(
    plan: AddressPlan, site_id: str, *, cpe: str, port: int, edge: str, bandwidth: str, leg: str
) -> dict[str, Any]:
    a, z = plan.line()
    interface, vlan = plan.edge_port(edge)
    return {
        "id": f"{site_id}-line-{leg}",
        "a": {"device": cpe, "interface": f"GigabitEthernet0/0/{port}", "address": a},
        "z": {"device": edge, "interface": interface, "address": z},
        "vlan": vlan,
        "bandwidth": bandwidth,
        "technology": "mpls",
        "path_id": f"{site_id}-path-{leg}",
        "encrypted": True,
    }


def site_lan(cpe: str, zone: str, block: IPv4Network) -> dict[str, Any]:
    """The CPE's handoff to the site's campus core and the site's own ranges behind it: its
    workstations and its modalities, both parts of the on-premises ``zone`` (the core routes
    them; the CPE routes them to the core, the edge routes them over this site's lines)."""
    clinical, modalities, handoff = lan_layout(block)
    return {
        "device": cpe,
        "interface": LAN_PORT,
        "vlan": LAN_VLAN,
        "address": f"{handoff.network_address + 1}/30",
        "next_hop": str(handoff.network_address + 2),
        "tenant": TENANT,
        "ranges": [
            {"zone": zone, "network": str(clinical), "use": "clinical"},
            {"zone": zone, "network": str(modalities), "use": "modalities"},
        ],
    }


def _device(plan: AddressPlan, hostname: str, platform: Platform, role: str) -> dict[str, Any]:
    return {
        "hostname": hostname,
        "platform": platform.value,
        "role": role,
        "management": {"address": plan.management()},
        "credentials": f"synthetic/{role}",
    }


def _campus(rng: random.Random, olt: str, onts: int, serials: list[int]) -> dict[str, Any]:
    ports = []
    for number in range(math.ceil(onts / ONTS_PER_SPLITTER)):
        count = min(ONTS_PER_SPLITTER, onts - number * ONTS_PER_SPLITTER)
        members = []
        for ont_id in range(count):
            serials[0] += 1
            floor = 1 + ont_id // 8
            members.append(
                {
                    "id": ont_id,
                    "serial": f"48575443{serials[0]:08X}",
                    "location": {
                        "building": f"Inpatient {1 + number}",
                        "floor": floor,
                        "room": f"Ward {floor}-{ont_id % 8 + 1:02d}",
                    },
                    "services": CAMPUS_SERVICES,
                }
            )
        splitter = {
            "id": f"riser-{number}",
            "ratio": ONTS_PER_SPLITTER,
            "fibre_length": f"{rng.randint(5, 50) / 10}km",
            "connectors": 4,
            "splices": 4,
            "onts": members,
        }
        ports.append(
            {
                "port": f"0/{1 + number // 16}/{number % 16}",
                "technology": "gpon",
                "optical_class": "C+",
                "splitters": [splitter],
            }
        )
    return {"olts": [{"device": olt, "uplink_port": "0/9/0", "pon_ports": ports}]}


def edges_of(centre: str, centres: int) -> tuple[str, ...]:
    """The edge routers of data centre ``centre``: both edges of a single data centre (a 1+1
    site's two lines end on one each), one edge in each of two active-active data centres,
    backed up by the other data centre's edge (``_handoffs``). Two edges of one data centre on
    its provider network would not survive the master edge's failure: the other edge routes a
    site it has no line to across to the edge of the site's first line, the one that failed."""
    return EDGES[centre] if centres == 1 else EDGES[centre][:1]


def line_edges(number: int, centres: int) -> tuple[str, str]:
    """The edge routers of a hospital's two lines: one in each data centre, or both edges of
    the one data centre."""
    if centres == 1:
        return EDGES["a"][0], EDGES["a"][1]
    return edges_of("a", centres)[0], edges_of("b", centres)[0]


def hospital(
    rng: random.Random,
    plan: AddressPlan,
    number: int,
    onts: int,
    serials: list[int],
    *,
    lan: IPv4Network,
    centres: int = 2,
) -> dict[str, Any]:
    """Hospital ``number``: one CPE with two lines, one to each data centre (1+1), and its LAN
    block ``lan`` (in the zone ``hospitals``) behind the CPE."""
    tertiary = number % 10 == 0
    site_id = f"hospital-{number:05d}"
    cpe = f"H{number:05d}-CPE-01"
    devices = [_device(plan, cpe, Platform.HUAWEI_VRP, "cpe")]
    bandwidth = "1Gbit/s" if tertiary else "200Mbit/s"
    edge_a, edge_b = line_edges(number, centres)
    site: dict[str, Any] = {
        "id": site_id,
        "name": f"Synthetic hospital {number}",
        "kind": "tertiary_hospital" if tertiary else "county_hospital",
        "region": f"Region {number // 12}",
        "wan_protection": "1+1",
        "imaging": _imaging(rng, tertiary, clinic=False),
        "devices": devices,
        "uplinks": [
            _uplink(
                plan,
                site_id,
                cpe=cpe,
                port=1,
                edge=edge_a,
                bandwidth=bandwidth,
                leg="a",
            ),
            _uplink(
                plan,
                site_id,
                cpe=cpe,
                port=2,
                edge=edge_b,
                bandwidth=bandwidth,
                leg="b",
            ),
        ],
        "lan": site_lan(cpe, "hospitals", lan),
    }
    if onts > 0:
        olt = f"H{number:05d}-OLT-01"
        devices.append(_device(plan, olt, Platform.HUAWEI_SMARTAX, "olt"))
        site["campus"] = _campus(rng, olt, onts, serials)
    return site


def clinic(
    rng: random.Random,
    plan: AddressPlan,
    number: int,
    parent: str,
    *,
    lan: IPv4Network,
    centres: int = 2,
    target: str = "99.5%",
) -> dict[str, Any]:
    """Community health centre ``number``: one CPE, one line, its own 99.5% target, and its LAN
    block ``lan`` (in the zone ``clinics``)."""
    site_id = f"clinic-{number:06d}"
    cpe = f"C{number:06d}-CPE-01"
    centre = "a" if number % 2 == 0 or centres == 1 else "b"
    edges = edges_of(centre, centres)
    return {
        "id": site_id,
        "name": f"Synthetic community health centre {number}",
        "kind": "community_health_centre",
        "parent": parent,
        "availability_target": target,
        "imaging": _imaging(rng, tertiary=False, clinic=True),
        "devices": [_device(plan, cpe, Platform.HUAWEI_VRP, "cpe")],
        "uplinks": [
            _uplink(
                plan,
                site_id,
                cpe=cpe,
                port=1,
                edge=edges[(number // 2) % len(edges)],
                bandwidth="100Mbit/s",
                leg="a",
            )
        ],
        "lan": site_lan(cpe, "clinics", lan),
    }


def _handoffs(centre: str, centres: int) -> list[dict[str, Any]]:
    """Each edge's handoff on its data centre's provider network (.2, .3; the VRRP address .1,
    the tenant router .4) and, with two data centres, the edge's standby leg on the other
    one's over the interconnect (.5): a VRRP backup there, so that data centre's router still
    reaches the sites when its edge is down (and its edge reaches them across)."""
    other = "b" if centre == "a" else "a"
    handoffs: list[dict[str, Any]] = []
    for n, edge in enumerate(edges_of(centre, centres)):
        own = HANDOFFS[centre]
        handoffs.append(
            {
                "device": edge,
                "interface": "10GE2/0/0",
                "address": f"{own.network_address + 2 + n}/{own.prefixlen}",
                "virtual_address": str(own.network_address + 1),
            }
        )
        if centres == 2:
            far = HANDOFFS[other]
            handoffs.append(
                {
                    "device": edge,
                    "interface": "10GE2/0/1",
                    "address": f"{far.network_address + 5}/{far.prefixlen}",
                    "virtual_address": str(far.network_address + 1),
                    "standby": True,
                    "description": f"over the interconnect to data centre {other.upper()}",
                }
            )
    return handoffs


def data_centre(plan: AddressPlan, centre: str, wan_capacity: str, centres: int) -> dict[str, Any]:
    """Data centre ``centre`` (a or b) of ``centres`` with its edge routers (``edges_of``)."""
    return {
        "id": f"dc-{centre}",
        "name": f"Synthetic data centre {centre.upper()}",
        "kind": "data_centre",
        "wan_capacity": wan_capacity,
        "devices": [
            {
                "hostname": edge,
                "platform": Platform.HUAWEI_VRPV8.value,
                "role": "dc_edge",
                "management": edge_management(centre, n),
                "credentials": "synthetic/dc_edge",
            }
            for n, edge in enumerate(edges_of(centre, centres))
        ],
        "handoffs": _handoffs(centre, centres),
    }
