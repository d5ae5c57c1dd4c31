"""The scope contract: what medinfra owns on a device and must never take away, as data.

A brownfield device holds lines no template wrote. medinfra changes a line only when it
*owns* it, and it owns what its intended config names: each line has a **key** (the object
it is about, read by a :class:`KeyRule`: the ONT ``0 3`` of ``interface gpon 0/1``, the
route ``0.0.0.0 0.0.0.0 10.0.1.2``, the ``description`` of a port); a running line whose key
the intended config has at the same place is owned, every other line is *unmanaged*, kept
byte for byte and listed by ``--check --diff``. A device the model declares ``managed: full``
(greenfield) is owned as a whole: lines the model lacks are removed.

On top of the scope, three kinds of rule, data in each platform's scope module
(:mod:`medinfra.platforms.scopes`):

- **kept lines** (``keep``): removals that are never safe, whatever the scope: the
  negation of ``undo shutdown`` is ``shutdown`` (a port in use goes down), an interface's
  address is not removed unless the model gives it another, and lines of features the model
  does not describe (OSPF, NAT, firewall zones, ...) stay on the ports;
- **protected objects** (``protected``): the management port and address, routes to the
  management network, vty/console authentication, AAA domains and schemes, the account the
  push logs in with, SSH server permissions and source. A remediation that would remove or
  change one without the model stating the new value refuses the device;
- **identities and unique attributes** (:attr:`KeyRule.identity`,
  :attr:`PlatformScope.unique`): an owned object whose identity differs (an ONT id with
  another serial, a profile id with another
  name, a VLAN of another type) or an attribute the model wants that another object already
  uses (a sub-interface VLAN, an ONT GEM port bound by another service-port) is a conflict.

Patterns name ``{mgmt}`` (the management interface), ``{login}`` (the push's account).
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

Weights = tuple[tuple[str, int], ...]
"""(pattern, weight) pairs: a command matching the pattern takes the weight (lowest first)."""

OTHER_REMOVAL, OTHER_ADDITION = 70, 95
"""Weights of the removals and additions that no pattern of a scope names."""


@dataclass(frozen=True)
class KeyRule:
    """Reads the key of a line: ``kind`` plus the pattern's groups.

    ``parent`` (a pattern on the enclosing section, None at the top) limits where the rule
    applies; ``identity`` names a group that must agree between device and model when the
    keys are equal (otherwise the two disagree about which object this is: a conflict).
    """

    kind: str
    pattern: re.Pattern[str]
    parent: re.Pattern[str] | None = None
    identity: str | None = None
    conflict: str | None = None
    """What a differing identity means, with ``{theirs}``/``{ours}`` (None: the generic
    ``the device has KIND KEY as X, the model as Y``)."""

    def key(self, text: str, parent: str | None) -> tuple[str, ...] | None:
        """The line's key under this rule, or None when the rule does not apply."""
        if (self.parent is None) != (parent is None):
            return None
        if self.parent is not None and parent is not None and not self.parent.search(parent):
            return None
        match = self.pattern.match(text)
        if match is None:
            return None
        skip = self.pattern.groupindex.get("identity")
        values = [g for i, g in enumerate(match.groups(), 1) if i != skip and g is not None]
        return (self.kind, *values)

    def identity_of(self, text: str) -> str | None:
        """The identity attribute of a line (None when the rule has none)."""
        match = self.pattern.match(text)
        if self.identity is None or match is None:
            return None
        return match.group(self.identity)


@dataclass(frozen=True)
class LineRule:
    """A line (under a section matching ``parent``, or anywhere when None) with a reason."""

    pattern: str
    reason: str
    parent: str | None = None
    top_level: bool = False

    def applies(self, text: str, parent: str | None, names: dict[str, str]) -> bool:
        """True when ``text`` (under ``parent``) is this rule's line."""
        if self.top_level and parent is not None:
            return False
        if self.parent is not None and (
            parent is None or not _filled(self.parent, _named(self.parent, names)).search(parent)
        ):
            return False
        return _filled(self.pattern, _named(self.pattern, names)).search(text) is not None


@dataclass(frozen=True)
class UniqueRule:
    """An attribute two objects may not share: the ``value`` group of a line (or of a
    section's child when ``child`` is set), with the section's ``port`` group if it has one.
    Rules of the same ``name`` share their values (a VLAN of a ``vlan`` line and of a
    ``service-port``)."""

    name: str
    section: re.Pattern[str]
    child: re.Pattern[str] | None = None


