"""Adoption of a CPE's uplink sub-interfaces into the private lines of the model.

Each ``interface PORT.N`` of the running config with ``dot1q termination vid N`` is matched to
the private line of the model whose A end is this CPE when two of the three agree: the parent
port, the VLAN, the address (its network). What the device holds for the line's owned
attributes then goes into the site file: the VLAN, the A end's port and address (with a /30 or
/31 the far end takes the other address when it falls outside the new network: the push of the
edge follows), and the description text after medinfra's own ``LINE to PEER`` prefix.

A sub-interface no line matches is not adopted: it alone does not tell the far end, the
bandwidth, the technology or the carrier path, so the user adds the line. A VLAN or an address
the model gives another line is a conflict: nothing is written. The site file is changed as
text (every other byte kept), validated in a scratch copy and replaced atomically.
"""

import re
from dataclasses import dataclass, field
from ipaddress import IPv4Interface
from pathlib import Path
from typing import Any

from medinfra.errors import UsageError
from medinfra.load import LoadedTopology, load_topology
from medinfra.load.yaml_reader import MarkedDict, MarkedList
from medinfra.model import Platform, PrivateLine
from medinfra.push.adopt import Adoption, _scalar, _validate
from medinfra.push.remediation import parse

_SUB = re.compile(r"^interface (?P<port>\S+)\.(?P<number>\d+)$")
_BLOCK_VALUE = r"""(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|[^#\n]*[^#\s])"""
_VALUE = r"""(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|[^,}\]#\n]*[^,}\]#\s])"""


@dataclass(frozen=True)
class DeviceSub:
    """One dot1q sub-interface as the CPE holds it."""

    port: str
    number: int
    vlan: int | None
    address: IPv4Interface | None
    description: str | None

    @property
    def name(self) -> str:
        """The sub-interface's name."""
        return f"{self.port}.{self.number}"


def device_subinterfaces(running: str) -> list[DeviceSub]:
    """The sub-interfaces of a VRP running config, in its order."""
    found = []
    for node in parse(Platform.HUAWEI_VRP, running).children:
        head = _SUB.match(node.text)
        if head is None:
            continue
        vlan = address = description = None
        for child in node.children:
            text = child.text.strip()
            if match := re.fullmatch(r"dot1q termination vid (\d+)", text):
                vlan = int(match.group(1))
            elif match := re.fullmatch(r"ip address (\S+) (\S+)", text):
                address = IPv4Interface(f"{match.group(1)}/{match.group(2)}")
            elif text.startswith("description "):
                description = text.removeprefix("description ")
        found.append(
            DeviceSub(head.group("port"), int(head.group("number")), vlan, address, description)
        )
    return found


def _score(sub: DeviceSub, line: PrivateLine) -> int:
    same_net = sub.address is not None and sub.address.network == line.a.address.network
    return (sub.port == str(line.a.interface)) + (sub.vlan == line.vlan) + same_net


@dataclass
class _Edits:
    """Text edits of the site file: replacements (line, start, end, text) and insertions."""

    lines: list[str]
    replace: list[tuple[int, int, int, str]] = field(default_factory=list)
    insert: list[tuple[int, str]] = field(default_factory=list)

    def set(self, mapping: MarkedDict, key: str, text: str) -> bool:
        """Replace the scalar of ``key`` in ``mapping`` (False when it is not found)."""
        mark = mapping.key_marks.get(key)
        if mark is None:
            return False
        row, col = mark[0] - 1, mark[1] - 1
        block = self.lines[row][:col].strip() in {"", "-"}
        value = _BLOCK_VALUE if block else _VALUE
        match = re.compile(rf"{re.escape(key)}\s*:\s*{value}").match(self.lines[row], col)
        if match is None:
            return False
        self.replace.append((row, match.start("value"), match.end("value"), text))
        return True

    def add_after(self, mapping: MarkedDict, after: str, key: str, text: str) -> bool:
        """A new ``key: text`` line after the line of ``after`` in a block mapping."""
        mark = mapping.key_marks.get(after)
        if mark is None or self.lines[mark[0] - 1].rstrip().endswith(("{", ",")):
            return False
        self.insert.append((mark[0], f"{' ' * (mark[1] - 1)}{key}: {text}\n"))
        return True

    def apply(self) -> str:
        lines = list(self.lines)
        for row, start, end, text in sorted(self.replace, reverse=True):
            lines[row] = lines[row][:start] + text + lines[row][end:]
        for row, text in sorted(self.insert, reverse=True):
            lines[row:row] = [text]
        return "".join(lines)


