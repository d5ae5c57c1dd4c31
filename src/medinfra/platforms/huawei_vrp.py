"""Huawei VRP (AR routers: the hospital CPEs): every fact medinfra knows about the family.

VRP prints ``display current-configuration`` as top-level blocks separated by ``#`` lines,
indented one space per level, ending with ``return``; configuration mode is ``system-view``
(prompt ``[HOST]``), the user view's prompt is ``<HOST>``; a refused line starts ``Error:``.
"""

import re
from functools import cache
from typing import TYPE_CHECKING

from medinfra.model import Platform
from medinfra.platforms.base import ConfigMode, LabParts, PlatformSpec, RemediationParts

if TYPE_CHECKING:
    from hier_config.platforms.driver_base import HConfigDriverBase

ERROR_PATTERN = r"(?m)^Error(\[\d+\])?:"
"""A refused line on VRP and VRPv8: ``Error: Unrecognized command ...``."""

CONFIG_MODE = ConfigMode(
    enter="system-view", prompt=r"\]\s*$", leave="return", leave_prompt=r">\s*$"
)
"""``system-view`` to ``[HOST]``, ``return`` back to ``<HOST>`` (VRP and VRPv8)."""

PAGER_PROMPT = "  ---- More ----"
"""VRP's pager line."""

PERMANENT_SECTIONS = (r"^interface (?!\S+\.\d+$)", r"^aaa$", r"^user-interface ")
"""Physical interfaces (not dot1q sub-interfaces), ``aaa`` and the user interfaces."""

_NOISE = re.compile(r"^\s*(#.*|!.*|return|)\s*$")


def normalise(text: str) -> str:
    """A VRP dump without ``#`` separators, comments and the closing ``return``.

    Examples:
        >>> normalise("#\\nsysname A\\n#\\ninterface Eth0\\n description x\\n#\\nreturn")
        'sysname A\\ninterface Eth0\\n description x'
    """
    lines = [line.rstrip() for line in text.replace("\r", "").splitlines()]
    return "\n".join(line for line in lines if not _NOISE.match(line))


def driver() -> "HConfigDriverBase":
    """hier_config's VRP driver with medinfra's extra rules."""
    from medinfra.platforms.drivers.huawei_vrp import HConfigDriverHuaweiVrpMedinfra

    return HConfigDriverHuaweiVrpMedinfra()


@cache
def lab() -> LabParts:
    """The lab's VRP: its grammar, dump layout and console."""
    from medinfra.lab.config_tree import render_vrp
    from medinfra.lab.grammar import VRP
    from medinfra.lab.vrp import VrpConsole

    return LabParts(grammar=VRP, render=render_vrp, fallback=True, check=None, console=VrpConsole)


SPEC = PlatformSpec(
    platform=Platform.HUAWEI_VRP,
    netmiko_device_type="huawei",
    error_pattern=ERROR_PATTERN,
    config_mode=CONFIG_MODE,
    enable_after_login=False,
    two_stage_commit=False,
    pager_prompt=PAGER_PROMPT,
    management_interface="GigabitEthernet0/0/0",
    default_model="AR6280",
    serial_command="display esn",
    template_folder="huawei_vrp",
    remediation=RemediationParts(
        driver=driver, normalise=normalise, permanent_sections=PERMANENT_SECTIONS
    ),
    lab=lab,
)
"""The VRP platform."""