@dataclass(frozen=True, eq=False)
class PlatformScope:
    """Everything about one platform's scope (each platform has one; compared and hashed
    by identity, so the key of a line can be remembered per scope)."""

    keys: tuple[KeyRule, ...]
    keep: tuple[LineRule, ...]
    protected: tuple[LineRule, ...]
    unique: tuple[UniqueRule, ...] = field(default=())
    names: tuple[re.Pattern[str], ...] = field(default=())
    """Top-level objects named the way medinfra names them: owned even when the model no
    longer has them (so a line removed from the model is removed from the device)."""
    remove_order: Weights = field(default=())
    """Weights of removal commands (lower first; others weigh :data:`OTHER_REMOVAL`): users
    before what they use."""
    add_order: Weights = field(default=())
    """Weights of additions (others weigh :data:`OTHER_ADDITION`): what is used before its
    users."""


def _named(pattern: str, names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The names ``pattern`` uses, with their values (only those: the rest cannot change it)."""
    return tuple((name, value) for name, value in names.items() if "{" + name + "}" in pattern)


@lru_cache(maxsize=4096)
def _filled(pattern: str, names: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """``pattern`` filled with ``names`` and compiled case-insensitively, once per pair."""
    return re.compile(fill(pattern, dict(names)), re.IGNORECASE)


def fill(pattern: str, names: dict[str, str]) -> str:
    """``pattern`` with each ``{name}`` replaced by the escaped value."""
    for name, value in names.items():
        pattern = pattern.replace("{" + name + "}", re.escape(value))
    return pattern


def rule(
    kind: str,
    pattern: str,
    parent: str | None = None,
    identity: str | None = None,
    conflict: str | None = None,
) -> KeyRule:
    """A :class:`KeyRule` from pattern strings."""
    compiled = re.compile(parent) if parent else None
    return KeyRule(kind, re.compile(pattern), compiled, identity, conflict)


FOREIGN_FEATURES = (
    r"^(ospf|isis|rip|pim|igmp|mpls|nat|firewall|http|dhcp|vrrp|arp|stp|lldp|ipv6|"
    r"port|portswitch|undo portswitch|ip binding vpn-instance|ip address \S+ \S+ sub)\b"
)
"""Lines of features the model does not describe, on an interface."""

DEVICE_LINES = (
    LineRule(r"\bdisable$", "its negation would enable a service", top_level=True),
    LineRule(r"^snmp-agent local-engineid ", "the device sets it itself", top_level=True),
)
"""Lines a device adds itself or that disable a service: never undone."""

ANY_PARENT = r"."
"""A rule's ``parent`` that matches every section."""


def line_key(scope: PlatformScope, text: str, parent: str | None) -> tuple[str, ...]:
    """The key of a line: the first rule that reads it, else the line itself.

    Examples:
        >>> from medinfra.model import Platform
        >>> from medinfra.platforms import platform_for
        >>> line_key(platform_for(Platform.HUAWEI_SMARTAX).scope,
        ...     'ont add 0 3 sn-auth "48575443A4C123B1" omci', "interface gpon 0/1")
        ('ont', '0', '3')
        >>> line_key(platform_for(Platform.HUAWEI_VRP).scope, "lldp enable", None)
        ('line', 'lldp enable')
    """
    return _first_key(scope, text, parent)[1]


def key_rule(scope: PlatformScope, text: str, parent: str | None) -> KeyRule | None:
    """The rule that reads a line's key (None for a line keyed by its text)."""
    return _first_key(scope, text, parent)[0]


KEYS_REMEMBERED = 1 << 17
"""How many (scope, line, section) keys :func:`line_key` remembers: a push reads the same
lines on every device of a platform (and each line twice or more: scope, conflicts,
verification), so most are found here instead of tried against every rule again."""


@lru_cache(maxsize=KEYS_REMEMBERED)
def _first_key(
    scope: PlatformScope, text: str, parent: str | None
) -> tuple[KeyRule | None, tuple[str, ...]]:
    for rule in scope.keys:
        key = rule.key(text, parent)
        if key is not None:
            return rule, key
    return None, ("line", text)
