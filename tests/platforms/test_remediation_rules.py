"""Each remediation rule of each driver, seen at the remediation boundary (text in, lines out).

Every rule the drivers carry has a case here: a rule added without one fails
``test_every_driver_rule_has_a_case``; every removal weight of a platform's scope (the one
home of the order, which the platforms give their drivers) is exercised by a case:
``test_every_removal_weight_has_a_case``.
"""

import re
from typing import Any, NamedTuple

import pytest

from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.platforms.drivers import huawei_smartax as smartax
from medinfra.platforms.drivers import huawei_vrp as vrp
from medinfra.platforms.ordering import ordering_rules
from medinfra.platforms.scopes import huawei_smartax as smartax_scope
from medinfra.platforms.scopes import huawei_vrp as vrp_scope
from medinfra.push.remediation import remediation

VRP, SMARTAX = Platform.HUAWEI_VRP, Platform.HUAWEI_SMARTAX


class Case(NamedTuple):
    rule: Any
    platform: Platform
    running: str
    intended: str
    commands: tuple[str, ...]


def idempotent(driver: Any, index: int, platform: Platform, old: str, new: str, parent: str = ""):
    """A value changed in place: only the new line, no ``undo`` of the old one."""
    indent = " " if parent else ""
    head = f"{parent}\n" if parent else ""
    tail = ("quit",) if parent else ()
    return Case(
        driver.IDEMPOTENT_COMMANDS[index],
        platform,
        f"{head}{indent}{old}\n",
        f"{head}{indent}{new}\n",
        ((parent,) if parent else ()) + (new,) + tail,
    )


