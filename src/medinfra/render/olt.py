"""The campus OLT's part of the context: VLANs, DBA/line/service profiles, ONTs, service-ports."""

from typing import Any

from medinfra.model import Device, Olt, Ont, Platform, Service, Site
from medinfra.render.index import RenderIndex, ont_bundle

DBA_FIELDS = {1: ("fix",), 2: ("assure",), 3: ("assure", "max"), 4: ("max",)}
DBA_FIELDS[5] = ("fix", "assure", "max")


def _port_key(port: str) -> tuple[int, ...]:
    return tuple(int(part) for part in port.split("/"))


def _find_olt(site: Site, hostname: str) -> Olt | None:
    if site.campus is None:
        return None
    return next((olt for olt in site.campus.olts if olt.device == hostname), None)


def olt_context(index: RenderIndex, site: Site, device: Device) -> dict[str, Any] | None:
    """Everything an MA5800 needs; None for other platforms."""
    if device.platform is not Platform.HUAWEI_SMARTAX:
        return None
    olt = _find_olt(site, device.hostname)
    services = index.model.services
    onts = _onts(olt) if olt else []
    used = sorted({service for _, ont in onts for service in ont.services})
    bundles = sorted({ont_bundle(ont.services) for _, ont in onts}, key=index.bundles.__getitem__)
    vlans = {services[service_id].vlan for service_id in used}
    frame_slot, _, port_number = olt.uplink_port.rpartition("/") if olt else ("", "", "")
    return {
        "uplink": {"frame_slot": frame_slot, "port": port_number} if olt else None,
        "vlans": sorted(vlans),
        "vlan_names": sorted(({"vlan": services[s].vlan, "name": s} for s in used), key=_vlan),
        "dba_profiles": [_dba(index, services[s]) for s in sorted(used, key=_by(index))],
        "bundles": [_bundle(index, bundle, services) for bundle in bundles],
        "boards": _boards(index, olt, onts),
        "service_ports": _service_ports(index, onts, services),
    }


def _vlan(entry: dict[str, Any]) -> int:
    return int(entry["vlan"])


def _onts(olt: Olt) -> list[tuple[str, Ont]]:
    found = [(port.port, ont) for port in olt.pon_ports for *_, ont in port.placed_onts()]
    return sorted(found, key=lambda item: (_port_key(item[0]), item[1].id))


def _by(index: RenderIndex) -> Any:
    return lambda service_id: index.dba_profiles[service_id]


def _dba(index: RenderIndex, service: Service) -> dict[str, Any]:
    profile = service.pon_profile
    assert profile is not None  # an ONT service has one: a load error otherwise (references)
    values = {"fix": profile.fixed, "assure": profile.assured, "max": profile.maximum}
    return {
        "id": index.dba_profiles[service.id],
        "name": f"dba_{index.dba_profiles[service.id]}",
        "service": service.id,
        "type": profile.dba_type,
        "bandwidths": [
            {"kind": name, "bps": values[name]} for name in DBA_FIELDS[profile.dba_type]
        ],
    }


def _bundle(
    index: RenderIndex, bundle: tuple[str, ...], services: dict[str, Service]
) -> dict[str, Any]:
    number = index.bundles[bundle]
    return {
        "id": number,
        "line_name": f"line_{number}",
        "srv_name": f"srv_{number}",
        "services": list(bundle),
        "gems": [
            {
                "gem": position,
                "tcont": position,
                "dba": index.dba_profiles[service_id],
                "vlan": services[service_id].vlan,
                "eth": position,
            }
            for position, service_id in enumerate(bundle, start=1)
        ],
    }


def _boards(index: RenderIndex, olt: Olt | None, onts: list[tuple[str, Ont]]) -> list[Any]:
    if olt is None:
        return []
    services = index.model.services
    boards: dict[str, dict[str, Any]] = {}
    for port in sorted(olt.pon_ports, key=lambda p: _port_key(p.port)):
        frame_slot, _, number = port.port.rpartition("/")
        board = boards.setdefault(frame_slot, {"frame_slot": frame_slot, "ports": []})
        board["ports"].append(
            {
                "port": int(number),
                "autofind": port.ont_autofind,
                "onts": [_ont(index, ont, services) for p, ont in onts if p == port.port],
            }
        )
    return list(boards.values())


def _ont(index: RenderIndex, ont: Ont, services: dict[str, Service]) -> dict[str, Any]:
    location = ont.location
    bundle = ont_bundle(ont.services)
    profile = index.bundles[bundle]
    return {
        "id": ont.id,
        "serial": ont.serial,
        "profile": profile,
        "native_vlans": [
            {"eth": eth, "vlan": services[service_id].vlan}
            for eth, service_id in enumerate(bundle, start=1)
        ],
        "desc": f"{location.building}-F{location.floor}-{location.room}",
    }


def _service_ports(
    index: RenderIndex, onts: list[tuple[str, Ont]], services: dict[str, Service]
) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for port, ont in onts:
        for gem, service_id in enumerate(ont_bundle(ont.services), start=1):
            vlan = services[service_id].vlan
            result.append(
                {
                    "index": len(result),
                    "vlan": vlan,
                    "fsp": port,
                    "ont": ont.id,
                    "gem": gem,
                    "user_vlan": vlan,
                    "service": service_id,
                }
            )
    return result
