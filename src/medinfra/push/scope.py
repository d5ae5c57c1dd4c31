"""What medinfra owns on a device, and what it must never take away: per platform, as data.

A brownfield device holds lines no template wrote. medinfra changes a line only when it
*owns* it, and it owns what its intended config names: each line has a **key** (the object
it is about, read by a :class:`KeyRule`: the ONT ``0 3`` of ``interface gpon 0/1``, the
route ``0.0.0.0 0.0.0.0 10.0.1.2``, the ``description`` of a port); a running line whose key
the intended config has at the same place is owned, every other line is *unmanaged*, kept
byte for byte and listed by ``--check --diff``. A device the model declares ``managed: full``
(greenfield) is owned as a whole: lines the model lacks are removed.

On top of the scope, three kinds of rule, also data here:

- **kept lines** (:data:`KEEP`): removals that are never safe, whatever the scope: the
  negation of ``undo shutdown`` is ``shutdown`` (a port in use goes down), an interface's
  address is not removed unless the model gives it another, and lines of features the model
  does not describe (OSPF, NAT, firewall zones, ...) stay on the ports;
- **protected objects** (:data:`PROTECTED`): the management port and address, routes to the
  management network, vty/console authentication, AAA domains and schemes, the account the
  push logs in with, SSH server permissions and source. A remediation that would remove or
  change one without the model stating the new value refuses the device;
- **identities and unique attributes** (:attr:`KeyRule.identity`, :data:`UNIQUE`): an owned
  object whose identity differs (an ONT id with another serial, a profile id with another
  name, a VLAN of another type) or an attribute the model wants that another object already
  uses (a sub-interface VLAN, an ONT GEM port bound by another service-port) is a conflict.

Patterns name ``{mgmt}`` (the management interface), ``{login}`` (the push's account).
"""

import re
from dataclasses import dataclass, field

from medinfra.model import Platform


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
            parent is None or not re.search(_fill(self.parent, names), parent, re.IGNORECASE)
        ):
            return False
        return re.search(_fill(self.pattern, names), text, re.IGNORECASE) is not None


@dataclass(frozen=True)
class UniqueRule:
    """An attribute two objects may not share: ``value`` groups of a line (or a section's
    child when ``child`` is set), read together with the section's ``port`` group."""

    name: str
    section: re.Pattern[str]
    child: re.Pattern[str] | None = None


@dataclass(frozen=True)
class PlatformScope:
    """Everything about one platform's scope."""

    keys: tuple[KeyRule, ...]
    keep: tuple[LineRule, ...]
    protected: tuple[LineRule, ...]
    unique: tuple[UniqueRule, ...] = field(default=())
    names: tuple[re.Pattern[str], ...] = field(default=())
    """Top-level objects named the way medinfra names them: owned even when the model no
    longer has them (so a line removed from the model is removed from the device)."""


def _fill(pattern: str, names: dict[str, str]) -> str:
    for name, value in names.items():
        pattern = pattern.replace("{" + name + "}", re.escape(value))
    return pattern


def _rule(
    kind: str, pattern: str, parent: str | None = None, identity: str | None = None
) -> KeyRule:
    return KeyRule(kind, re.compile(pattern), re.compile(parent) if parent else None, identity)


