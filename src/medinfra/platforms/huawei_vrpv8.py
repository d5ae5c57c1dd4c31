"""Huawei VRPv8 (NE40E / NetEngine 8000 routers: the data-centre edges): every fact medinfra
knows.

VRPv8 shares VRP's CLI, dump layout and remediation rules (read from
:mod:`medinfra.platforms.huawei_vrp`, not copied); it differs in its two-stage commit (lines
wait in a candidate until ``commit``, each commit can be rolled back), its management port
(``GigabitEthernet0/0/0`` in ``__LOCAL_OAM_VPN__`` on NE40E/NE8000; the hardware models are in
:mod:`medinfra.platforms.hardware`) and its lab console.
"""

from dataclasses import dataclass, replace
from functools import cache, partial

from medinfra.model import Platform
from medinfra.platforms import huawei_vrp
from medinfra.platforms.base import LabParts, PlatformSpec
from medinfra.platforms.hardware import NE_MANAGEMENT_PORT
from medinfra.platforms.scopes.huawei_vrp import SCOPE_V8

DUMP_BANNER = ("!Software Version V800R011C10SPC100",)
"""The line a VRPv8 ``display current-configuration`` opens with; globals print flush left."""


MANAGEMENT_PATH = replace(
    huawei_vrp.MANAGEMENT_PATH,
    ssh_source=r"^ssh server-source (?:-i (?P<iface>\S+)|(?P<all>all-interface))$",
)
"""How an NE40E/NE8000 is reached: VRP's lines, with SSH's source named by ``ssh server-source
-i IF`` or ``all-interface`` (the management port ``GigabitEthernet0/0/0`` sits in
``__LOCAL_OAM_VPN__``; users are levelled 0-3 or put in ``manage-ug``)."""


@dataclass(frozen=True)
class CandidateWords:
    """First words of configuration lines, by what the line could do were the session not in
    the view it was sent for (:mod:`medinfra.push.candidate` cuts its writes by them)."""

    candidate_only: frozenset[str]
    """Lines that act only in a configuration view, into the candidate: no command of the user
    view starts with these words, none can answer a question (no ``y``/``n``)."""
    user_view_too: frozenset[str]
    """Words that also start user-view commands (``undo terminal monitor``, ``clock datetime``,
    ``local-user change-password``, the ``stelnet``/``ssh`` clients) or could answer ``n``."""


CANDIDATE_WORDS = CandidateWords(
    candidate_only=frozenset(
        [
            "aaa",
            "acl",
            "apply",
            "authentication-mode",
            "bfd",
            "bgp",
            "description",
            "discriminator",
            "flow-queue",
            "group",
            "header",
            "if-match",
            "import-route",
            "info-center",
            "interface",
            "ip",
            "ipv4-family",
            "ipv6-family",
            "lldp",
            "local-aaa-user",
            "min-rx-interval",
            "min-tx-interval",
            "peer",
            "protocol",
            "queue",
            "route-policy",
            "router-id",
            "rule",
            "snmp-agent",
            "sysname",
            "traffic-policy",
            "trust",
            "user-interface",
            "user-queue",
            "vlan-type",
            "vrrp",
        ]
    ),
    user_view_too=frozenset(
        ["undo", "clock", "local-user", "ssh", "stelnet", "ntp-service", "network", "nqa", "nat"]
    ),
)
"""The words of the lines medinfra renders for NE40E/NE8000 edges; a word in neither set
(``commit``, ``return``, ``save``, ``reset``, anything unknown) always waits for the answers
before it, so a word missing here costs one round trip, never a line carried out at once."""


@cache
def lab() -> LabParts:
    """The lab's VRPv8: its grammar, VRP's dump layout and the two-stage-commit console."""
    from medinfra.lab.added import VRPV8_ADDS
    from medinfra.lab.config_tree import DumpLayout, render_vrp
    from medinfra.lab.grammar import VRPV8
    from medinfra.lab.vrpv8 import Vrpv8Console

    return LabParts(
        grammar=VRPV8,
        render=partial(render_vrp, layout=DumpLayout(preamble=DUMP_BANNER)),
        fallback=True,
        check=huawei_vrp.check_one_as,
        console=Vrpv8Console,
        adds=VRPV8_ADDS,
    )


SPEC = PlatformSpec(
    platform=Platform.HUAWEI_VRPV8,
    netmiko_device_type="huawei_vrpv8",
    error_pattern=huawei_vrp.ERROR_PATTERN,
    config_mode=huawei_vrp.CONFIG_MODE,
    enable_after_login=False,
    two_stage_commit=True,
    pager_prompt=huawei_vrp.PAGER_PROMPT,
    pager_erase=huawei_vrp.PAGER_ERASE,
    management_interface=NE_MANAGEMENT_PORT,
    default_model="NE40E-X8A",
    serial_command="display esn",
    template_folder="huawei_vrpv8",
    remediation=huawei_vrp.SPEC.remediation,
    scope=SCOPE_V8,
    management_path=MANAGEMENT_PATH,
    lab=lab,
    boot_seconds=30.0,
)
"""The VRPv8 platform."""
