"""Huawei SmartAX (MA5800 OLTs: the all-optical campuses): every fact medinfra knows.

SmartAX is not VRP. A real MA5800 (V100R022) dump opens with ``[MA5800V100R022: 5011]`` and
is cut into ``[global-config]``, ``[gpon]``, ``[bbs-config]``... sections with ``  <marker>``
lines, globals at one space. ``interface gpon 0/1`` sits at one space with its body at the
same indentation and no ``quit`` (the body ends at ``#`` or the next marker);
``interface MEth0`` is flush left with its body at one space; profile bodies end with
``  commit`` (line profiles then ``  quit``). The renderer's layout (bodies one level deeper,
closed by `` quit``) reads into the same tree (:func:`parse_dump`, :func:`normalise`).

Configuration mode is ``config`` from the privileged view (``enable``: prompt ``HOST#``, then
``HOST(config)#``); a refused line prints ``% Unknown command`` or ``Failure:``.
"""

import re
from dataclasses import dataclass, field
from functools import cache, partial
from typing import TYPE_CHECKING

from medinfra.model import Platform
from medinfra.platforms.base import ConfigMode, LabParts, PlatformSpec, RemediationParts
from medinfra.platforms.layout import (
    Block,
    Dump,
    indent_of,
    split_lines,
    split_preamble,
    tree_lines,
)
from medinfra.platforms.management import LoginFilter, ManagementPath
from medinfra.platforms.scopes.huawei_smartax import SCOPE

if TYPE_CHECKING:
    from hier_config.platforms.driver_base import HConfigDriverBase

    from medinfra.lab.config_tree import Node
    from medinfra.lab.grammar import Rule

SMARTAX_BANNER = re.compile(r"^\[[^\]]*:[^\]]*\]$")
"""``[MA5800V100R022: 5011]``, ``[Active: H901MPSG; Standby: H901MPSG]``, ``[Patch Info: ...]``."""

SMARTAX_SECTION = re.compile(r"^\[([A-Za-z][\w-]*)\]$")
SMARTAX_MARKER = re.compile(r"^\s*<[^<>]+>$")
VIEW_OPENER = re.compile(r"^(interface \S+|ont-lineprofile \S+|ont-srvprofile \S+)")
SMARTAX_MANAGEMENT = re.compile(r"^interface meth ?0$", re.IGNORECASE)
SMARTAX_MANAGEMENT_NAME = "interface MEth0"
"""The management view as an MA5800 prints it (typed ``interface meth 0``/``meth0``)."""


def _nextindent_of(lines: list[str], index: int) -> int | None:
    for raw in lines[index + 1 :]:
        if raw.strip():
            return indent_of(raw)
    return None


def _in_body(view: Block, view_indent: int, indent: int, stripped: str) -> bool:
    if indent > view_indent:
        return True
    # the real [gpon] layout: " interface gpon 0/1" with its body at the same one-space indent
    flat = view.text.startswith("interface ") and view_indent > 0
    return flat and indent == view_indent and VIEW_OPENER.match(stripped) is None


def _is_separator(raw: str, stripped: str) -> bool:
    """Lines that end a SmartAX view: flush-left ``#``, ``[section]``, ``  <marker>``."""
    if raw.startswith("#"):
        return True
    return SMARTAX_SECTION.match(raw) is not None or SMARTAX_MARKER.match(raw) is not None


