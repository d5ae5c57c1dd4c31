"""Remediation: minimal lines, secrets masked, permanent sections kept, SmartAX views."""

import pytest

from medinfra.model import Platform
from medinfra.platforms.huawei_smartax import normalise as normalise_smartax
from medinfra.push.remediation import remediation, same_config

VRP_RUNNING = """\
!Software Version V300R021C10SPC100
#
 sysname HPPH-CPE-01
#
aaa
 local-user netadmin password irreversible-cipher %^%#0123abcd%^%#
 local-user netadmin privilege level 15
 local-user olduser privilege level 3
#
interface GigabitEthernet0/0/1
 description old uplink
#
interface GigabitEthernet0/0/1.101
 dot1q termination vid 101
 ip address 10.0.1.1 255.255.255.252
#
interface GigabitEthernet0/0/9.999
 dot1q termination vid 999
#
return
"""

VRP_INTENDED = """\
sysname HPPH-CPE-01
aaa
 local-user netadmin password irreversible-cipher <<secret:henan/netadmin>>
 local-user netadmin privilege level 15
interface GigabitEthernet0/0/1
 description PeOTN route A
interface GigabitEthernet0/0/1.101
 dot1q termination vid 101
 ip address 10.0.1.1 255.255.255.252
ntp-service unicast-server 10.255.0.10
"""


def test_vrp_remediation_is_minimal_and_leaves_sub_views():
    """Removals first, then additions, interfaces after the plain lines: the scope's order,
    the same the push sends (one home for the order: :mod:`medinfra.push.order`)."""
    plan = remediation(Platform.HUAWEI_VRP, VRP_RUNNING, VRP_INTENDED)
    assert plan.commands == (
        "undo interface GigabitEthernet0/0/9.999",
        "aaa",
        "undo local-user olduser privilege level 3",
        "quit",
        "ntp-service unicast-server 10.255.0.10",
        "interface GigabitEthernet0/0/1",
        "description PeOTN route A",
        "quit",
    )


def test_stored_cipher_matches_the_placeholder_so_no_endless_diff():
    plan = remediation(Platform.HUAWEI_VRP, VRP_RUNNING, VRP_INTENDED)
    assert "secret" not in plan.diff and "password" not in plan.diff


def test_missing_secret_line_is_pushed_with_its_placeholder():
    running = VRP_RUNNING.replace(
        " local-user netadmin password irreversible-cipher %^%#0123abcd%^%#\n", ""
    )
    plan = remediation(Platform.HUAWEI_VRP, running, VRP_INTENDED)
    assert (
        "local-user netadmin password irreversible-cipher <<secret:henan/netadmin>>"
        in plan.commands
    )


def test_intended_applied_gives_an_empty_remediation():
    applied = VRP_INTENDED.replace("<<secret:henan/netadmin>>", "%^%#ffff%^%#")
    plan = remediation(Platform.HUAWEI_VRP, applied, VRP_INTENDED)
    assert plan.empty and plan.diff == ""


def test_permanent_section_is_emptied_line_by_line_never_undone_whole():
    running = "interface GigabitEthernet0/0/3\n description spare\n shutdown\n"
    plan = remediation(Platform.HUAWEI_VRP, running, "sysname A\n")
    assert plan.commands == (
        "interface GigabitEthernet0/0/3",
        "undo description",
        "undo shutdown",
        "quit",
        "sysname A",
    )


def test_inverse_remediation_restores_the_running_config():
    forward = remediation(Platform.HUAWEI_VRP, VRP_RUNNING, VRP_INTENDED)
    assert not forward.empty
    changed = VRP_INTENDED.replace("<<secret:henan/netadmin>>", "%^%#0123abcd%^%#")
    inverse = remediation(Platform.HUAWEI_VRP, changed, VRP_RUNNING)
    assert "interface GigabitEthernet0/0/9.999" in inverse.commands
    assert "local-user olduser privilege level 3" in inverse.commands
    assert "undo ntp-service unicast-server 10.255.0.10" in inverse.commands