def _cpe_lines(loaded: LoadedTopology, hostname: str) -> tuple[int, list[PrivateLine]]:
    for index, site in enumerate(loaded.topology.sites):
        if any(device.hostname == hostname for device in site.devices):
            lines = [line for line in site.uplinks if line.a.device == hostname]
            if not lines:
                raise UsageError(f"{hostname}: no private line of the model ends on it")
            return index, lines
    raise UsageError(f"{hostname} is no device of a site in {loaded.topology.name}")


def _all_lines(loaded: LoadedTopology) -> list[PrivateLine]:
    return [line for site in loaded.topology.sites for line in site.uplinks]


def _conflict(sub: DeviceSub, line: PrivateLine, others: list[PrivateLine]) -> str | None:
    """Why the device's values clash with another line of the model (one sharing an end device
    for the VLAN, any line for the address); None when they do not."""
    ends = {line.a.device, line.z.device}
    for other in others:
        if other.id == line.id:
            continue
        if (
            sub.vlan != line.vlan
            and other.vlan == sub.vlan
            and ends & {other.a.device, other.z.device}
        ):
            return f"VLAN {sub.vlan} is line {other.id}'s in the model"
        if sub.address is not None and sub.address.ip in {other.a.address.ip, other.z.address.ip}:
            return f"address {sub.address.ip} is line {other.id}'s in the model"
    return None


def _far_end(sub: DeviceSub, line: PrivateLine) -> IPv4Interface | str | None:
    """The Z address to write with the device's A address (None: unchanged; str: why not)."""
    assert sub.address is not None
    if line.z.address.ip in sub.address.network and line.z.address.ip != sub.address.ip:
        return (
            None
            if line.z.address.network == sub.address.network
            else IPv4Interface(f"{line.z.address.ip}/{sub.address.network.prefixlen}")
        )
    if sub.address.network.prefixlen < 30:
        return (
            f"its address {sub.address} is outside the far end's network ({line.z.address}); "
            "set both ends in the model"
        )
    hosts = list(
        sub.address.network.hosts() if sub.address.network.prefixlen == 30 else sub.address.network
    )
    other = next(host for host in hosts if host != sub.address.ip)
    return IPv4Interface(f"{other}/{sub.address.network.prefixlen}")


def _description(sub: DeviceSub, line: PrivateLine) -> str | None:
    """The line description the device's text holds (None: nothing to adopt)."""
    if sub.description is None:
        return None
    prefix = f"{line.id} to {line.z.device}"
    if sub.description == prefix:
        return None
    if sub.description.startswith(prefix + " "):
        text = sub.description.removeprefix(prefix + " ")
        return None if text == line.description else text
    return None


def _item_of(loaded: LoadedTopology, site_index: int, line_id: str) -> MarkedDict | None:
    data: Any = loaded.sources.files[("sites", site_index)].data
    items = data.get("uplinks") if isinstance(data, MarkedDict) else None
    if not isinstance(items, MarkedList):
        return None
    for item in items:
        if isinstance(item, MarkedDict) and item.get("id") == line_id:
            return item
    return None


def _changes(sub: DeviceSub, line: PrivateLine) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The (mapping path, key, text) edits that make ``line`` hold what ``sub`` holds, and notes."""
    edits: list[tuple[str, str, str]] = []
    notes: list[str] = []
    if sub.vlan != line.vlan:
        edits.append(("", "vlan", str(sub.vlan)))
    if sub.port != str(line.a.interface):
        edits.append(("a", "interface", _scalar(sub.port)))
    if sub.address is not None and sub.address != line.a.address:
        far = _far_end(sub, line)
        if isinstance(far, str):
            notes.append(far)
        else:
            edits.append(("a", "address", str(sub.address)))
            if far is not None:
                edits.append(("z", "address", str(far)))
                notes.append(f"far end {line.z.device} address set to {far}: its push follows")
    text = _description(sub, line)
    if text is not None:
        edits.append(("", "description", _scalar(text)))
    elif sub.description is None:
        notes.append("no description on the device: the next push adds medinfra's")
    elif not sub.description.startswith(f"{line.id} to {line.z.device}"):
        notes.append(
            f'description "{sub.description}" is not "{line.id} to {line.z.device} TEXT": '
            "the next push writes the model's"
        )
    return edits, notes


def _apply(edits: _Edits, item: MarkedDict, changes: list[tuple[str, str, str]]) -> list[str]:
    """Stage the changes on the line's item; the keys that could not be edited as text."""
    failed = []
    for path, key, text in changes:
        mapping = item.get(path) if path else item
        if not isinstance(mapping, MarkedDict):
            failed.append(f"{path}.{key}")
        elif key in mapping:
            if not edits.set(mapping, key, text):
                failed.append(f"{path}.{key}".lstrip("."))
        elif not edits.add_after(mapping, "id", key, text):
            failed.append(key)
    return failed