IF = "interface GigabitEthernet0/0/1"
UI = "user-interface vty 0 4"
CASES = [
    Case(
        vrp.NEGATION_SUB[0],
        VRP,
        'header login information "Authorised staff only"\n',
        "",
        ("undo header login",),
    ),
    Case(
        vrp.NEGATION_SUB[1],
        VRP,
        "bfd ge0-0-1-101 bind peer-ip 10.0.1.2 source-ip 10.0.1.1\n discriminator local 10\n",
        "",
        ("undo bfd ge0-0-1-101",),
    ),
    Case(
        vrp.NEGATION_SUB[2],
        VRP,
        "ip route-static 0.0.0.0 0.0.0.0 10.0.1.2 preference 70 track bfd-session b1\n",
        "",
        ("undo ip route-static 0.0.0.0 0.0.0.0 10.0.1.2",),
    ),
    Case(
        vrp.NEGATION_SUB[-1],
        Platform.HUAWEI_VRPV8,
        "ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254"
        " description oam\n",
        "",
        ("undo ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254",),
    ),
    Case(
        vrp.NEGATION_SUB[3],
        VRP,
        "traffic classifier medinfra-ef operator or\n if-match acl 3001\n",
        "",
        ("undo traffic classifier medinfra-ef",),
    ),
    idempotent(vrp, 0, VRP, "sysname OLD", "sysname NEW"),
    idempotent(vrp, 1, VRP, 'header shell information "a"', 'header shell information "b"'),
    idempotent(
        vrp, 2, VRP, "snmp-agent sys-info location Ward 3", "snmp-agent sys-info location W4"
    ),
    idempotent(vrp, 3, VRP, "clock timezone BJ add 08:00:00", "clock timezone CST add 08:00:00"),
    idempotent(vrp, 4, VRP, "description old", "description new", IF),
    idempotent(
        vrp,
        5,
        VRP,
        "ip address 10.0.0.1 255.255.255.252",
        "ip address 10.0.0.5 255.255.255.252",
        IF,
    ),
    idempotent(vrp, 6, VRP, "mtu 1500", "mtu 9000", IF),
    idempotent(vrp, 7, VRP, "bandwidth 100", "bandwidth 1000", IF),
    idempotent(
        vrp, 8, VRP, "local-user ops privilege level 3", "local-user ops privilege level 15", "aaa"
    ),
    idempotent(
        vrp, 9, VRP, "ssh server dh-exchange min-len 2048", "ssh server dh-exchange min-len 3072"
    ),
    idempotent(vrp, 10, VRP, "ssh server-source all-interface", "ssh server-source -i GE0/0/0"),
    idempotent(vrp, 11, VRP, "snmp-agent trap source GE0/0/1", "snmp-agent trap source GE0/0/0"),
    idempotent(
        vrp,
        12,
        VRP,
        "local-aaa-user wrong-password retry-interval 5 retry-time 3 block-time 5",
        "local-aaa-user wrong-password retry-interval 5 retry-time 5 block-time 30",
        "aaa",
    ),
    idempotent(vrp, 13, VRP, "qos lr outbound cir 100000", "qos lr outbound cir 10000", IF),
    idempotent(
        vrp,
        14,
        VRP,
        "user-queue cir 10000 pir 10000 flow-queue medinfra-wan outbound",
        "user-queue cir 20000 pir 20000 flow-queue medinfra-wan outbound",
        IF,
    ),
    idempotent(vrp, 15, VRP, "authentication-mode password", "authentication-mode aaa", UI),
    idempotent(vrp, 16, VRP, "protocol inbound all", "protocol inbound ssh", UI),
    idempotent(vrp, 17, VRP, "user privilege level 3", "user privilege level 15", UI),
    idempotent(vrp, 18, VRP, "idle-timeout 35791 0", "idle-timeout 10 0", UI),
    idempotent(vrp, 19, VRP, "acl 2999 inbound", "acl 2000 inbound", UI),
    Case(
        "order",
        VRP,
        f"traffic policy P1\n classifier C1 behavior B1\n{IF}\n traffic-policy P1 outbound\n",
        f"{IF}\n",
        (IF, "undo traffic-policy P1 outbound", "quit", "undo traffic policy P1"),
    ),
    Case(
        "order",
        VRP,
        "traffic classifier C1\n if-match any\ntraffic behavior B1\n remark dscp ef\n"
        "traffic policy P1\n classifier C1 behavior B1\n",
        "",
        ("undo traffic policy P1", "undo traffic classifier C1", "undo traffic behavior B1"),
    ),
    Case(
        "order",
        VRP,
        f"acl number 2000\n rule 5 permit source 10.0.0.0 0.0.0.255\n{IF}\n"
        " traffic-filter inbound acl 2000\n",
        f"{IF}\n",
        (IF, "undo traffic-filter inbound acl 2000", "quit", "undo acl number 2000"),
    ),
    Case(
        smartax.NEGATION_SUB[0],
        SMARTAX,
        'interface gpon 0/1\n ont add 0 3 sn-auth "48575443A4C123B1" omci ont-lineprofile-id 21\n',
        "interface gpon 0/1\n",
        ("interface gpon 0/1", "ont delete 0 3", "quit"),
    ),
    Case(
        smartax.NEGATION_SUB[1],
        SMARTAX,
        'dba-profile add profile-id 10 profile-name "dba_10" type4 max 1024000\n',
        "",
        ("dba-profile delete profile-id 10",),
    ),
    Case(
        smartax.NEGATION_SUB[2],
        SMARTAX,
        "service-port 7 vlan 99 gpon 0/1/0 ont 1 gemport 21 multi-service user-vlan 99\n",
        "",
        ("undo service-port 7",),
    ),
    Case(smartax.NEGATION_SUB[3], SMARTAX, "vlan 99 smart\n", "", ("undo vlan 99",)),
    Case(
        smartax.NEGATION_SUB[4],
        SMARTAX,
        'ont-srvprofile gpon profile-id 21 profile-name "SRV_21"\n ont-port eth 4\n',
        "",
        ("undo ont-srvprofile gpon profile-id 21",),
    ),
    Case(
        smartax.NEGATION_SUB[5], SMARTAX, "vlan 200 to 201 smart\n", "", ("undo vlan 200 to 201",)
    ),
    Case(
        smartax.SECTIONAL_EXITING[0],
        SMARTAX,
        'ont-lineprofile gpon profile-id 21 profile-name "L"\n tcont 1 dba-profile-id 10\n',
        'ont-lineprofile gpon profile-id 21 profile-name "L"\n tcont 1 dba-profile-id 11\n',
        (
            'ont-lineprofile gpon profile-id 21 profile-name "L"',
            "undo tcont 1 dba-profile-id 10",
            "tcont 1 dba-profile-id 11",
            "commit",
            "quit",
        ),
    ),
    Case(
        "order",
        SMARTAX,
        'interface gpon 0/1\n ont add 0 1 sn-auth "48575443F5E5A8AC" omci\n'
        "service-port 7 vlan 99 gpon 0/1/0 ont 1 gemport 21 multi-service user-vlan 99\n",
        "interface gpon 0/1\n",
        ("undo service-port 7", "interface gpon 0/1", "ont delete 0 1", "quit"),
    ),
    Case(
        "order",
        SMARTAX,
        'ont-lineprofile gpon profile-id 21 profile-name "L"\n tcont 1 dba-profile-id 10\n'
        'interface gpon 0/1\n ont add 0 1 sn-auth "48575443F5E5A8AC" omci ont-lineprofile-id 21\n',
        "interface gpon 0/1\n",
        (
            "interface gpon 0/1",
            "ont delete 0 1",
            "quit",
            "undo ont-lineprofile gpon profile-id 21",
        ),
    ),
    Case(
        "order",
        SMARTAX,
        'dba-profile add profile-id 10 profile-name "d" type4 max 1024\n'
        'ont-lineprofile gpon profile-id 21 profile-name "L"\n tcont 1 dba-profile-id 10\n',
        "",
        ("undo ont-lineprofile gpon profile-id 21", "dba-profile delete profile-id 10"),
    ),
    Case(
        "order",
        SMARTAX,
        "vlan 99 smart\n"
        "service-port 7 vlan 99 gpon 0/1/0 ont 1 gemport 21 multi-service user-vlan 99\n",
        "",
        ("undo service-port 7", "undo vlan 99"),
    ),
    Case(
        "order",
        VRP,
        "bfd ge0-0-1-101 bind peer-ip 10.0.0.2 source-ip 10.0.0.1\n discriminator local 1\n"
        "ip route-static 10.1.0.0 255.255.0.0 10.0.0.2 track bfd-session ge0-0-1-101\n",
        "",
        ("undo ip route-static 10.1.0.0 255.255.0.0 10.0.0.2", "undo bfd ge0-0-1-101"),
    ),
    Case(
        "order",
        VRP,
        "interface GigabitEthernet0/0/1.101\n dot1q termination vid 101\n"
        "acl number 3001\n rule 5 permit ip\n",
        "",
        ("undo interface GigabitEthernet0/0/1.101", "undo acl number 3001"),
    ),
    Case(
        "order",
        SMARTAX,
        "vlan 99 smart\nport vlan 99 0/3 0\n",
        "",
        ("undo port vlan 99 0/3 0", "undo vlan 99"),
    ),
    idempotent(smartax, 0, SMARTAX, "sysname OLD", "sysname NEW"),
    idempotent(
        smartax,
        1,
        SMARTAX,
        "ip address 10.0.0.1 255.255.255.0",
        "ip address 10.0.0.2 255.255.255.0",
        "interface MEth0",
    ),
]


