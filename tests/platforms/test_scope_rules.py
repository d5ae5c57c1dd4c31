"""Each kept-line and protected-object rule of each platform's scope, with a line it holds and
a neighbouring line it must not hold. A rule added without a case fails
``test_every_scope_rule_has_a_case``."""

from typing import Any, NamedTuple

import pytest

from medinfra.model import Platform
from medinfra.platforms import platform_for

VRP, SMARTAX = Platform.HUAWEI_VRP, Platform.HUAWEI_SMARTAX
NAMES = {"mgmt": "GigabitEthernet0/0/0", "mgmt_gateway": "10.250.10.254", "login": "netops"}
SX_NAMES = {**NAMES, "mgmt": "MEth0", "mgmt_gateway": "10.250.20.254"}


class Case(NamedTuple):
    platform: Platform
    kind: str
    index: int
    parent: str | None
    line: str
    not_line: str
    not_parent: str | None = None


def _rule(case: Case) -> Any:
    return getattr(platform_for(case.platform).scope, case.kind)[case.index]


IF = "interface GigabitEthernet0/0/1"
UI = "user-interface vty 0 4"
CASES = [
    Case(VRP, "keep", 0, None, "ntp-service server disable", "ntp-service unicast-server 1.1.1.1"),
    Case(VRP, "keep", 1, None, "snmp-agent local-engineid 800007DB03", "snmp-agent"),
    Case(VRP, "keep", 2, IF, "undo shutdown", "shutdown"),
    Case(VRP, "keep", 3, IF, "ip address 10.0.0.1 255.255.255.0", "description x"),
    Case(VRP, "keep", 4, IF, "nat outbound 3001", "description nat", "aaa"),
    Case(VRP, "protected", 0, None, "interface GigabitEthernet0/0/0", IF),
    Case(VRP, "protected", 1, "interface GigabitEthernet0/0/0", "ip address 1.1.1.1 24", "x", IF),
    Case(VRP, "protected", 2, None, "ip vpn-instance __LOCAL_OAM_VPN__", "ip vpn-instance A"),
    Case(
        VRP,
        "protected",
        3,
        None,
        "ip route-static 0.0.0.0 0.0.0.0 10.0.10.2",
        "ip route-static 10.0.0.0 255.0.0.0 10.0.10.2",
    ),
    Case(
        VRP,
        "protected",
        4,
        None,
        "ip route-static 10.250.0.0 255.255.0.0 10.250.10.254",
        "ip route-static 10.250.0.0 255.255.0.0 10.250.10.253",
    ),
    Case(VRP, "protected", 5, UI, "authentication-mode aaa", "idle-timeout 10"),
    Case(VRP, "protected", 6, None, "user-interface con 0", "undo user-interface-x"),
    Case(VRP, "protected", 7, "aaa", "domain default_admin", "local-user a level 1"),
    Case(VRP, "protected", 8, "aaa", "local-user netops level 3", "local-user netopsx level 3"),
    Case(VRP, "protected", 9, None, "ssh user netops service-type stelnet", "ssh user netopsx"),
    Case(VRP, "protected", 10, None, "ssh server-source all-interface", "ssh client first-time"),
    Case(VRP, "protected", 11, None, "aaa", "aaa-x"),
    Case(SMARTAX, "keep", 0, None, "sysman service telnet disable", "sysman service telnet"),
    Case(SMARTAX, "keep", 1, None, "snmp-agent local-engineid 800007DB03", "snmp-agent"),
    Case(SMARTAX, "keep", 2, "interface MEth0", "ip address 10.0.0.1 255.255.255.0", "x"),
    Case(
        SMARTAX,
        "keep",
        3,
        "interface gpon 0/1",
        "ont port native-vlan 2 0 eth 1 vlan 200 priority 0",
        "ont add 2 0 sn-auth x",
    ),
    Case(SMARTAX, "protected", 0, None, "interface meth0", "interface gpon 0/1"),
    Case(SMARTAX, "protected", 1, "interface MEth0", "ip address 1.1.1.1 24", "x", "interface x"),
    Case(
        SMARTAX,
        "protected",
        2,
        None,
        "ip route-static 0.0.0.0 0.0.0.0 10.250.20.254",
        "ip route-static 10.0.0.0 255.0.0.0 10.0.0.1",
    ),
    Case(
        SMARTAX,
        "protected",
        3,
        None,
        "ip route-static 10.250.0.0 255.255.0.0 10.250.20.254",
        "ip route-static 10.250.0.0 255.255.0.0 10.250.20.1",
    ),
    Case(SMARTAX, "protected", 4, None, "sysman server source ssh meth 0", "sysname X"),
    Case(SMARTAX, "protected", 5, None, 'ssh user "netops" authentication-type password', "ssh x"),
    Case(SMARTAX, "protected", 6, None, "terminal user name netops", "terminal user name ops"),
]


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c.platform.value}:{c.kind}[{c.index}]:{c.line}"
)
def test_rule(case: Case) -> None:
    rule = _rule(case)
    names = SX_NAMES if case.platform is SMARTAX else NAMES
    assert rule.reason
    assert rule.applies(case.line, case.parent, names)
    assert not rule.applies(case.not_line, case.not_parent or case.parent, names)


def test_every_scope_rule_has_a_case() -> None:
    covered = {id(_rule(case)) for case in CASES}
    for platform in (VRP, SMARTAX):
        scope = platform_for(platform).scope
        missing = [rule for rule in (*scope.keep, *scope.protected) if id(rule) not in covered]
        assert missing == [], platform
    assert platform_for(Platform.HUAWEI_VRPV8).scope.protected is platform_for(VRP).scope.protected
