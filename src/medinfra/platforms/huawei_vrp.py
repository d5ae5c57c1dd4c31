"""Huawei VRP (AR routers: the hospital CPEs): every fact medinfra knows about the family.

VRP prints ``display current-configuration`` as top-level blocks separated by ``#`` lines,
indented one space per level, ending with ``return``; configuration mode is ``system-view``
(prompt ``[HOST]``), the user view's prompt is ``<HOST>``; a refused line starts ``Error:``.

The dump layout of a real AR (V300R019) opens with a version line in brackets
(``[V300R019C00SPC300]``) and prints some global lines with one leading space (`` sysname X``,
`` snmp-agent local-engineid ...``, `` ssh server permit interface ...``): indentation alone
does not tell a global from a child. :func:`parse_dump` reads it as the device means it: a
view's children follow its header inside one ``#`` section, the first line after a flush-left
``#`` sets that section's own indentation (so a leading-space line opening a section is global),
a one-space line under a view that is a known global command (:data:`SPACED_GLOBALS`) is global
too, and an indented `` #`` separates parts of one view. VRPv8 (NE40E) dumps open with
``!Software Version ...``/``!Last configuration ...`` and print globals flush left; medinfra's
templates print flush-left globals with ``#`` between blocks: all read into the same tree.
"""

import re
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
from medinfra.platforms.scopes.huawei_vrp import ROUTE_OPTIONS, SCOPE

if TYPE_CHECKING:
    from hier_config.platforms.driver_base import HConfigDriverBase

    from medinfra.lab.config_tree import Node
    from medinfra.lab.grammar import Rule

ERROR_PATTERN = r"(?m)^Error(\[\d+\])?:.*$"
"""A refused line on VRP and VRPv8: ``Error: Unrecognized command ...``."""

CONFIG_MODE = ConfigMode(
    enter="system-view", prompt=r"\]\s*$", leave="return", leave_prompt=r">\s*$"
)
"""``system-view`` to ``[HOST]``, ``return`` back to ``<HOST>`` (VRP and VRPv8)."""

DUMP_BANNER = ("[V300R019C10SPC300]",)
"""The line an AR's ``display current-configuration`` opens with (the lab's release)."""

PAGER_PROMPT = "  ---- More ----"
"""VRP's pager line."""

PAGER_ERASE = 42
"""VRP erases its pager with ``ESC[42D``, 42 spaces, ``ESC[42D`` (public captures; some releases
16)."""

PERMANENT_SECTIONS = (r"^interface (?!\S+\.\d+$)", r"^aaa$", r"^user-interface ")
"""Physical interfaces (not dot1q sub-interfaces), ``aaa`` and the user interfaces."""

VRP_VERSION = re.compile(r"^\[V\d{3}R\d{3}[^\]]*\]$")
"""The AR version line: ``[V300R019C00SPC300]``."""

SPACED_GLOBALS = (
    "sysname ",
    "snmp-agent",
    "ssh server",
    "ssh client",
    "stelnet ",
    "telnet ",
    "undo telnet ",
    "http ",
    "clock timezone ",
    "info-center ",
    "header ",
    "ftp ",
)
"""Global commands AR prints with one leading space that no view holds: a one-space line with
one of these prefixes is global even under a view (:func:`parse_dump`)."""

AR_SPACED_LINES = (*SPACED_GLOBALS, "ntp-service ")
"""Every global an AR prints with one leading space (``ntp-service`` lines too; an interface
can hold ``ntp-service`` lines of its own, so the parser reads those by their ``#`` section)."""


def _vrp_banner(line: str) -> bool:
    return line.startswith("!") or VRP_VERSION.match(line) is not None


def parse_dump(text: str) -> Dump:
    """Read a VRP or VRPv8 dump (real or rendered layout) into blocks.

    Examples:
        >>> dump = parse_dump("[V300R019C00SPC300]\\n#\\n sysname A\\n#\\ninterface LoopBack0\\n"
        ...     " ip address 1.1.1.1 255.255.255.255\\n#\\n snmp-agent\\n#\\nreturn\\n")
        >>> [(b.text, len(b.children)) for b in dump.blocks]
        [('sysname A', 0), ('interface LoopBack0', 1), ('snmp-agent', 0)]
    """
    lines = split_lines(text)
    preamble, start = split_preamble(lines, _vrp_banner)
    dump = Dump(preamble=preamble)
    pending: list[str] = []
    stack: list[tuple[int, Block]] = []
    base: int | None = None
    for index in range(start, len(lines)):
        raw = lines[index]
        stripped, indent = raw.strip(), indent_of(raw)
        if stripped == "return" and indent == 0:
            dump.ending = [*pending, *lines[index:]]
            return dump
        if not stripped or stripped.startswith(("#", "!")):
            pending.append(raw)
            if indent == 0 and stripped.startswith("#"):
                stack, base = [], None
            continue
        base = indent if base is None else base
        depth = max(indent - base, 0)
        if depth and indent == 1 and stripped.startswith(SPACED_GLOBALS):
            depth = 0
        block = Block(stripped, raw, pending)
        pending = []
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            stack[-1][1].children.append(block)
            depth = stack[-1][0] + 1
        else:
            dump.blocks.append(block)
            depth = 0
        stack.append((depth, block))
    dump.ending = pending
    return dump


