"""The scope of Huawei VRP (and VRPv8): which lines medinfra owns, keeps, protects.

See :mod:`medinfra.platforms.scope` for what each part means.
"""

import re
from dataclasses import replace

from medinfra.platforms.scope import (
    ANY_PARENT,
    DEVICE_LINES,
    FOREIGN_FEATURES,
    LineRule,
    PlatformScope,
    UniqueRule,
    rule,
)

ROUTE_OPTIONS = (
    r"preference|track|description|tag|permanent|no-advertise|no-install|inherit-cost|bfd"
)
"""The words after a static route's next hop: attributes of the route, not part of which route
it is (re-entering a route with another preference or tracking changes that route)."""

_WHICH_ROUTE = rf"(?:vpn-instance \S+ )?\S+ \S+ \S+(?: (?!(?:{ROUTE_OPTIONS})\b)\S+)*"
ROUTE = f"ip route-static {_WHICH_ROUTE}"
ROUTE_KEY = f"^ip route-static ({_WHICH_ROUTE})"
"""Which static route a line is, public or of a vpn-instance alike: the instance, prefix, mask
and next hop (an interface, an address, or both). A device holds as many routes to one prefix
as it has next hops; the model owns only the ones it states, and the ``undo`` form names the
same words (:mod:`medinfra.platforms.drivers.huawei_vrp`)."""

BGP_KEYS = (
    rule(
        "bgp",
        r"^bgp (?P<identity>\S+)$",
        identity="identity",
        conflict="the device runs BGP in AS {theirs}, the model's edges in AS {ours} "
        "(data_centres.as_number); a device runs one BGP process and medinfra never sends "
        "'undo bgp': set data_centres.as_number to {theirs} if the edges are to share it, or "
        "leave this device out",
    ),
    rule(
        "bgp-peer",
        r"^peer (\S+) as-number (?P<identity>\S+)$",
        r"^bgp ",
        identity="identity",
        conflict="the device peers with that address in AS {theirs}, the model in AS {ours}",
    ),
    rule("bgp-family", r"^(ipv4-family unicast)$", r"^bgp "),
    rule("setting", r"^(undo synchronization)$", r"^ipv4-family unicast$"),
    rule(
        "bgp-import",
        r"^import-route (static)(?P<identity>.*)$",
        r"^ipv4-family unicast$",
        identity="identity",
        conflict="the device imports static routes into BGP as 'import-route static{theirs}', "
        "the model as 'import-route static{ours}' (one import of static routes per address "
        "family): the device's import would change",
    ),
    rule("bgp-peer-family", r"^peer (\S+) (enable|advertise-community)$", r"^ipv4-family unicast$"),
    rule("route-policy", r"^route-policy (\S+) \S+ node (\d+)$"),
    rule("setting", r"^(if-match tag|apply community)\b", r"^route-policy "),
)
"""What medinfra owns of a device's BGP: the process (its AS is its identity: a device with
BGP in another AS is refused, never ``undo bgp``), its peers on the data centres' handoff
subnets (a peer in another AS is a conflict), the IPv4 unicast family's ``import-route static``
(another import of static routes is a conflict) and those peers' lines there, and its own
route-policy. The device's other peers, families, ``router-id`` and policies are not its."""

_VRP_KEYS = (
    rule("sysname", r"^sysname\b"),
    rule("header", r"^header (login|shell)\b"),
    rule("interface", r"^interface (\S+)$"),
    rule("acl", r"^acl number (\d+)"),
    rule("traffic", r"^traffic (classifier|behavior|policy) (\S+)"),
    rule("bfd-session", r"^bfd (\S+) bind\b"),
    rule("route", ROUTE_KEY),
    rule("loghost", r"^info-center loghost (\S+)"),
    rule("ntp", r"^ntp-service unicast-server (\S+)"),
    rule("snmp-user", r"^snmp-agent usm-user v3 (\S+) (group|authentication-mode|privacy-mode)"),
    rule("snmp-group", r"^snmp-agent group v3 (\S+)"),
    rule("snmp-target", r"^snmp-agent target-host trap address udp-domain (\S+)"),
    rule("ssh-user", r"^ssh user (\S+)(?: (authentication-type|service-type))?"),
    rule("clock", r"^clock (timezone)\b"),
    rule("telnet", r"^(?:undo )?(telnet server) enable$"),
    rule(
        "ssh-server",
        r"^(ssh server-source|ssh server (?:acl|cipher|hmac|key-exchange|dh-exchange min-len"
        r"|permit interface))\b",
    ),
    rule("snmp-view", r"^snmp-agent mib-view \S+ (\S+)"),
    rule("snmp-trap", r"^snmp-agent trap (source|enable)\b"),
    rule("lockout", r"^(local-aaa-user wrong-password)\b", r"^aaa$"),
    rule("flow-queue", r"^flow-queue (\S+)"),
    rule("setting", r"^(queue \S+)", r"^flow-queue "),
    rule("setting", r"^(qos lr outbound|trust|user-queue)\b", r"^interface "),
    rule("user-interface", r"^user-interface (.+)$"),
    rule("local-user", r"^local-user (\S+) (password|privilege|level|service-type)", r"^aaa$"),
    rule(
        "setting",
        r"^(description|traffic-policy \S+|dot1q termination vid|vlan-type dot1q)\b",
        ANY_PARENT,
    ),
    rule("address", r"^ip address \S+ \S+$", r"^interface "),
    rule(
        "setting",
        r"^(discriminator local|discriminator remote|min-tx-interval|min-rx-interval)\b",
        r"^bfd ",
    ),
    rule("acl-rule", r"^rule (\d+)\b", r"^acl "),
    rule("setting", r"^(authentication-mode|protocol inbound)\b", r"^user-interface "),
    rule("acl-bind", r"^acl (?:ipv6 )?\d+ (inbound|outbound)$", r"^user-interface "),
    rule("setting", r"^(remark dscp|queue \S+|if-match acl)\b", r"^traffic "),
    rule("classifier", r"^classifier (\S+)", r"^traffic policy "),
    *BGP_KEYS,
)
"""How VRP lines are keyed: objects by their name or number, settings by their keyword."""