_ANY = r"."
_VRP_KEYS = (
    _rule("sysname", r"^sysname\b"),
    _rule("header", r"^header (login|shell)\b"),
    _rule("interface", r"^interface (\S+)$"),
    _rule("acl", r"^acl number (\d+)"),
    _rule("traffic", r"^traffic (classifier|behavior|policy) (\S+)"),
    _rule("bfd-session", r"^bfd (\S+) bind\b"),
    _rule("route", r"^ip route-static (\S+ \S+ \S+)"),
    _rule("loghost", r"^info-center loghost (\S+)"),
    _rule("ntp", r"^ntp-service unicast-server (\S+)"),
    _rule("snmp-user", r"^snmp-agent usm-user v3 (\S+) (group|authentication-mode|privacy-mode)"),
    _rule("snmp-group", r"^snmp-agent group v3 (\S+)"),
    _rule("snmp-target", r"^snmp-agent target-host trap address udp-domain (\S+)"),
    _rule("ssh-user", r"^ssh user (\S+)(?: (authentication-type|service-type))?"),
    _rule("user-interface", r"^user-interface (.+)$"),
    _rule("local-user", r"^local-user (\S+) (password|privilege|level|service-type)", r"^aaa$"),
    _rule(
        "setting",
        r"^(description|traffic-policy \S+|dot1q termination vid|vlan-type dot1q)\b",
        _ANY,
    ),
    _rule("address", r"^ip address \S+ \S+$", r"^interface "),
    _rule(
        "setting",
        r"^(discriminator local|discriminator remote|min-tx-interval|min-rx-interval)\b",
        r"^bfd ",
    ),
    _rule("acl-rule", r"^rule (\d+)\b", r"^acl "),
    _rule("setting", r"^(authentication-mode|protocol inbound)\b", r"^user-interface "),
    _rule("acl-bind", r"^acl (\d+ )?(inbound|outbound)$", r"^user-interface "),
    _rule("setting", r"^(remark dscp|queue \S+|if-match acl)\b", r"^traffic "),
    _rule("classifier", r"^classifier (\S+)", r"^traffic policy "),
)

_SMARTAX_KEYS = (
    _rule("sysname", r"^sysname\b"),
    _rule("interface", r"^interface (\S+(?: \S+)?)$"),
    _rule(
        "ont",
        r'^ont add (\d+) (\d+) sn-auth "?(?P<identity>[^" ]+)',
        r"^interface gpon ",
        "identity",
    ),
    _rule("autofind", r"^port (\d+) ont-auto-find\b", r"^interface gpon "),
    _rule("address", r"^ip address \S+ \S+$", r"^interface "),
    _rule(
        "service-port",
        r"^service-port (\d+) (?P<identity>vlan \d+ gpon \S+ ont \d+ gemport \d+)",
        None,
        "identity",
    ),
    _rule("vlan", r"^vlan (\d+) (?P<identity>smart|mux|standard)$", None, "identity"),
    _rule(
        "dba",
        r'^dba-profile add profile-id (\d+) profile-name "?(?P<identity>[^" ]+)',
        None,
        "identity",
    ),
    _rule(
        "line-profile",
        r'^ont-lineprofile gpon profile-id (\d+) profile-name "?(?P<identity>[^" ]+)',
        None,
        "identity",
    ),
    _rule(
        "srv-profile",
        r'^ont-srvprofile gpon profile-id (\d+) profile-name "?(?P<identity>[^" ]+)',
        None,
        "identity",
    ),
    _rule("route", r"^ip route-static (\S+ \S+ \S+)"),
    _rule("loghost", r"^loghost (add|activate ip) (\S+)"),
    _rule("ntp", r"^ntp-service unicast-server (\S+)"),
    _rule("snmp-user", r"^snmp-agent usm-user v3 (\S+) (group|authentication-mode|privacy-mode)"),
    _rule("snmp-group", r"^snmp-agent group v3 (\S+)"),
    _rule("snmp-target", r"^snmp-agent target-host trap address udp-domain (\S+)"),
    _rule("tcont", r"^tcont (\d+)\b", r"^ont-lineprofile "),
    _rule("gem", r"^gem (add|mapping) (\d+)\b", r"^ont-lineprofile "),
    _rule("ont-port", r"^ont-port eth\b", r"^ont-srvprofile "),
    _rule("port-vlan", r"^port vlan eth (\d+)\b", r"^ont-srvprofile "),
)

_FOREIGN_FEATURES = (
    r"^(ospf|isis|rip|pim|igmp|mpls|nat|firewall|http|dhcp|vrrp|arp|stp|lldp|ipv6|"
    r"port|portswitch|undo portswitch|ip binding vpn-instance|ip address \S+ \S+ sub)\b"
)

_DEVICE_LINES = (
    LineRule(r"\bdisable$", "its negation would enable a service", top_level=True),
    LineRule(r"^snmp-agent local-engineid ", "the device sets it itself", top_level=True),
)

