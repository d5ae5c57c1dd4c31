"""The scope of Huawei SmartAX (MA5800): which lines medinfra owns, keeps, protects.

See :mod:`medinfra.platforms.scope` for what each part means.
"""

import re

from medinfra.platforms.scope import DEVICE_LINES, LineRule, PlatformScope, UniqueRule, rule

_SMARTAX_KEYS = (
    rule("sysname", r"^sysname\b"),
    rule("interface", r"^interface (\S+(?: \S+)?)$"),
    rule(
        "ont",
        r'^ont add (\d+) (\d+) sn-auth "?(?P<identity>[^" ]+)',
        r"^interface gpon ",
        "identity",
    ),
    rule("autofind", r"^port (\d+) ont-auto-find\b", r"^interface gpon "),
    rule("address", r"^ip address \S+ \S+$", r"^interface "),
    rule(
        "service-port",
        r"^service-port (\d+) (?P<identity>vlan \d+ gpon \S+ ont \d+ gemport \d+)",
        None,
        "identity",
    ),
    rule("vlan", r"^vlan (\d+) (?P<identity>smart|mux|standard)$", None, "identity"),
    rule(
        "dba",
        r'^dba-profile add profile-id (\d+) profile-name "?(?P<identity>[^" ]+)',
        None,
        "identity",
    ),
    rule(
        "line-profile",
        r'^ont-lineprofile gpon profile-id (\d+) profile-name "?(?P<identity>[^" ]+)',
        None,
        "identity",
    ),
    rule(
        "srv-profile",
        r'^ont-srvprofile gpon profile-id (\d+) profile-name "?(?P<identity>[^" ]+)',
        None,
        "identity",
    ),
    rule("route", r"^ip route-static (\S+ \S+ \S+)"),
    rule("loghost", r"^loghost (add|activate ip) (\S+)"),
    rule("syslog", r"^syslog (?:enable|disable) (alarm-event)$"),
    rule("ntp", r"^ntp-service unicast-server (\S+)"),
    rule("snmp-user", r"^snmp-agent usm-user v3 (\S+) (group|authentication-mode|privacy-mode)"),
    rule("snmp-group", r"^snmp-agent group v3 (\S+)"),
    rule("snmp-target", r"^snmp-agent target-host trap address udp-domain (\S+)"),
    rule("tcont", r"^tcont (\d+)\b", r"^ont-lineprofile "),
    rule("gem", r"^gem (add|mapping) (\d+)\b", r"^ont-lineprofile "),
    rule("ont-port", r"^ont-port eth\b", r"^ont-srvprofile "),
    rule("port-vlan", r"^port vlan eth (\d+)\b", r"^ont-srvprofile "),
    rule("omcc", r"^(omcc encrypt)\b", r"^ont-lineprofile "),
    rule("sysman", r"^sysman service (\S+)"),
    rule("sysman-source", r"^sysman server source (\S+)"),
    rule("vlan-desc", r"^vlan desc (\d+)"),
    rule("snmp-view", r"^snmp-agent mib-view \S+ (\S+)"),
    rule("native-vlan", r"^ont port native-vlan (\d+) (\d+) eth (\d+)", r"^interface gpon "),
)
"""How SmartAX lines are keyed: ONTs by port and id (the serial is their identity), profiles
and service-ports by number (their name or binding is their identity), VLANs by number."""

KEEP = (
    *DEVICE_LINES,
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
)
"""Removals never sent on SmartAX."""

PROTECTED = (
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
        r"^ssh (server|user \"?{login}\"?(\s|$))",
        "the SSH server or the push's account",
        top_level=True,
    ),
    LineRule(
        r"^terminal user name \"?{login}\"?(\s|$)",
        "the account the push logs in with",
        top_level=True,
    ),
)
"""Lines a SmartAX remediation may not remove or change unless the model states the value."""

_SMARTAX_NAMES = (
    re.compile(r'^dba-profile add profile-id \d+ profile-name "dba_\d+"'),
    re.compile(r'^ont-lineprofile gpon profile-id \d+ profile-name "line_\d+"$'),
    re.compile(r'^ont-srvprofile gpon profile-id \d+ profile-name "srv_\d+"$'),
)
"""medinfra's own names on SmartAX: the ``dba_N``, ``line_N``, ``srv_N`` profiles."""

REMOVE_ORDER = (
    (r"^undo service-port ", 10),
    (r"^ont delete ", 20),
    (r"^undo ont-(line|srv)profile ", 30),
    (r"^dba-profile delete ", 40),
    (r"^undo port vlan ", 50),
    (r"^undo vlan ", 60),
)
"""Removal weights: service-ports, ONTs, profiles, DBA profiles, port VLANs, VLANs."""

ADD_ORDER = (
    (r"^dba-profile add ", 100),
    (r"^ont-(line|srv)profile ", 110),
    (r"^vlan ", 120),
    (r"^port vlan ", 130),
    (r"^interface gpon ", 140),
    (r"^service-port ", 150),
)
"""Addition weights: DBA profiles, profiles, VLANs, ONTs, service-ports."""

SCOPE = PlatformScope(
    _SMARTAX_KEYS,
    KEEP,
    PROTECTED,
    (
        UniqueRule("VLAN", re.compile(r"^vlan (?P<value>\d+) (smart|mux|standard)$")),
        UniqueRule("VLAN", re.compile(r"^service-port \d+ vlan (?P<value>\d+) ")),
        UniqueRule(
            "ONT GEM port",
            re.compile(
                r"^service-port \d+ vlan \d+ gpon (?P<port>\S+) ont (?P<value>\d+ gemport \d+)"
            ),
        ),
    ),
    _SMARTAX_NAMES,
    REMOVE_ORDER,
    ADD_ORDER,
)
"""The SmartAX scope."""
