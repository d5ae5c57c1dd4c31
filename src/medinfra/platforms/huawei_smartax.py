"""Huawei SmartAX (MA5800 OLTs: the all-optical campuses): every fact medinfra knows.

SmartAX is not VRP. Its ``display current-configuration`` is cut into ``[global-config]``,
``[gpon]``, ``[bbs-config]``... sections with ``<gpon-0/1>`` markers; sub-views end with an
explicit ``quit`` (profile views with ``commit`` first), so nesting is read from the view
openers, not only from indentation. Configuration mode is ``config`` from the privileged
view (``enable``: prompt ``HOST#``, then ``HOST(config)#``); a refused line prints
``% Unknown command`` or ``Failure:``.
"""

import re
from functools import cache
from typing import TYPE_CHECKING

from medinfra.model import Platform
from medinfra.platforms.base import ConfigMode, LabParts, PlatformSpec, RemediationParts

if TYPE_CHECKING:
    from hier_config.platforms.driver_base import HConfigDriverBase

    from medinfra.lab.config_tree import Node
    from medinfra.lab.grammar import Rule

VIEW_OPENER = re.compile(r"^(interface \S+|ont-lineprofile \S+|ont-srvprofile \S+)\b")
"""The lines that open a sub-view in a SmartAX dump."""

_NOISE = re.compile(r"^\s*(#.*|return|\[.*\]|<.*>|)\s*$")


def normalise(text: str) -> str:
    """A SmartAX dump as an indented tree (one space per level), banners dropped.

    Examples:
        >>> print(normalise("[gpon]\\n  <gpon-0/1>\\n interface gpon 0/1\\n"
        ...     "  port 0 ont-auto-find enable\\n quit\\n#\\nreturn"))
        interface gpon 0/1
         port 0 ont-auto-find enable
    """
    raw = [line.rstrip() for line in text.replace("\r", "").splitlines()]
    lines = [line for line in raw if not _NOISE.match(line)]
    closes_with_quit = any(line.strip() == "quit" for line in lines)
    out: list[str] = []
    view_indent: int | None = None
    for line in lines:
        stripped, indent = line.strip(), len(line) - len(line.lstrip())
        if view_indent is not None:
            if stripped == "quit":
                view_indent = None
                continue
            if stripped == "commit":
                continue
            if indent > view_indent or (closes_with_quit and not VIEW_OPENER.match(stripped)):
                out.append(" " + stripped)
                continue
            view_indent = None
        if stripped in ("quit", "commit"):
            continue
        out.append(stripped)
        if VIEW_OPENER.match(stripped):
            view_indent = indent
    return "\n".join(out)


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


def driver() -> "HConfigDriverBase":
    """The hier_config driver for SmartAX (:mod:`medinfra.platforms.drivers.huawei_smartax`)."""
    from medinfra.platforms.drivers.huawei_smartax import HConfigDriverHuaweiSmartax

    return HConfigDriverHuaweiSmartax()


@cache
def lab() -> LabParts:
    """The lab's MA5800: its grammar, sectioned dump layout, serial check and console."""
    from medinfra.lab.config_tree import render_smartax
    from medinfra.lab.grammar import SMARTAX
    from medinfra.lab.smartax import SmartaxConsole

    return LabParts(
        grammar=SMARTAX,
        render=render_smartax,
        fallback=False,
        check=check_serial_unique,
        console=SmartaxConsole,
    )


SPEC = PlatformSpec(
    platform=Platform.HUAWEI_SMARTAX,
    netmiko_device_type="huawei_smartax",
    error_pattern=r"% Unknown command|Failure:",
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
        driver=driver, normalise=normalise, permanent_sections=(r"^interface ",)
    ),
    lab=lab,
)
"""The SmartAX platform."""
