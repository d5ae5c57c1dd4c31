"""What differs between the simulated platforms, as data: grammar, layout, defaults."""

from collections.abc import Callable
from dataclasses import dataclass

from medinfra.lab.config_tree import Node, render_smartax, render_vrp
from medinfra.lab.editor import Check
from medinfra.lab.grammar import SMARTAX, VRP, VRPV8, Grammar, Rule
from medinfra.model import Platform


def smartax_check(root: Node, rule: Rule, words: list[str]) -> str | None:
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


@dataclass(frozen=True)
class PlatformSpec:
    """The static behaviour of one platform."""

    grammar: Grammar
    render: Callable[[Node], str]
    fallback: bool
    check: Check | None
    netmiko_type: str
    management_interface: str
    default_model: str


PLATFORMS: dict[Platform, PlatformSpec] = {
    Platform.HUAWEI_VRP: PlatformSpec(
        grammar=VRP,
        render=render_vrp,
        fallback=True,
        check=None,
        netmiko_type="huawei",
        management_interface="GigabitEthernet0/0/0",
        default_model="AR6280",
    ),
    Platform.HUAWEI_VRPV8: PlatformSpec(
        grammar=VRPV8,
        render=render_vrp,
        fallback=True,
        check=None,
        netmiko_type="huawei_vrpv8",
        management_interface="MEth0/0/0",
        default_model="CE6881-48S6CQ",
    ),
    Platform.HUAWEI_SMARTAX: PlatformSpec(
        grammar=SMARTAX,
        render=render_smartax,
        fallback=False,
        check=smartax_check,
        netmiko_type="huawei_smartax",
        management_interface="meth0",
        default_model="MA5800-X7",
    ),
}
"""Platform -> its behaviour."""
