"""SmartAX (MA5800 OLT) for hier_config: a driver, a config normaliser and view exits.

hier_config has no SmartAX driver. SmartAX differs from VRP in three ways that matter here:

- the dump is cut into ``[global-config]``, ``[gpon]``, ``[bbs-config]``... sections with
  ``<gpon-0/1>`` markers, and sub-views end with an explicit ``quit`` (profile views with
  ``commit`` before it), so nesting is read from the view grammar, not only from indentation;
- several objects are removed with a command of their own instead of ``undo <line>``
  (``ont delete 0 3``, ``dba-profile delete profile-id 10``), expressed as data in
  :data:`NEGATIONS`;
- profile views (``ont-lineprofile gpon ...``, ``ont-srvprofile gpon ...``) take effect on
  ``commit`` and are left with ``quit``; other views only need ``quit``.
"""

import re

from hier_config.child import HConfigChild
from hier_config.platforms.driver_base import HConfigDriverBase, HConfigDriverRules

VIEW_OPENER = re.compile(r"^(interface \S+|ont-lineprofile \S+|ont-srvprofile \S+)\b")
PROFILE_VIEW = re.compile(r"^ont-(line|srv)profile ")
_NOISE = re.compile(r"^\s*(#.*|return|\[.*\]|<.*>|)\s*$")

NEGATIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ont add (\d+) (\d+)\b.*"), r"ont delete \1 \2"),
    (re.compile(r"^dba-profile add profile-id (\d+)\b.*"), r"dba-profile delete profile-id \1"),
    (re.compile(r"^service-port (\d+) .*"), r"undo service-port \1"),
    (re.compile(r"^vlan (\d+) (smart|mux|standard)$"), r"undo vlan \1"),
    (re.compile(r"^(ont-(?:line|srv)profile gpon) profile-id (\d+)\b.*"), r"undo \1 profile-id \2"),
)
"""How a SmartAX line is removed, when it is not simply ``undo`` + the line."""


def negation_of(text: str) -> str:
    """The command that removes one SmartAX line.

    Examples:
        >>> negation_of('ont add 0 3 sn-auth "48575443A4C123B1" omci ont-lineprofile-id 21')
        'ont delete 0 3'
        >>> negation_of("port vlan 21 0/3 0")
        'undo port vlan 21 0/3 0'
    """
    for pattern, replacement in NEGATIONS:
        if pattern.match(text):
            return pattern.sub(replacement, text)
    return f"undo {text}"


class SmartAxDriver(HConfigDriverBase):
    """hier_config driver for Huawei SmartAX MA5800 OLTs."""

    @property
    def negation_prefix(self) -> str:
        """SmartAX removes most lines with ``undo``."""
        return "undo "

    def swap_negation(self, child: HConfigChild) -> HConfigChild:
        """Turn a line into the command that removes it (see :data:`NEGATIONS`)."""
        if child.text.startswith(self.negation_prefix):
            child.text = child.text.removeprefix(self.negation_prefix)
        else:
            child.text = negation_of(child.text)
        return child

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        return HConfigDriverRules(indentation=1)


def exit_lines(section: str) -> tuple[str, ...]:
    """What closes a sub-view: ``commit`` + ``quit`` for profiles, ``quit`` otherwise."""
    return ("commit", "quit") if PROFILE_VIEW.match(section) else ("quit",)


def normalise_smartax(text: str) -> str:
    """A SmartAX config as an indented tree (one space per level), banners dropped.

    Examples:
        >>> print(normalise_smartax("[gpon]\\n  <gpon-0/1>\\n interface gpon 0/1\\n"
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
