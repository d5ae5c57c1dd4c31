"""Integrity: ids, addresses, serials and VLANs are unique in their scope; references resolve."""

from collections.abc import Iterator

from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.index import LineEnd, ModelPath, line_ends, onts, private_lines
from medinfra.model.optical import MAX_ONT_ID
from medinfra.model.references import find_reference_problems
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology
from medinfra.platforms.hardware import PortRole, hardware_model


def _first(seen: dict[str, ModelPath], key: str, path: ModelPath) -> ModelPath | None:
    """The path where ``key`` was first seen, recording ``path`` when it is new."""
    first = seen.get(key)
    if first is None:
        seen[key] = path
    return first


@rule("MI-INT-001", Family.INTEGRITY, Severity.ERROR, "Ids are unique and every reference resolves")
def references(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Site ids, hostnames, private line ids, service ids, tenant, zone, policy, pool,
    splitter and ONT ids are unique in their scope, and every reference (an ONT's services,
    a policy's zones and services, a line's devices, a DR target, a parent site) names
    something that exists. The loader refuses a topology that breaks this; the rule keeps
    topologies built in code (``medinfra generate``, tests) to the same standard."""
    for problem in find_reference_problems(topology):
        yield Finding("MI-INT-001", problem.path, problem.message, problem.first)


@rule(
    "MI-INT-002",
    Family.INTEGRITY,
    Severity.ERROR,
    "Management addresses are unique",
    fix="give one of the two another management address",
)
def management_addresses(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """No two devices or imaging gateways share a management IP address: the push layer and
    the monitoring system would reach the wrong box."""
    seen: dict[str, ModelPath] = {}
    for s, site in enumerate(topology.sites):
        owners: list[tuple[str, ModelPath]] = [
            (str(d.management.address.ip), ("sites", s, "devices", i, "management", "address"))
            for i, d in enumerate(site.devices)
        ]
        owners += [
            (
                str(g.management_address.ip),
                ("sites", s, "imaging_gateways", i, "management_address"),
            )
            for i, g in enumerate(site.imaging_gateways)
        ]
        for address, path in owners:
            first = _first(seen, address, path)
            if first is not None:
                yield Finding(
                    "MI-INT-002",
                    path,
                    f"management address {address} is already used",
                    first,
                )


@rule(
    "MI-INT-003",
    Family.INTEGRITY,
    Severity.ERROR,
    "ONT serial numbers are unique",
    fix="copy the serial again from the ONT's label: two ONTs cannot share one",
)
def ont_serials(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """ONTs authenticate by serial number (sn-auth): a serial that appears twice in the
    topology would make two OLT ports claim the same terminal."""
    seen: dict[str, ModelPath] = {}
    for visit in onts(topology):
        path: ModelPath = (*visit.path, "serial")
        first = _first(seen, visit.ont.serial.upper(), path)
        if first is not None:
            yield Finding(
                "MI-INT-003", path, f"ONT serial {visit.ont.serial} is already used", first
            )


@rule(
    "MI-INT-004",
    Family.INTEGRITY,
    Severity.ERROR,
    "ONT ids on a PON port are within 0-127",
    fix="number the ONTs of the port from 0 to 127",
)
def ont_ids(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """The OLT numbers the ONTs of one PON port 0-127 (``ont add F/S/P ONTID``); an id
    outside that range cannot be configured."""
    for visit in onts(topology):
        if visit.ont.id > MAX_ONT_ID:
            yield Finding(
                "MI-INT-004",
                (*visit.path, "id"),
                f"ONT id {visit.ont.id} on {visit.port.olt.device} port {visit.port.port.port} "
                f"is outside 0-{MAX_ONT_ID}",
            )


@rule(
    "MI-INT-005",
    Family.INTEGRITY,
    Severity.ERROR,
    "Service VLANs are unique in the catalogue",
    fix="give each service a VLAN of its own",
)
def service_vlans(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Each service of the catalogue is carried in its own VLAN on campus and access
    networks; two services in one VLAN would share a broadcast domain and a QoS marking."""
    seen: dict[str, ModelPath] = {}
    for i, service in enumerate(topology.services):
        first = _first(seen, str(service.vlan), ("services", i, "vlan"))
        if first is not None:
            yield Finding(
                "MI-INT-005",
                ("services", i, "vlan"),
                f"VLAN {service.vlan} of service '{service.id}' is already used",
                first,
            )


@rule(
    "MI-INT-006",
    Family.INTEGRITY,
    Severity.ERROR,
    "Private line VLANs are unique per port",
    fix="give one of the two lines another VLAN, or end it on another port",
)
def line_vlans(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Each end of a private line is a dot1q sub-interface: on one physical port of one
    device, two lines cannot use the same VLAN (the renderer relies on it)."""
    seen: dict[tuple[str, str], LineEnd] = {}
    for end in line_ends(topology):
        first = seen.setdefault((end.device, end.subinterface), end)
        if first is not end:
            key = f"{end.device} {end.local_interface} VLAN {end.line.vlan}"
            yield Finding(
                "MI-INT-006",
                (*end.path, "vlan"),
                f"private line '{end.line.id}': {key} is already used",
                (*first.path, first.end, "interface"),
            )


@rule(
    "MI-INT-007",
    Family.INTEGRITY,
    Severity.ERROR,
    "Private lines end on ports the hardware model has and can route",
)
def line_ports(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Each end of a private line is a routed dot1q sub-interface on a physical port of the
    device's hardware ``model`` (see ``medinfra.platforms.hardware``): the port must exist
    on that model and route (not the management port, not a PON port of an OLT). A layer-2
    LAN port (AR651/AR6140 GE0/0/0-7) is fine: the CPE template switches it to layer 3 with
    ``undo portswitch``.
    Devices whose model is not in the hardware table are not checked."""
    models = {device.hostname: device.model for _, device in topology.all_devices()}
    for path, line in private_lines(topology):
        for end_name in ("a", "z"):
            end = line.a if end_name == "a" else line.z
            hardware = hardware_model(models.get(end.device))
            if hardware is None:
                continue
            role = hardware.port_role(end.interface)
            if end.interface == hardware.management_port:
                role = PortRole.MANAGEMENT
            if role is None:
                problem = (
                    f"{hardware.name} has no port {end.interface} "
                    f"(it has {hardware.describe_ports()})"
                )
            elif role is PortRole.MANAGEMENT:
                problem = f"{end.interface} is the management port of the {hardware.name}"
            elif role is PortRole.PON:
                problem = f"{end.interface} is a PON port of the {hardware.name}; it cannot route"
            else:
                continue
            yield Finding(
                "MI-INT-007",
                (*path, end_name, "interface"),
                f"private line '{line.id}' ends on {end.device} {end.interface}: {problem}",
            )
