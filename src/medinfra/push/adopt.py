"""Adoption: what a running device already holds of medinfra's objects, written into the model.

First of all the ONTs of an OLT: each ``ont add P ID sn-auth "SN" omci ont-lineprofile-id N
ont-srvprofile-id N desc "D"`` the model lacks becomes an ONT of the model (id, serial, the
location its description reads as ``BUILDING-F<floor>-ROOM``, the services of the bundle whose
profile is N) on the first splitter of its PON port, so the next push renders the same line.

The site file is changed as text: the new items are inserted after the last ONT of that
splitter, in the file's own style; every other byte (comments, order, flow mappings) stays.
The result is loaded and validated before it replaces the file (atomically). What cannot be
adopted is said, with the reason: a PON port or a bundle the model does not have, a
description that does not read as a location, an ONT id or serial the model gives another
ONT (a conflict: resolve it in the model).
"""

import difflib
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from shutil import copytree

import yaml

from medinfra.errors import UsageError
from medinfra.fileio import write_atomic
from medinfra.load import LoadedTopology, load_topology
from medinfra.load.yaml_reader import MarkedDict, MarkedList
from medinfra.model import Olt, Platform
from medinfra.push.remediation import parse

_ONT = re.compile(
    r'^ont add (?P<port>\d+) (?P<id>\d+) sn-auth "?(?P<serial>[0-9A-Fa-f]{16})"? omci'
    r" ont-lineprofile-id (?P<line>\d+) ont-srvprofile-id (?P<srv>\d+)"
    r'(?: desc "(?P<desc>[^"]*)")?'
)
_BOARD = re.compile(r"^interface gpon (?P<board>\d+/\d+)$")
_LOCATION = re.compile(r"^(?P<building>.+)-F(?P<floor>-?\d+)-(?P<room>.+)$")


@dataclass(frozen=True)
class DeviceOnt:
    """One ONT as the OLT holds it."""

    port: str
    id: int
    serial: str
    profile: int
    srv_profile: int
    desc: str


@dataclass
class Adoption:
    """What adopting a device changes, and what it leaves with the reason."""

    site_file: Path
    before: str
    after: str
    adopted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    what: str = "ONT(s)"

    @property
    def changed(self) -> bool:
        """True when the site file changes."""
        return self.before != self.after

    def diff(self, name: str) -> str:
        """The change to the site file as a unified diff."""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            f"a/{name}",
            f"b/{name}",
        )
        return "".join(lines)