@dataclass
class _SmartaxReader:
    """The state of :func:`parse_dump` while it walks the lines."""

    lines: list[str]
    dump: Dump
    pending: list[str] = field(default_factory=list)
    section: str | None = None
    view: Block | None = None
    view_indent: int = 0
    committed: bool = False

    def take(self, raw: str) -> Block:
        block = Block(raw.strip(), raw, self.pending, section=self.section)
        self.pending = []
        return block

    def separator(self, raw: str) -> None:
        self.pending.append(raw)
        self.view = None
        match = SMARTAX_SECTION.match(raw)
        if match:
            self.section = match.group(1)

    def in_view(self, raw: str, stripped: str, indent: int) -> bool:
        """Handle a line inside the open view; False when the line ends the view."""
        assert self.view is not None
        if stripped in ("quit", "commit"):
            self.view.closing.append(raw)
            self.committed = True
            if stripped == "quit":
                self.view = None
            return True
        if not self.committed and _in_body(self.view, self.view_indent, indent, stripped):
            self.view.children.append(self.take(raw))
            return True
        self.view = None
        return False

    def line(self, index: int) -> None:
        raw = self.lines[index]
        stripped, indent = raw.strip(), indent_of(raw)
        if not stripped or stripped == "#":
            self.pending.append(raw)
            if raw.startswith("#"):
                self.view = None
            return
        if _is_separator(raw, stripped):
            self.separator(raw)
            return
        if self.view is not None and self.in_view(raw, stripped, indent):
            return
        block = self.take(raw)
        self.dump.blocks.append(block)
        deeper = (_nextindent_of(self.lines, index) or 0) > indent
        if VIEW_OPENER.match(stripped) or deeper:
            self.view, self.view_indent, self.committed = block, indent, False


def parse_dump(text: str) -> Dump:
    """Read a SmartAX dump (real MA5800 layout or the rendered one) into blocks.

    Examples:
        >>> dump = parse_dump("[MA5800V100R022: 5011]\\n#\\n[gpon]\\n  <gpon-0/1>\\n"
        ...     " interface gpon 0/1\\n port 0 ont-auto-find enable\\n#\\n[bbs-config]\\n"
        ...     "  <bbs-config>\\n service-port 0 vlan 20 gpon 0/1/0 ont 0 gemport 1"
        ...     " multi-service user-vlan 20\\n#\\nreturn\\n")
        >>> [(b.text[:18], b.section, len(b.children)) for b in dump.blocks]
        [('interface gpon 0/1', 'gpon', 1), ('service-port 0 vla', 'bbs-config', 0)]
    """
    lines = split_lines(text)
    preamble, start = split_preamble(lines, lambda line: bool(SMARTAX_BANNER.match(line)))
    reader = _SmartaxReader(lines, Dump(preamble=preamble))
    for index in range(start, len(lines)):
        raw = lines[index]
        if raw.strip() == "return" and indent_of(raw) == 0:
            reader.dump.ending = [*reader.pending, *lines[index:]]
            return reader.dump
        reader.line(index)
    reader.dump.ending = reader.pending
    return reader.dump


def display_name(text: str) -> str:
    """The line as an MA5800 prints it (``interface meth0`` -> ``interface MEth0``)."""
    return SMARTAX_MANAGEMENT_NAME if SMARTAX_MANAGEMENT.match(text) else text


def normalise(text: str) -> str:
    """A SmartAX dump as canonical tree text, banners, markers, ``commit`` and ``quit`` dropped.

    Examples:
        >>> print(normalise("[gpon]\\n  <gpon-0/1>\\n interface gpon 0/1\\n"
        ...     "  port 0 ont-auto-find enable\\n quit\\n#\\nreturn"))
        interface gpon 0/1
         port 0 ont-auto-find enable
    """
    return "\n".join(tree_lines(parse_dump(text).blocks, display_name))


def source_port(interface: str) -> str:
    """A port as ``sysman server source SERVICE PORT`` names it (``[source-interface]``).

    Examples:
        >>> source_port("meth0"), source_port("vlanif100")
        ('meth 0', 'vlanif 100')
    """
    return re.sub(r"^([A-Za-z-]+)(\d)", r"\1 \2", interface).lower()


def check_serial_unique(root: "Node", rule: "Rule", words: list[str]) -> str | None:
    """SmartAX refuses an ONT whose serial number is already registered on any port."""
    if words[:2] != ["ont", "add"] or "sn-auth" not in words:
        return None
    serial = words[words.index("sn-auth") + 1].strip('"').upper()
    port_id = words[2:4]
    for node in root.walk():
        have = node.line.split()
        if have[:2] == ["ont", "add"] and "sn-auth" in have:
            same_ont = have[2:4] == port_id
            if have[have.index("sn-auth") + 1].strip('"').upper() == serial and not same_ont:
                return "Failure: SN already exists"
    return None


