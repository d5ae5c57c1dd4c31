"""One simulated device: identity, running configuration, commit history, faults."""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from medinfra.errors import MedinfraError
from medinfra.lab.config_tree import OPAQUE, Node, new_root
from medinfra.lab.editor import Editor
from medinfra.lab.faults import Fault
from medinfra.lab.syntax import tokenize
from medinfra.model import Device, Platform
from medinfra.platforms import (
    hardware_of,
    management_interface,
    management_vpn,
    platform_for,
    switched,
)
from medinfra.platforms.layout import Block

FIRST_COMMIT_ID = 1000000001
"""VRPv8 numbers commit points from here."""

UPDATED = "!Last configuration was updated at "
"""The VRPv8 dump line a commit rewrites."""


class LabError(MedinfraError):
    """The lab cannot do what was asked (bad startup config, unknown device, lab not running)."""


class AddressInUseError(LabError):
    """A lab device's address and port are taken (another lab or program listens there)."""

    MARKER = "is already in use"
    """Part of the message: how the background process's log line is recognised."""

    @classmethod
    def from_os_error(cls, error: OSError) -> "AddressInUseError":
        """The error of a failed bind, naming the address and port when the OS did."""
        found = re.search(r"\('([0-9.]+)', (\d+)\)", str(error))
        where = f"{found.group(1)}:{found.group(2)}" if found else "a lab address"
        reason = os.strerror(error.errno) if error.errno else str(error)
        return cls(f"cannot start the lab: {where} {cls.MARKER} ({reason})")


@dataclass(frozen=True)
class LabDevice:
    """Where a lab device listens (the public view of it)."""

    hostname: str
    platform: Platform
    address: str
    port: int


@dataclass(frozen=True)
class CommitPoint:
    """A VRPv8 commit: the running configuration it produced."""

    commit_id: int
    user: str
    timestamp: datetime
    config: Node
    label: str = "-"
    description: str = ""


@dataclass
class DeviceState:
    """The mutable state of one lab device (owned by the lab's event loop)."""

    info: LabDevice
    model: str
    running: Node
    save_hook: Callable[["DeviceState"], None]
    initial: Node = field(default_factory=new_root)
    commits: list[CommitPoint] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    startup: str = ""
    extras: dict[str, object] = field(default_factory=dict)
    """Per-device state of lab features (``medinfra.lab.deadman`` keeps its timers here)."""
    drop_sessions: Callable[[], None] = field(default=lambda: None, repr=False)
    """Abort every open SSH connection of this device (the lab's server sets it)."""
    reboots: int = 0

    def __post_init__(self) -> None:
        self.initial = self.running.clone()

    @property
    def hostname(self) -> str:
        """The device's hostname."""
        return self.info.hostname

    def sysname(self) -> str:
        """The hostname the prompt shows: the configured ``sysname``, else the model's."""
        for node in self.running.children:
            words = node.line.split()
            if len(words) == 2 and words[0] == "sysname":
                return words[1]
        return self.info.hostname

    def render(self, root: Node | None = None) -> str:
        """A configuration in the platform's ``display current-configuration`` layout."""
        return platform_for(self.info.platform).lab().render(self.running if root is None else root)

    def replace_running(self, config: Node) -> None:
        """Replace the running configuration in place (open editors keep a valid root)."""
        copied = config.clone()
        self.running.replace_children(copied.children)
        self.running.preamble, self.running.ending = copied.preamble, copied.ending

    def commit(
        self, candidate: Node, user: str, label: str = "-", description: str = ""
    ) -> CommitPoint:
        """Make ``candidate`` the running configuration and record a commit point.

        A VRPv8 dump's ``!Last configuration was updated at ... by USER`` line says when.
        """
        now = datetime.now(UTC)
        if candidate.preamble is not None:
            stamp = f"{UPDATED}{now:%Y-%m-%d %H:%M:%S}+00:00 by {user}"
            candidate.preamble = [
                stamp if line.startswith(UPDATED) else line for line in candidate.preamble
            ]
        point = CommitPoint(
            commit_id=FIRST_COMMIT_ID + len(self.commits),
            user=user,
            timestamp=now,
            config=candidate.clone(),
            label=label,
            description=description,
        )
        self.commits.append(point)
        self.replace_running(candidate)
        return point

    def config_before(self, commits_back: int) -> Node | None:
        """The running configuration as it was ``commits_back`` commits ago (None: too far)."""
        if commits_back < 1 or commits_back > len(self.commits):
            return None
        if commits_back == len(self.commits):
            return self.initial
        return self.commits[-commits_back - 1].config

    def save(self) -> None:
        """Store the running configuration as the startup configuration."""
        self.startup = self.render()
        self.save_hook(self)

    def startup_text(self) -> str:
        """The saved startup configuration ('' when never saved)."""
        return self.startup

    def editor(self, root: Node | None = None) -> Editor:
        """An editor on ``root`` (default: the running configuration) with this platform's rules."""
        spec = platform_for(self.info.platform).lab()
        return Editor(
            spec.grammar,
            self.running if root is None else root,
            spec.fallback,
            spec.check,
            adds=spec.adds,
        )