def _match(
    subs: list[DeviceSub], lines: list[PrivateLine]
) -> list[tuple[DeviceSub, PrivateLine | str]]:
    """Each sub-interface with its line, or the reason it has none (best matches first)."""
    taken: set[str] = set()
    result: list[tuple[DeviceSub, PrivateLine | str]] = []
    ranked = sorted(subs, key=lambda sub: -max((_score(sub, line) for line in lines), default=0))
    for sub in ranked:
        if sub.vlan is None:
            result.append((sub, "it has no dot1q termination vid"))
            continue
        if sub.vlan != sub.number:
            result.append(
                (
                    sub,
                    f"its number differs from its VLAN {sub.vlan} (medinfra names "
                    "a line's sub-interface PORT.VLAN)",
                )
            )
            continue
        scores = {line.id: _score(sub, line) for line in lines if line.id not in taken}
        best = max(scores.values(), default=0)
        winners = [line for line in lines if scores.get(line.id) == best]
        claimed = [line.id for line in lines if line.id in taken and _score(sub, line) >= 2]
        if best < 2 and claimed:
            result.append((sub, f"line {claimed[0]} is another sub-interface's already"))
            continue
        if best < 2 or len(winners) != 1:
            result.append((sub, _unmatched(sub, best, winners)))
            continue
        taken.add(winners[0].id)
        result.append((sub, winners[0]))
    return result


def _unmatched(sub: DeviceSub, best: int, winners: list[PrivateLine]) -> str:
    if best >= 2:
        return f"it matches lines {', '.join(line.id for line in winners)} alike"
    return (
        "no private line of the model has two of its port, VLAN and address network; a "
        "sub-interface alone does not tell the far end (device, port, address), the bandwidth, "
        "the technology or the carrier path: add the line under uplinks"
    )


def adopt_cpe(topology: Path, hostname: str, running: str) -> Adoption:
    """Write what ``running``'s uplink sub-interfaces hold into the CPE's private lines."""
    loaded = load_topology(topology)
    site_index, lines = _cpe_lines(loaded, hostname)
    source = loaded.sources.files[("sites", site_index)]
    before = source.path.read_text(encoding="utf-8")
    adoption = Adoption(source.path, before, before, what="sub-interface(s)")
    edits = _Edits(before.splitlines(keepends=True))
    others = _all_lines(loaded)
    for sub, line in _match(device_subinterfaces(running), lines):
        if isinstance(line, str):
            adoption.skipped.append(f"{sub.name}: {line}")
            continue
        conflict = _conflict(sub, line, others)
        if conflict is not None:
            adoption.conflicts.append(f"{sub.name} (line {line.id}): {conflict}")
            continue
        changes, notes = _changes(sub, line)
        item = _item_of(loaded, site_index, line.id)
        failed = ["uplinks"] if item is None else _apply(edits, item, changes)
        adoption.notes.extend(f"{sub.name} (line {line.id}): {note}" for note in notes)
        if failed:
            adoption.skipped.append(
                f"{sub.name} (line {line.id}): {', '.join(failed)} not editable as text here; "
                "change it by hand"
            )
        elif changes:
            shown = ", ".join(
                f"{path + '.' if path else ''}{key}={text}" for path, key, text in changes
            )
            adoption.adopted.append(f"{sub.name} as line {line.id} ({shown})")
    if not adoption.conflicts:
        adoption.after = edits.apply()
    if adoption.changed:
        _validate(topology, source.path, adoption.after)
    return adoption
