"""Remediation: the minimal command lines that take a device from running to intended.

The diff is hier_config's, with the driver, its rules and the dump normaliser of the
device's platform (:mod:`medinfra.platforms`). Around the diff, medinfra adds what a push
needs:

- **normalisation** of ``display current-configuration`` by the platform (``#`` separators,
  ``return``, SmartAX section banners) so running and intended parse the same way;
- **secret masking**: a line of the intended config carrying ``<<secret:REF>>`` matches a
  running line that is equal except for one token where the placeholder is (the device shows
  the stored cipher, never the secret), so a stored cipher does not cause an endless diff;
- **sections that always exist** (physical interfaces, ``aaa``, ``user-interface``, GPON
  boards) are never removed as a whole: their surplus lines are undone one by one;
- **commands**: the flat list to send, entering each sub-view and leaving it with the
  driver's sectional exit (``quit``; a SmartAX profile view ``commit`` then ``quit``).
"""

import re
from dataclasses import dataclass

from hier_config import HConfig, get_hconfig
from hier_config.child import HConfigChild

from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.push.credentials import PLACEHOLDER
from medinfra.push.order import ordered_commands


@dataclass(frozen=True)
class Remediation:
    """The lines that take running to intended, for humans (``diff``) and for the device."""

    diff: str
    commands: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """True when the device already holds the intended config."""
        return not self.commands


def normalise(platform: Platform, text: str) -> str:
    """The config text without separators, banners and the closing ``return``."""
    return platform_for(platform).remediation.normalise(text)


def parse(platform: Platform, text: str) -> HConfig:
    """Parse a config into hier_config's tree with the platform's driver."""
    return get_hconfig(platform_for(platform).remediation.driver(), normalise(platform, text))


def _secret_pattern(text: str) -> re.Pattern[str]:
    parts = PLACEHOLDER.split(text)
    # split() alternates literal text and captured refs: keep literals, a token for each ref
    literals = [re.escape(part) for index, part in enumerate(parts) if index % 2 == 0]
    return re.compile(r"\S+".join(literals) + r"$")


def mask_secrets(running: HConfig | HConfigChild, intended: HConfig | HConfigChild) -> None:
    """Let running lines holding a stored secret stand in for the placeholder line."""
    for wanted in intended.children:
        if PLACEHOLDER.search(wanted.text) and wanted.text not in running.children:
            pattern = _secret_pattern(wanted.text)
            for present in list(running.children):
                if pattern.match(present.text) and present.text not in intended.children:
                    present.text = wanted.text
                    break
        present_section = running.children.get(wanted.text)
        if present_section is not None and wanted.children:
            mask_secrets(present_section, wanted)


def keep_permanent(
    running: HConfig | HConfigChild, intended: HConfig | HConfigChild, patterns: tuple[str, ...]
) -> None:
    """Give intended an empty copy of each permanent section it lacks (undo line by line)."""
    for present in running.children:
        permanent = any(re.search(pattern, present.text) for pattern in patterns)
        if permanent and present.text not in intended.children:
            intended.add_child(present.text)


def remediation(
    platform: Platform, running: str, intended: str, *, restore: bool = False
) -> Remediation:
    """The remediation from ``running`` to ``intended`` (both as the device prints them).

    With ``restore`` the target is the device's own earlier running config, so a section it
    lacks was really absent then: permanent sections are not kept, they are removed too.

    Examples:
        >>> r = remediation(Platform.HUAWEI_VRP,
        ...     "sysname A\\n#\\ninterface Eth0\\n description old\\n#\\nreturn",
        ...     "sysname A\\ninterface Eth0\\n description new\\nntp-service enable")
        >>> r.commands
        ('ntp-service enable', 'interface Eth0', 'description new', 'quit')
    """
    rules = platform_for(platform).remediation
    running_tree, intended_tree = parse(platform, running), parse(platform, intended)
    mask_secrets(running_tree, intended_tree)
    if not restore:
        keep_permanent(running_tree, intended_tree, rules.permanent_sections)
    delta = running_tree.config_to_get_to(intended_tree).set_order_weight()
    diff = "\n".join(child.cisco_style_text() for child in delta.all_children_sorted())
    return Remediation(diff, tuple(ordered_commands(delta, platform)))


def same_config(platform: Platform, held: str, wanted: str) -> bool:
    """True when ``held`` already is ``wanted`` for a push: the same text once normalised (no
    parse needed, the common case of a saved config equal to the running one), or else an
    empty remediation from one to the other.

    Examples:
        >>> same_config(Platform.HUAWEI_VRP, "sysname A\\n#\\nreturn", "sysname A\\n#\\nreturn")
        True
        >>> same_config(Platform.HUAWEI_VRP, "sysname A\\n#\\nreturn", "sysname B\\n#\\nreturn")
        False
    """
    if normalise(platform, held) == normalise(platform, wanted):
        return True
    return remediation(platform, held, wanted).empty


def commands_text(remediation_: Remediation) -> str:
    """The commands as one block (what the audit log and ``--diff`` show)."""
    return "\n".join(remediation_.commands)