def load_config(platform: Platform, text: str, source: str, *, as_printed: bool = True) -> Node:
    """Read a configuration in any layout the platform prints (or medinfra renders).

    The platform module's :func:`parse_dump` gives each line its view; each line is replayed
    through the lab's grammar in that view, and a line the grammar does not know (or an
    ``undo`` line no rule stores) is kept as opaque configuration in its view, with everything
    below it. With ``as_printed`` every line keeps its printed form and separators, so an
    unchanged configuration prints back byte for byte; without it (the lab's own starting
    config) lines are printed in the platform's layout. ``source`` names the file in errors.
    """
    spec = platform_for(platform)
    parts = spec.lab()
    dump = spec.remediation.parse_dump(text)
    root = new_root()
    if as_printed:
        root.preamble = dump.preamble or None
        root.ending = dump.ending or None
    editor = Editor(parts.grammar, root, fallback=False, check=parts.check, loading=True)
    for block in dump.blocks:
        editor.rebase(root)
        _load_block(editor, root, block, as_printed)
    if dump.blocks and all(node.key.startswith("\0") for node in root.walk()):
        raise LabError(f"{source}: not a {platform.value} configuration (no line of it is known)")
    return root


def _load_block(editor: Editor, parent: Node, block: Block, as_printed: bool) -> None:
    """Load one line and its view's lines under ``parent`` (the editor stands in its view)."""
    depth = editor.depth
    node: Node | None = None
    if parent.view != OPAQUE:
        outcome = editor.apply(block.text)
        node = outcome.node if outcome.ok else None
        if node is not None and block.children and node.view is None:
            parent.remove_child(node)  # a known leaf that holds lines here: not ours to model
            node = None
    if node is None:
        del editor.stack[depth + 1 :]
        node = parent.append(_opaque(parent, block))
    if as_printed:
        node.before, node.closing = list(block.before), list(block.closing)
        if node.key.startswith("\0") or node.line.lower() == _spaced(block.text).lower():
            node.raw = block.raw  # else the device rewrote it (a mask, a keyword, a secret)
    if block.section is not None:
        node.section = block.section
    for child in block.children:
        _load_block(editor, node, child, as_printed)
        del editor.stack[depth + 2 :]
    del editor.stack[depth + 1 :]


def _spaced(text: str) -> str:
    return " ".join(token for token, _ in tokenize(text))


def _opaque(parent: Node, block: Block) -> Node:
    """A line outside the grammar: ranked and sectioned like the line before it."""
    previous = parent.children[-1] if parent.children else None
    return Node(
        line=block.text,
        key="\0" + block.text.lower(),
        rank=previous.rank if previous is not None else 0,
        section=block.section or (previous.section if previous is not None else "global-config"),
        view=OPAQUE if block.children else None,
    )


def model_config(device: Device) -> str:
    """The configuration a device from the model starts with: sysname and the management
    address on the hardware model's management port (brought up on NE40E/NE8000, in its
    vpn-instance; a layer-2 LAN port switched to layer 3 first); a router has telnet on, as
    delivered."""
    interface = management_interface(device)
    vpn = management_vpn(device)
    address = device.management.address
    lines = [f"sysname {device.hostname}", "#"]
    if vpn is not None:
        lines.extend([f"ip vpn-instance {vpn}", " ipv4-family", "#"])
    lines.append(f"interface {interface}")
    hardware = hardware_of(device)
    if hardware is not None and hardware.up_line is not None:
        lines.append(f" {hardware.up_line}")  # delivered up: the port the lab is reached by
    if switched(device, interface):
        lines.append(" undo portswitch")
    if vpn is not None:
        lines.append(f" ip binding vpn-instance {vpn}")
    lines.append(f" ip address {address.ip} {address.netmask}")
    if device.platform is not Platform.HUAWEI_SMARTAX:
        lines.extend(
            ["#", "telnet server enable"]
        )  # delivered with telnet on: the push turns it off
    gateway = device.management.gateway
    if gateway is not None:
        route = f"vpn-instance {vpn} 0.0.0.0 0.0.0.0" if vpn else "0.0.0.0 0.0.0.0"
        lines.extend(["#", f"ip route-static {route} {gateway.ip}"])
    return "\n".join(lines) + "\n"