KEEP: dict[Platform, tuple[LineRule, ...]] = {
    Platform.HUAWEI_VRP: (
        *_DEVICE_LINES,
        LineRule(r"^undo shutdown$", "its negation is `shutdown`: the port would go down"),
        LineRule(
            r"^ip address ",
            "an interface's address is only replaced, never removed",
            r"^interface ",
        ),
        LineRule(
            _FOREIGN_FEATURES, "a line of a feature the model does not describe", r"^interface "
        ),
    ),
    Platform.HUAWEI_SMARTAX: (
        *_DEVICE_LINES,
        LineRule(
            r"^ip address ",
            "an interface's address is only replaced, never removed",
            r"^interface ",
        ),
        LineRule(
            r"^ont port native-vlan ",
            "goes with its ONT (the device drops it on `ont delete`)",
            r"^interface gpon ",
        ),
    ),
}
KEEP[Platform.HUAWEI_VRPV8] = KEEP[Platform.HUAWEI_VRP]
"""Removals that are never sent: the line stays and is listed as kept, with the reason."""

_VRP_PROTECTED = (
    LineRule(r"^interface {mgmt}$", "the management interface", top_level=True),
    LineRule(r".", "a line of the management interface", r"^interface {mgmt}$"),
    LineRule(r"^ip vpn-instance __LOCAL_OAM_VPN__", "the management VPN instance", top_level=True),
    LineRule(
        r"^ip route-static (vpn-instance \S+ )?0\.0\.0\.0 0\.0\.0\.0 ",
        "the default route (carries management traffic)",
        top_level=True,
    ),
    LineRule(
        r"^ip route-static .*\b({mgmt}|{mgmt_gateway})\b",
        "a route to the management network",
        top_level=True,
    ),
    LineRule(
        r"^(authentication-mode|set authentication|user privilege|protocol inbound|acl )",
        "vty/console authentication",
        r"^user-interface ",
    ),
    LineRule(r"^user-interface ", "a vty/console line", top_level=True),
    LineRule(
        r"^(authentication-scheme|authorization-scheme|accounting-scheme|domain)\b",
        "an AAA domain or scheme",
        r"^aaa$",
    ),
    LineRule(r"^local-user {login} ", "the account the push logs in with", r"^aaa$"),
    LineRule(r"^ssh user {login}\b", "the account the push logs in with", top_level=True),
    LineRule(
        r"^(ssh server|ssh server-source|stelnet server|ssh authorization-type)\b",
        "SSH server permissions or source",
        top_level=True,
    ),
    LineRule(r"^aaa$", "the AAA configuration", top_level=True),
)

PROTECTED: dict[Platform, tuple[LineRule, ...]] = {
    Platform.HUAWEI_VRP: _VRP_PROTECTED,
    Platform.HUAWEI_VRPV8: _VRP_PROTECTED,
    Platform.HUAWEI_SMARTAX: (
        LineRule(r"^interface {mgmt}$", "the management interface", top_level=True),
        LineRule(r".", "a line of the management interface", r"^interface {mgmt}$"),
        LineRule(
            r"^ip route-static 0\.0\.0\.0 0\.0\.0\.0 ",
            "the management default route",
            top_level=True,
        ),
        LineRule(
            r"^ip route-static .*\b{mgmt_gateway}\b",
            "a route to the management network",
            top_level=True,
        ),
        LineRule(
            r"^sysman (server source|service)\b",
            "management service source or permission",
            top_level=True,
        ),
        LineRule(
            r"^ssh (server|user {login}\b)", "the SSH server or the push's account", top_level=True
        ),
        LineRule(
            r"^terminal user name {login}\b", "the account the push logs in with", top_level=True
        ),
    ),
}
"""Lines a remediation may not remove or change unless the model states the new value."""