@cache
def driver() -> "HConfigDriverBase":
    """The hier_config driver for SmartAX (:mod:`medinfra.platforms.drivers.huawei_smartax`):
    one, shared (hier_config only reads a driver)."""
    from medinfra.platforms.drivers.huawei_smartax import HConfigDriverHuaweiSmartax
    from medinfra.platforms.ordering import with_scope_order

    return with_scope_order(HConfigDriverHuaweiSmartax(), SCOPE)


MANAGEMENT_PATH = ManagementPath(
    address=r"^ip address (?P<ip>\d+\.\d+\.\d+\.\d+) (?P<mask>\S+)$",
    down=r"^shutdown$",
    up=None,
    vpn_binding=None,
    route=r"^ip route-static (?P<prefix>\d+\.\d+\.\d+\.\d+) (?P<mask>\S+) (?P<hop>\S+)",
    login_filter=LoginFilter(
        allow_range=r"^sysman ip-access ssh (?P<low>\S+) (?P<high>\S+)$",
        refuse_range=r"^sysman ip-refuse ssh (?P<low>\S+) (?P<high>\S+)$",
        ranges_enforced=r"^sysman firewall ssh enable$",
    ),
    ssh_on=(r"^ssh server enable$",),
    ssh_off=(r"^sysman service ssh disable$",),
    ssh_source=r"^sysman server source ssh (?P<iface>.+)$",
    vty=None,
    account=r'^terminal user name "?{login}"?(\s|$)',
    ssh_user=r'^ssh user "?{login}"? authentication-type (?P<auth>\S+)$',
    route_preference=r" preference (?P<preference>\d+)(?:\s|$)",
    no_revert="an MA5800 has no unattended revert (no commit trial, no delayed reboot)",
)
"""How an MA5800 is reached: ``interface MEth0`` and the ``[route-static]`` default route;
SSH logins filtered by ``sysman ip-access ssh A B`` / ``sysman ip-refuse ssh A B`` once
``sysman firewall ssh enable`` is set; ``sysman server source ssh meth 0``; ``ssh user "X"
authentication-type password``. The OLT has no vty lines in its configuration and keeps its
terminal users outside it."""


ERROR_PATTERN = r"(?m)^\s*% .*$|Failure:.*$"
"""A refused line on SmartAX: a ``%`` line under the caret of any kind (``% Unknown command``,
``% Parameter error``, ``% Too many parameters``, ``% Incomplete command``, ``% Ambiguous
command``, each ``, the error locates at '^'``, as MA5600T/MA5683T/MA5800 captures print them)
or a ``Failure: ...`` line (``Failure: SN already exists``)."""

DUMP_BANNER = ("[MA5800V100R022: 5011]",)
"""The line an MA5800's ``display current-configuration`` opens with."""


@cache
def lab() -> LabParts:
    """The lab's MA5800: its grammar, sectioned dump layout, serial check and console."""
    from medinfra.lab.added import VRPV8_ADDS
    from medinfra.lab.config_tree import DumpLayout, render_smartax
    from medinfra.lab.smartax import SmartaxConsole
    from medinfra.lab.smartax_grammar import SMARTAX

    return LabParts(
        grammar=SMARTAX,
        render=partial(render_smartax, layout=DumpLayout(preamble=DUMP_BANNER)),
        fallback=False,
        check=check_serial_unique,
        console=SmartaxConsole,
        adds=VRPV8_ADDS,
    )


SPEC = PlatformSpec(
    platform=Platform.HUAWEI_SMARTAX,
    netmiko_device_type="huawei_smartax",
    error_pattern=ERROR_PATTERN,
    config_mode=ConfigMode(
        enter="config", prompt=r"\(config\)#\s*$", leave="return", leave_prompt=r"#\s*$"
    ),
    enable_after_login=True,
    two_stage_commit=False,
    pager_prompt="---- More ( Press 'Q' to break ) ----",
    management_interface="meth0",
    default_model="MA5800-X7",
    serial_command="display esn",
    template_folder="huawei_smartax",
    remediation=RemediationParts(
        driver=driver,
        normalise=normalise,
        permanent_sections=(r"^interface ",),
        parse_dump=parse_dump,
    ),
    scope=SCOPE,
    management_path=MANAGEMENT_PATH,
    lab=lab,
    boot_seconds=45.0,
)
"""The SmartAX platform."""