@pytest.mark.parametrize(
    "case", CASES, ids=lambda case: f"{case.platform.value}:{case.commands[0]}"
)
def test_rule(case: Case) -> None:
    assert remediation(case.platform, case.running, case.intended).commands == case.commands


def test_every_driver_rule_has_a_case() -> None:
    rules = [
        *vrp.NEGATION_SUB,
        *vrp.IDEMPOTENT_COMMANDS,
        *smartax.NEGATION_SUB,
        *smartax.SECTIONAL_EXITING,
        *smartax.IDEMPOTENT_COMMANDS,
    ]
    covered = {id(case.rule) for case in CASES}
    assert [rule for rule in rules if id(rule) not in covered] == []


@pytest.mark.parametrize(
    ("scope", "platform"), [(vrp_scope.SCOPE, VRP), (smartax_scope.SCOPE, SMARTAX)]
)
def test_every_removal_weight_has_a_case(scope: Any, platform: Platform) -> None:
    """Each removal pattern of the scope orders at least one case's commands."""
    sent = [line for case in CASES if case.platform is platform for line in case.commands]
    unused = [p for p, _ in scope.remove_order if not any(re.match(p, line) for line in sent)]
    assert unused == []


@pytest.mark.parametrize(
    ("platform", "scope"),
    [
        (VRP, vrp_scope.SCOPE),
        (Platform.HUAWEI_VRPV8, vrp_scope.SCOPE_V8),
        (SMARTAX, smartax_scope.SCOPE),
    ],
)
def test_driver_orders_by_the_scope_alone(platform: Platform, scope: Any) -> None:
    """The drivers hold no order of their own (one home: the scope), and the driver a
    platform hands out orders by its scope's weights: hier_config's diff and the commands
    the push sends are weighed by the same table."""
    assert not hasattr(vrp, "ORDERING") and not hasattr(smartax, "ORDERING")
    rules = platform_for(platform).remediation.driver().rules.ordering
    assert rules == list(ordering_rules(scope.remove_order, scope.add_order))
    assert rules, "a platform without an order would send removals in hier_config's order"