UNIQUE: dict[Platform, tuple[UniqueRule, ...]] = {
    Platform.HUAWEI_VRP: (
        UniqueRule(
            "sub-interface VLAN",
            re.compile(r"^interface (?P<port>\S+)\.\d+$"),
            re.compile(r"^dot1q termination vid (?P<value>\d+)"),
        ),
    ),
    Platform.HUAWEI_VRPV8: (
        UniqueRule(
            "sub-interface VLAN",
            re.compile(r"^interface (?P<port>\S+)\.\d+$"),
            re.compile(r"^vlan-type dot1q (?P<value>\d+)"),
        ),
    ),
    Platform.HUAWEI_SMARTAX: (
        UniqueRule(
            "ONT GEM port",
            re.compile(
                r"^service-port \d+ vlan \d+ gpon (?P<port>\S+) ont (?P<value>\d+ gemport \d+)"
            ),
        ),
    ),
}
"""Attributes no two objects share: the model wanting one used otherwise is a conflict."""

_BFD_NAME = r"(?:[a-z0-9]+(?:-\d+)+|bfd[0-9a-f]{12})"
_VRP_NAMES = (
    re.compile(r"^traffic (classifier|behavior|policy) medinfra-\S+"),
    re.compile(rf"^bfd {_BFD_NAME} bind "),
    re.compile(rf"^ip route-static .* track bfd-session {_BFD_NAME}$"),
)
_SMARTAX_NAMES = (
    re.compile(r'^dba-profile add profile-id \d+ profile-name "dba_\d+"'),
    re.compile(r'^ont-lineprofile gpon profile-id \d+ profile-name "line_\d+"$'),
    re.compile(r'^ont-srvprofile gpon profile-id \d+ profile-name "srv_\d+"$'),
)
NAMES: dict[Platform, tuple[re.Pattern[str], ...]] = {
    Platform.HUAWEI_VRP: _VRP_NAMES,
    Platform.HUAWEI_VRPV8: _VRP_NAMES,
    Platform.HUAWEI_SMARTAX: _SMARTAX_NAMES,
}
"""medinfra's own names: QoS objects ``medinfra-*``, BFD sessions named after their
sub-interface (``ge0-0-1-301``) and the routes tracking them, PON profiles ``dba_N``,
``line_N``, ``srv_N``."""

SCOPES: dict[Platform, PlatformScope] = {
    Platform.HUAWEI_VRP: PlatformScope(
        _VRP_KEYS,
        KEEP[Platform.HUAWEI_VRP],
        PROTECTED[Platform.HUAWEI_VRP],
        UNIQUE[Platform.HUAWEI_VRP],
        NAMES[Platform.HUAWEI_VRP],
    ),
    Platform.HUAWEI_VRPV8: PlatformScope(
        _VRP_KEYS,
        KEEP[Platform.HUAWEI_VRPV8],
        PROTECTED[Platform.HUAWEI_VRPV8],
        UNIQUE[Platform.HUAWEI_VRPV8],
        NAMES[Platform.HUAWEI_VRPV8],
    ),
    Platform.HUAWEI_SMARTAX: PlatformScope(
        _SMARTAX_KEYS,
        KEEP[Platform.HUAWEI_SMARTAX],
        PROTECTED[Platform.HUAWEI_SMARTAX],
        UNIQUE[Platform.HUAWEI_SMARTAX],
        NAMES[Platform.HUAWEI_SMARTAX],
    ),
}
"""The scope of each platform (to move into ``medinfra.platforms`` with the other facts)."""


def line_key(scope: PlatformScope, text: str, parent: str | None) -> tuple[str, ...]:
    """The key of a line: the first rule that reads it, else the line itself.

    Examples:
        >>> line_key(SCOPES[Platform.HUAWEI_SMARTAX],
        ...     'ont add 0 3 sn-auth "48575443A4C123B1" omci', "interface gpon 0/1")
        ('ont', '0', '3')
        >>> line_key(SCOPES[Platform.HUAWEI_VRP], "lldp enable", None)
        ('line', 'lldp enable')
    """
    for rule in scope.keys:
        key = rule.key(text, parent)
        if key is not None:
            return key
    return ("line", text)


def key_rule(scope: PlatformScope, text: str, parent: str | None) -> KeyRule | None:
    """The rule that reads a line's key (None for a line keyed by its text)."""
    return next((rule for rule in scope.keys if rule.key(text, parent) is not None), None)