KEEP = (
    *DEVICE_LINES,
    LineRule(r"^undo shutdown$", "its negation is `shutdown`: the port would go down"),
    LineRule(
        r"^ip address ",
        "an interface's address is only replaced, never removed",
        r"^interface ",
    ),
    LineRule(FOREIGN_FEATURES, "a line of a feature the model does not describe", r"^interface "),
)
"""Removals never sent on VRP: the line stays and is listed as kept, with the reason."""

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
    LineRule(r"^local-user \"?{login}\"? ", "the account the push logs in with", r"^aaa$"),
    LineRule(r"^ssh user \"?{login}\"?(\s|$)", "the account the push logs in with", top_level=True),
    LineRule(
        r"^(ssh server|ssh server-source|stelnet server|ssh authorization-type)\b",
        "SSH server permissions or source",
        top_level=True,
    ),
    LineRule(r"^aaa$", "the AAA configuration", top_level=True),
)
"""Lines a VRP remediation may not remove or change unless the model states the new value."""

_BFD_NAME = r"(?:[a-z0-9]+(?:-\d+)+|bfd[0-9a-f]{12})"
_VRP_NAMES = (
    re.compile(r"^traffic (classifier|behavior|policy) medinfra-\S+"),
    re.compile(rf"^bfd {_BFD_NAME} bind "),
    re.compile(rf"^ip route-static .* track bfd-session {_BFD_NAME}$"),
    re.compile(r"^route-policy medinfra-\S+ "),
)
"""medinfra's own names on VRP: QoS objects ``medinfra-*``, BFD sessions named after their
sub-interface (``ge0-0-1-301``) and the routes tracking them."""

REMOVE_ORDER = (
    (r"^undo ip route-static ", 10),
    (r"^undo bfd \S+", 20),
    (r"^undo traffic-policy ", 25),
    (r"^undo traffic policy ", 30),
    (r"^undo traffic (classifier|behavior) ", 35),
    (r"^undo interface \S+\.\d+$", 40),
    (r"^undo acl ", 80),
)
"""Removal weights: the route before its BFD session, a port's policy before the policy; an
ACL after every other removal (after :data:`~medinfra.platforms.scope.OTHER_REMOVAL`), since
interfaces, user-interfaces and services that name it are unbound first."""

ADD_ORDER = (
    (r"^route-policy ", 85),
    (r"^bfd$", 90),
    (r"^acl ", 100),
    (r"^traffic (classifier|behavior) ", 110),
    (r"^traffic policy ", 120),
    (r"^interface ", 130),
    (r"^bfd \S+ bind ", 140),
    (r"^ip route-static ", 150),
)
"""Addition weights: BFD and ACLs before what uses them, routes last."""

SCOPE = PlatformScope(
    _VRP_KEYS,
    KEEP,
    _VRP_PROTECTED,
    (
        UniqueRule(
            "sub-interface VLAN",
            re.compile(r"^interface (?P<port>\S+)\.\d+$"),
            re.compile(r"^dot1q termination vid (?P<value>\d+)"),
        ),
    ),
    _VRP_NAMES,
    REMOVE_ORDER,
    ADD_ORDER,
)
"""The VRP scope."""

SCOPE_V8 = replace(
    SCOPE,
    unique=(
        UniqueRule(
            "sub-interface VLAN",
            re.compile(r"^interface (?P<port>\S+)\.\d+$"),
            re.compile(r"^vlan-type dot1q (?P<value>\d+)"),
        ),
    ),
)
"""The VRPv8 scope: VRP's, with ``vlan-type dot1q`` as the sub-interface VLAN."""