def device_onts(running: str) -> list[DeviceOnt]:
    """The ONTs of a SmartAX running config, in the order it prints them.

    Examples:
        >>> device_onts('interface gpon 0/1\\n ont add 2 0 sn-auth "48575443B7E01C42" omci '
        ...     'ont-lineprofile-id 10 ont-srvprofile-id 10 desc "Lab-F1-Hall"')[0].port
        '0/1/2'
    """
    found = []
    for board in parse(Platform.HUAWEI_SMARTAX, running).children:
        head = _BOARD.match(board.text)
        if head is None:
            continue
        for child in board.children:
            match = _ONT.match(child.text)
            if match is not None:
                found.append(
                    DeviceOnt(
                        f"{head.group('board')}/{match.group('port')}",
                        int(match.group("id")),
                        match.group("serial").upper(),
                        int(match.group("line")),
                        int(match.group("srv")),
                        match.group("desc") or "",
                    )
                )
    return found


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as the same string."""
    plain = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._/()-]*", value) is not None
    if plain and yaml.safe_load(f"x: {value}")["x"] == value:
        return value
    return json.dumps(value)


def _item(ont: DeviceOnt, services: tuple[str, ...], indent: str) -> list[str]:
    where = _LOCATION.match(ont.desc)
    assert where is not None  # checked by the caller
    location = (
        f"{{building: {_scalar(where.group('building'))}, floor: {int(where.group('floor'))}, "
        f"room: {_scalar(where.group('room'))}}}"
    )
    return [
        f"{indent}- id: {ont.id}\n",
        f"{indent}  serial: {_scalar(ont.serial)}\n",
        f"{indent}  location: {location}\n",
        f"{indent}  services: [{', '.join(services)}]\n",
    ]


def _end_of_list(lines: list[str], first: int, dash: int) -> int:
    """The index after the last line of the block sequence whose items start at ``dash``."""
    end = first + 1
    for index in range(first + 1, len(lines)):
        text = lines[index]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = len(text) - len(text.lstrip())
        if indent > dash or (indent == dash and text.lstrip().startswith("- ")):
            end = index + 1
            continue
        break
    return end


def _site_of(loaded: LoadedTopology, hostname: str) -> tuple[int, int, Olt]:
    for index, site in enumerate(loaded.topology.sites):
        for position, olt in enumerate(site.campus.olts if site.campus else ()):
            if olt.device == hostname:
                return index, position, olt
    raise UsageError(f"{hostname} is no OLT of a campus in {loaded.topology.name}")


def _bundles(loaded: LoadedTopology) -> dict[int, tuple[str, ...]]:
    from medinfra.render.index import index_for

    return {number: bundle for bundle, number in index_for(loaded.topology).bundles.items()}


@dataclass
class _Plan:
    loaded: LoadedTopology
    site_index: int
    olt_index: int
    inserts: dict[int, list[str]] = field(default_factory=dict)


def _judge(ont: DeviceOnt, olt: Olt, bundles: dict[int, tuple[str, ...]]) -> str | None:
    """Why ``ont`` cannot be adopted (None when it can)."""
    ports = {port.port for port in olt.pon_ports}
    if ont.port not in ports:
        return f"PON port {ont.port} is not in the model; add it with its splitters first"
    if ont.profile != ont.srv_profile or ont.profile not in bundles:
        return (
            f"profiles {ont.profile}/{ont.srv_profile} are no service bundle of the model "
            f"(bundles: {', '.join(map(str, sorted(bundles))) or 'none'})"
        )
    if _LOCATION.match(ont.desc) is None:
        return f'description "{ont.desc}" does not read BUILDING-F<floor>-ROOM'
    return None


def _insert_point(plan: _Plan, port_index: int, lines: list[str]) -> tuple[int, str] | None:
    source = plan.loaded.sources.files.get(("sites", plan.site_index))
    if source is None:
        return None
    data = source.data
    try:
        for step in ("campus", "olts", plan.olt_index, "pon_ports", port_index, "splitters", 0):
            data = data[step]
        data = data["onts"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(data, MarkedList) or not data or not isinstance(data[-1], MarkedDict):
        return None
    line = data.item_marks[-1][0] - 1
    dash = lines[line].index("-")
    return _end_of_list(lines, line, dash), " " * dash


def adopt_olt(topology: Path, hostname: str, running: str) -> Adoption:
    """Write the ONTs ``running`` holds and the model lacks into the OLT's site file."""
    loaded = load_topology(topology)
    site_index, olt_index, olt = _site_of(loaded, hostname)
    source = loaded.sources.files[("sites", site_index)]
    before = source.path.read_text(encoding="utf-8")
    lines = before.splitlines(keepends=True)
    adoption = Adoption(source.path, before, before)
    plan = _Plan(loaded, site_index, olt_index)
    known = {
        (port.port, ont.id): ont.serial
        for port in olt.pon_ports
        for splitter in port.splitters
        for ont in splitter.onts
    }
    serials = {serial: where for where, serial in known.items()}
    bundles = _bundles(loaded)
    for ont in device_onts(running):
        name = f"ONT {ont.port} {ont.id} ({ont.serial})"
        have = known.get((ont.port, ont.id))
        if have is not None:
            if have != ont.serial:
                adoption.conflicts.append(f"{name}: the model has serial {have} there")
            continue
        if ont.serial in serials:
            other = serials[ont.serial]
            adoption.conflicts.append(
                f"{name}: the model has this serial as ONT {other[0]} {other[1]}"
            )
            continue
        reason = _judge(ont, olt, bundles)
        port_index = [port.port for port in olt.pon_ports].index(ont.port) if reason is None else -1
        point = _insert_point(plan, port_index, lines) if reason is None else None
        if reason is None and point is None:
            reason = "its splitter has no ONT list to extend; add the first ONT by hand"
        if reason is not None or point is None:
            adoption.skipped.append(f"{name}: {reason}")
            continue
        at, indent = point
        plan.inserts.setdefault(at, []).extend(_item(ont, bundles[ont.profile], indent))
        adoption.adopted.append(name)
    for at in sorted(plan.inserts, reverse=True):
        lines[at:at] = plan.inserts[at]
    adoption.after = "".join(lines)
    if adoption.changed:
        _validate(topology, source.path, adoption.after)
    return adoption


def _validate(topology: Path, site_file: Path, text: str) -> None:
    """Load the topology with the new site file in a scratch copy: it must still be valid."""
    root = topology if topology.is_dir() else topology.parent
    with tempfile.TemporaryDirectory(prefix="medinfra-adopt-") as scratch:
        copy = Path(scratch) / root.name
        copytree(root, copy)
        (copy / site_file.relative_to(root)).write_text(text, encoding="utf-8")
        load_topology(copy if topology.is_dir() else copy / topology.name)


def write(adoption: Adoption) -> None:
    """Replace the site file with the adopted one (atomically)."""
    if adoption.changed:
        write_atomic(adoption.site_file, adoption.after)