SMARTAX_RUNNING = """\
[MA5800V100R019: 8104]
#
[global-config]
  <global-config>
 sysname UNION-OLT-01
#
[gpon-profile]
 dba-profile add profile-id 10 profile-name "dba_10" type4 max 1024000
 ont-lineprofile gpon profile-id 21 profile-name "LINE_21"
  tcont 1 dba-profile-id 10
 commit
 quit
#
[vlan-config]
 vlan 21 smart
 vlan 99 smart
#
[gpon]
  <gpon-0/1>
 interface gpon 0/1
  ont add 0 0 sn-auth "48575443F5E5A8AB" omci ont-lineprofile-id 21 ont-srvprofile-id 21 desc "ward-3"
  ont add 0 1 sn-auth "48575443F5E5A8AC" omci ont-lineprofile-id 21 ont-srvprofile-id 21 desc "old"
 quit
#
[bbs-config]
 service-port 7 vlan 99 gpon 0/1/0 ont 1 gemport 21 multi-service user-vlan 99
#
return
"""

SMARTAX_INTENDED = """\
sysname UNION-OLT-01
dba-profile add profile-id 10 profile-name "dba_10" type4 max 1024000
ont-lineprofile gpon profile-id 21 profile-name "LINE_21"
 tcont 1 dba-profile-id 10
 gem add 21 eth tcont 1
 commit
 quit
vlan 21 smart
interface gpon 0/1
 ont add 0 0 sn-auth "48575443F5E5A8AB" omci ont-lineprofile-id 21 ont-srvprofile-id 21 desc "ward-3"
 quit
"""


def test_smartax_remediation_uses_its_own_removal_commands_and_view_exits():
    plan = remediation(Platform.HUAWEI_SMARTAX, SMARTAX_RUNNING, SMARTAX_INTENDED)
    assert plan.commands == (
        "undo service-port 7",
        "interface gpon 0/1",
        "ont delete 0 1",
        "quit",
        "undo vlan 99",
        'ont-lineprofile gpon profile-id 21 profile-name "LINE_21"',
        "gem add 21 eth tcont 1",
        "commit",
        "quit",
    )


def test_smartax_dump_and_rendered_config_parse_alike():
    rendered = normalise_smartax(SMARTAX_INTENDED)
    dumped = normalise_smartax(SMARTAX_RUNNING)
    assert " tcont 1 dba-profile-id 10" in rendered.splitlines()
    assert " tcont 1 dba-profile-id 10" in dumped.splitlines()
    assert "[gpon]" not in dumped and "commit" not in dumped and "quit" not in dumped


def test_smartax_without_quit_lines_nests_by_indentation():
    text = "interface gpon 0/1\n port 0 ont-auto-find enable\nvlan 21 smart\n"
    assert (
        normalise_smartax(text) == "interface gpon 0/1\n port 0 ont-auto-find enable\nvlan 21 smart"
    )


SAVED_CASES = [
    ("byte for byte", VRP_RUNNING, True),
    (
        "another software comment",
        VRP_RUNNING.replace("V300R021C10SPC100", "V300R021C10SPC200"),
        True,
    ),
    (
        "a section moved",
        VRP_RUNNING.replace(
            "interface GigabitEthernet0/0/9.999\n dot1q termination vid 999\n#\n", ""
        ).replace(
            "#\nreturn",
            "#\ninterface GigabitEthernet0/0/9.999\n dot1q termination vid 999\n#\nreturn",
        ),
        True,
    ),
    (
        "a line changed",
        VRP_RUNNING.replace("description old uplink", "description new uplink"),
        False,
    ),
    ("a line missing", VRP_RUNNING.replace(" local-user olduser privilege level 3\n", ""), False),
]


@pytest.mark.parametrize(("case", "saved", "same"), SAVED_CASES, ids=[c[0] for c in SAVED_CASES])
def test_a_saved_config_is_the_running_one_exactly_when_nothing_would_change(
    case: str, saved: str, same: bool
) -> None:
    assert same_config(Platform.HUAWEI_VRP, saved, VRP_RUNNING) is same
    assert (
        same_config(Platform.HUAWEI_VRP, saved, VRP_RUNNING)
        is remediation(Platform.HUAWEI_VRP, saved, VRP_RUNNING).empty
    )
