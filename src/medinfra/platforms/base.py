"""The platform contract: what every device family must state about itself, as data.

A :class:`PlatformSpec` is plain data plus a few loaders. The data (device types, patterns,
ports, commands, the dump normaliser) costs nothing to import; the heavy parts (the hier_config
driver, the lab grammar and console) are returned by loader functions that import their
libraries on first call, so asking a platform a fact never imports netmiko, hier_config or
asyncssh.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from medinfra.model import Platform
from medinfra.platforms.management import ManagementPath
from medinfra.platforms.scope import PlatformScope

if TYPE_CHECKING:
    from hier_config.platforms.driver_base import HConfigDriverBase

    from medinfra.lab.config_tree import Node
    from medinfra.lab.console import Console
    from medinfra.lab.editor import Adds, Check
    from medinfra.lab.grammar import Grammar
    from medinfra.platforms.layout import Dump


@dataclass(frozen=True)
class ConfigMode:
    """How the push layer enters and leaves configuration mode (explicit prompt patterns)."""

    enter: str
    """The command that enters configuration mode (``system-view``, ``config``)."""
    prompt: str
    """Regex of the prompt in configuration mode."""
    leave: str
    """The command that goes back to the user/privileged view (``return``)."""
    leave_prompt: str
    """Regex of the prompt after leaving."""


@dataclass(frozen=True)
class LabParts:
    """What the device lab needs to simulate the platform (loaded by :attr:`PlatformSpec.lab`)."""

    grammar: "Grammar"
    """The configuration commands the simulated device accepts (see :mod:`medinfra.lab.grammar`)."""
    render: "Callable[[Node], str]"
    """The ``display current-configuration`` layout of a configuration tree."""
    fallback: bool
    """A line the current view refuses is tried in the parent views (VRP), or refused (SmartAX)."""
    check: "Check | None"
    """A semantic check beyond the grammar (SmartAX: one serial number per ONT)."""
    console: "type[Console]"
    """The interactive CLI of the device."""
    adds: "Adds | None" = None
    """Lines the device adds by itself (``ntp-service server disable``, the SNMP engine id)."""


@dataclass(frozen=True)
class RemediationParts:
    """How running configs are parsed and diffed for this platform."""

    driver: "Callable[[], HConfigDriverBase]"
    """A new hier_config driver carrying the platform's remediation rules."""
    normalise: Callable[[str], str]
    """``display current-configuration`` -> an indented tree hier_config parses."""
    permanent_sections: tuple[str, ...]
    """Regexes of sections that always exist (never removed whole: undone line by line)."""
    parse_dump: "Callable[[str], Dump]"
    """``display current-configuration`` -> :class:`~medinfra.platforms.layout.Dump`, every line
    kept as printed (the lab loads brownfield configs with it; ``normalise`` is built on it)."""


@dataclass(frozen=True)
class PlatformSpec:
    """Every fact medinfra knows about one device family.

    Push, lab and render read these and nothing else: a fact written twice is a bug the
    convention tests (``tests/platforms``) catch.
    """

    platform: Platform
    """The model's name of the family (``devices[].platform``)."""
    netmiko_device_type: str
    """netmiko's driver for it (``ConnectHandler(device_type=...)``)."""
    error_pattern: str
    """Regex of a rejected configuration line (netmiko's ``error_pattern``)."""
    config_mode: ConfigMode
    """Entering and leaving configuration mode."""
    enable_after_login: bool
    """The session must enter the privileged view first (SmartAX ``enable``)."""
    two_stage_commit: bool
    """Changes wait in a candidate until ``commit`` (VRPv8), and commits can be rolled back."""
    pager_prompt: str
    """What the device prints when it pauses long output (``---- More ----``)."""
    management_interface: str
    """The out-of-band management port, used when the model names none."""
    default_model: str
    """The hardware model assumed when the model names none (the lab's ``display version``)."""
    serial_command: str
    """The command that prints the chassis serial (ESN) the identity check compares."""
    template_folder: str
    """The folder under ``templates/`` holding ``main.j2`` and its feature files."""
    remediation: RemediationParts
    """Parsing and diffing configurations."""
    scope: PlatformScope
    """What medinfra owns on a device of the family, keeps, protects, and the removal order
    (:mod:`medinfra.platforms.scope`, data in :mod:`medinfra.platforms.scopes`)."""
    management_path: ManagementPath
    """The lines through which the controller reaches the device: what the management-path
    proof (:mod:`medinfra.push.mgmt_path`) requires a change to keep."""
    lab: "Callable[[], LabParts]"
    """The device lab's simulation of the platform (imports the lab on first call)."""
    boot_seconds: float = 30.0
    """How long a freshly (re)started device may take to answer on its SSH port: the Ansible
    device role's reachability wait before it logs in."""
    pager_erase: int | None = None
    """How many columns the device moves back (``ESC[nD``, n spaces, ``ESC[nD``) to erase its
    pager line once a key is pressed (None: the pager's own length)."""

    @property
    def main_template(self) -> str:
        """The main template's name, relative to a template folder."""
        return f"{self.template_folder}/main.j2"