def normalise(text: str) -> str:
    """A VRP/VRPv8 dump as canonical tree text (globals flush left, children one space deeper).

    Examples:
        >>> normalise("#\\nsysname A\\n#\\ninterface Eth0\\n description x\\n#\\nreturn")
        'sysname A\\ninterface Eth0\\n description x'
        >>> print(normalise("[V300R019C00SPC300]\\n#\\ninterface LoopBack0\\n"
        ...     " ip address 1.1.1.1 32\\n#\\n snmp-agent local-engineid 800007DB03\\n#\\nreturn"))
        interface LoopBack0
         ip address 1.1.1.1 32
        snmp-agent local-engineid 800007DB03
    """
    return "\n".join(tree_lines(parse_dump(text).blocks))


ROUTE_PREFERENCE = r"^(?:(?! description ).)*? preference (?P<preference>\d+)(?:\s|$)"
"""A static route's ``preference N`` (before its ``description``, the rest of the line; a
route without one has the default 60, as the AR and NE40E command references give it)."""

MANAGEMENT_PATH = ManagementPath(
    address=r"^ip address (?P<ip>\d+\.\d+\.\d+\.\d+) (?P<mask>\S+)$",
    down=r"^shutdown$",
    up=r"^undo shutdown$",
    vpn_binding=r"^ip binding vpn-instance (?P<vpn>\S+)$",
    route=(
        r"^ip route-static (?:vpn-instance (?P<vpn>\S+) )?(?P<prefix>\d+\.\d+\.\d+\.\d+) "
        rf"(?P<mask>\S+) (?P<hop>.+?)(?= (?:{ROUTE_OPTIONS})\b|$)"
    ),
    login_filter=LoginFilter(
        bindings=(r"^ssh server acl (?P<acl>\d+)$",),
        vty_binding=r"^acl (?P<acl>\d+) inbound$",
        acl_view=r"^acl (?:number )?(?P<acl>\d+)(?:\s|$)",
        acl_rule=(r"^rule (?:(?P<id>\d+) )?(?:name \S+ )?(?P<action>permit|deny)\b(?P<rest>.*)$"),
    ),
    ssh_on=(r"^stelnet server enable$",),
    ssh_off=(),
    ssh_source=r"^ssh server permit interface (?P<iface>.+)$",
    vty=r"^user-interface vty ",
    vty_lines=(r"^authentication-mode aaa$", r"^protocol inbound (ssh|all)$"),
    account_parent=r"^aaa$",
    account=r'^local-user "?{login}"? ',
    account_services=r'^local-user "?{login}"? service-type (?P<services>.+)$',
    account_rights=(
        r'^local-user "?{login}"? privilege level (?P<level>\d+)$',
        r'^local-user "?{login}"? level (?P<level>\d+)$',
        r'^local-user "?{login}"? user-group (?P<group>\S+)$',
    ),
    ssh_user=r'^ssh user "?{login}"? authentication-type (?P<auth>\S+)$',
    route_preference=ROUTE_PREFERENCE,
)
"""How an AR is reached (V300R019): ``stelnet server enable`` and ``ssh server permit
interface IF``; the vty lines' and SSH's ACL; the ``aaa`` local user (``privilege level``)."""


@cache
def driver() -> "HConfigDriverBase":
    """hier_config's VRP driver with medinfra's extra rules: one, shared (hier_config only
    reads a driver; building one per parse cost ~2 % of a re-run)."""
    from medinfra.platforms.drivers.huawei_vrp import HConfigDriverHuaweiVrpMedinfra
    from medinfra.platforms.ordering import with_scope_order

    return with_scope_order(HConfigDriverHuaweiVrpMedinfra(), SCOPE)


BGP_OTHER_AS = "BGP is already running in AS {as_number}: a device runs BGP in one AS only"
"""The lab's wording (a real VRP refuses a second ``bgp`` with another AS, Huawei's ``bgp``
reference: "each device runs in only one AS"; its exact error text is not on record here)."""


def check_one_as(root: "Node", rule: "Rule", words: list[str]) -> str | None:
    """A device runs one BGP process: ``bgp M`` while ``bgp N`` is configured is refused."""
    if len(words) != 2 or words[0].lower() != "bgp":
        return None
    for node in root.children:
        have = node.line.split()
        if len(have) == 2 and have[0].lower() == "bgp" and have[1] != words[1]:
            return BGP_OTHER_AS.format(as_number=have[1])
    return None


@cache
def lab() -> LabParts:
    """The lab's VRP: its grammar, dump layout and console."""
    from medinfra.lab.added import VRP_ADDS
    from medinfra.lab.config_tree import DumpLayout, render_vrp
    from medinfra.lab.grammar import VRP
    from medinfra.lab.vrp import VrpConsole

    layout = DumpLayout(preamble=DUMP_BANNER, spaced=AR_SPACED_LINES)
    return LabParts(
        grammar=VRP,
        render=partial(render_vrp, layout=layout),
        fallback=True,
        check=check_one_as,
        console=VrpConsole,
        adds=VRP_ADDS,
    )


SPEC = PlatformSpec(
    platform=Platform.HUAWEI_VRP,
    netmiko_device_type="huawei",
    error_pattern=ERROR_PATTERN,
    config_mode=CONFIG_MODE,
    enable_after_login=False,
    two_stage_commit=False,
    pager_prompt=PAGER_PROMPT,
    pager_erase=PAGER_ERASE,
    management_interface="GigabitEthernet0/0/0",
    default_model="AR6280",
    serial_command="display esn",
    template_folder="huawei_vrp",
    remediation=RemediationParts(
        driver=driver,
        normalise=normalise,
        permanent_sections=PERMANENT_SECTIONS,
        parse_dump=parse_dump,
    ),
    scope=SCOPE,
    management_path=MANAGEMENT_PATH,
    lab=lab,
    boot_seconds=20.0,
)
"""The VRP platform."""
