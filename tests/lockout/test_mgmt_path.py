"""The management-path proof, one case per kind of break and platform, on real dumps.

Each case edits the brownfield dump of its platform (tests/fixtures/brownfield) into the
intended config, computes the scoped remediation as a push does, and asserts the proof's
exact message: the remediation line named and the path it breaks. The no-break cases are
the same dumps with changes that keep the controller in.
"""

import re
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

import pytest

from medinfra.model import ManagedMode, Platform
from medinfra.platforms import PlatformSpec, registered
from medinfra.platforms.management import ManagementPath
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.mgmt_path import ManagementContext, prove

FIXTURES = Path(__file__).parents[1] / "fixtures" / "brownfield"
NETWORKS = (IPv4Network("10.250.0.0/24"),)


@dataclass(frozen=True)
class Device:
    dump: str
    interface: str
    address: str
    login: str


DEVICES = {
    Platform.HUAWEI_VRPV8: Device("NS-DC-PE-01.cfg", "GigabitEthernet0/0/0", "10.250.1.1", "noc"),
    Platform.HUAWEI_VRP: Device(
        "UNION-CPE-01.cfg", "GigabitEthernet0/0/0", "10.250.10.1", "opsadmin"
    ),
    Platform.HUAWEI_SMARTAX: Device("UNION-OLT-01.cfg", "meth0", "10.250.20.1", "noc"),
}
V8, AR, OLT = Platform.HUAWEI_VRPV8, Platform.HUAWEI_VRP, Platform.HUAWEI_SMARTAX

BREAKS = [
    # (a) the management interface
    (
        V8,
        " ip address 10.250.1.1 255.255.255.0",
        " ip address 10.250.1.9 255.255.255.0",
        "`interface GigabitEthernet0/0/0 / ip address 10.250.1.9 255.255.255.0` breaks the "
        "management interface: GigabitEthernet0/0/0 no longer holds the management address "
        "10.250.1.1",
    ),
    (
        V8,
        "interface GigabitEthernet0/0/0\n undo shutdown",
        "interface GigabitEthernet0/0/0\n shutdown",
        "`interface GigabitEthernet0/0/0 / shutdown` breaks the management interface: "
        "GigabitEthernet0/0/0 loses `undo shutdown` (the port goes down)",
    ),
    (
        AR,
        " description oob-management",
        " description oob-management\n shutdown",
        "`interface GigabitEthernet0/0/0 / shutdown` breaks the management interface: "
        "GigabitEthernet0/0/0 is shut down",
    ),
    (
        AR,
        " ip address 10.250.10.1 255.255.255.0",
        " ip binding vpn-instance MGMT\n ip address 10.250.10.1 255.255.255.0",
        "`interface GigabitEthernet0/0/0 / ip binding vpn-instance MGMT` breaks the management "
        "interface: GigabitEthernet0/0/0 moves from the public instance to vpn-instance MGMT",
    ),
    (
        OLT,
        " ip address 10.250.20.1 255.255.255.0",
        " ip address 10.250.20.2 255.255.255.0",
        "`interface MEth0 / ip address 10.250.20.2 255.255.255.0` breaks the management "
        "interface: meth0 no longer holds the management address 10.250.20.1",
    ),
    # (b) the route towards the management networks
    (
        V8,
        "__LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254",
        "__LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.253",
        "`undo ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254` "
        "breaks the management route: the route to the management network 10.250.0.0/24 (0.0.0.0/0 via "
        "10.250.1.254) changes: now 0.0.0.0/0 via 10.250.1.253",
    ),
    (
        AR,
        "ip route-static 0.0.0.0 0.0.0.0 10.0.10.2",
        "ip route-static 0.0.0.0 0.0.0.0 10.0.10.6",
        "`undo ip route-static 0.0.0.0 0.0.0.0 10.0.10.2` breaks the management route: the "
        "route to the management network 10.250.0.0/24 (0.0.0.0/0 via 10.0.10.2) changes: now "
        "0.0.0.0/0 via 10.0.10.6",
    ),
    (
        OLT,
        "ip route-static 0.0.0.0 0.0.0.0 10.250.20.254",
        "ip route-static 0.0.0.0 0.0.0.0 10.250.20.253",
        "`undo ip route-static 0.0.0.0 0.0.0.0 10.250.20.254` breaks the management route: the "
        "route to the management network 10.250.0.0/24 (0.0.0.0/0 via 10.250.20.254) changes: "
        "now 0.0.0.0/0 via 10.250.20.253",
    ),
    # (c) the ACL on the vty lines and on SSH, the OLT's ranges
    (
        V8,
        "ssh server acl 2999",
        "ssh server acl 2001\nacl number 2001\n rule 5 deny",
        "`acl number 2001 / rule 5 deny` breaks the login filter: logins from the management "
        "network 10.250.0.0/24 are refused: ACL 2001 (`ssh server acl 2001`) refuses it: "
        "rule 5 deny",
    ),
    (
        V8,
        " rule 5 permit source 10.250.0.0 0.0.0.255",
        " rule 1 deny source 10.250.0.128 0.0.0.127\n rule 5 permit source 10.250.0.0 0.0.0.255",
        "`acl number 2999 / rule 1 deny source 10.250.0.128 0.0.0.127` breaks the login filter: "
        "logins from the management network 10.250.0.0/24 are refused: ACL 2999 (`ssh server "
        "acl 2999`) refuses it: rule 1 deny source 10.250.0.128 0.0.0.127",
    ),
    (
        AR,
        "user-interface vty 0 4\n",
        "user-interface vty 0 4\n acl 2001 inbound\n",
        "`user-interface vty 0 4 / acl 2001 inbound` breaks the login filter: logins from the "
        "management network 10.250.0.0/24 are refused: ACL 2001 (`user-interface vty 0 4 / acl "
        "2001 inbound`) refuses it: no rule permits it (an ACL with rules refuses what none "
        "matches)",
    ),
    (
        OLT,
        " sysman service telnet disable",
        " sysman service telnet disable\n sysman ip-access ssh 10.250.0.1 10.250.0.9\n"
        " sysman firewall ssh enable",
        "`sysman firewall ssh enable` breaks the login filter: logins from the management "
        "network 10.250.0.0/24 are refused: the SSH address ranges: no allowed range covers "
        "10.250.0.0",
    ),
    # (d) SSH on and permitted on the management interface, the vty lines
    (
        V8,
        "stelnet server enable\n",
        "",
        "`undo stelnet server enable` breaks the SSH service: the SSH server is turned off",
    ),
    (
        V8,
        "ssh server-source -i GigabitEthernet0/0/0\nssh server-source all-interface\n",
        "",
        "`undo ssh server-source all-interface` breaks the SSH service: SSH no longer answers "
        "on GigabitEthernet0/0/0",
    ),
    (
        V8,
        " protocol inbound ssh",
        " protocol inbound telnet",
        "`user-interface vty 0 4 / protocol inbound telnet` breaks the SSH service: "
        "`user-interface vty 0 4` loses `protocol inbound ssh`",
    ),
    (
        AR,
        " ssh server permit interface GigabitEthernet0/0/0",
        " ssh server permit interface GigabitEthernet0/0/1",
        "`undo ssh server permit interface GigabitEthernet0/0/0` breaks the SSH service: SSH no "
        "longer answers on GigabitEthernet0/0/0",
    ),
    (
        AR,
        "user-interface vty 0 4\n authentication-mode aaa\n",
        "user-interface vty 0 4\n authentication-mode password\n",
        "`user-interface vty 0 4 / authentication-mode password` breaks the SSH service: "
        "`user-interface vty 0 4` loses `authentication-mode aaa`",
    ),
    (
        OLT,
        " sysman service telnet disable",
        " sysman service telnet disable\n sysman service ssh disable",
        "`sysman service ssh disable` breaks the SSH service: the SSH server is turned off "
        "(`sysman service ssh disable`)",
    ),
    (
        OLT,
        " sysman server source ssh meth 0\n",
        "",
        "`undo sysman server source ssh meth 0` breaks the SSH service: SSH no longer answers "
        "on meth0",
    ),
    # (e) the login account
    (
        V8,
        " local-user noc level 3",
        " local-user noc level 1",
        "`aaa / local-user noc level 1` breaks the login account: the login account noc's "
        "rights go down: level 3 -> 1",
    ),
    (
        V8,
        " local-user noc user-group manage-ug\n",
        "",
        "`aaa / undo local-user noc user-group manage-ug` breaks the login account: the login "
        "account noc's rights go down: user-group manage-ug -> none",
    ),
    (
        V8,
        " local-user noc service-type ssh",
        " local-user noc service-type telnet",
        "`aaa / local-user noc service-type telnet` breaks the login account: the login account "
        "noc loses service-type ssh",
    ),
    (
        AR,
        " local-user opsadmin privilege level 15",
        " local-user opsadmin privilege level 2",
        "`aaa / local-user opsadmin privilege level 2` breaks the login account: the login "
        "account opsadmin's rights go down: level 15 -> 2",
    ),
    (
        AR,
        " local-user opsadmin password irreversible-cipher $1a$Ve8]r2Kq!m$Jx7;Pw.4Lf@nT9b_Hz3:"
        "Qs6Gd%Uy0$\n local-user opsadmin privilege level 15\n local-user opsadmin service-type"
        " terminal ssh\n",
        "",
        "`aaa / undo local-user opsadmin privilege level 15` breaks the login account: the "
        "login account opsadmin is removed",
    ),
    (
        OLT,
        ' ssh user "noc" authentication-type password',
        ' ssh user "noc" authentication-type rsa',
        '`undo ssh user "noc" authentication-type password` breaks the login account: the SSH '
        "user noc no longer logs in by password (rsa)",
    ),
]

KEEPS = [
    (
        V8,
        " rule 5 permit source 10.250.0.0 0.0.0.255",
        " rule 5 permit source 10.250.0.0 0.0.0.255\n rule 10 deny",
    ),
    (V8, "ssh server acl 2999", "ssh server acl 2000"),
    (
        V8,
        " local-user noc level 3",
        " local-user noc level 3\n local-user noc service-type ssh telnet",
    ),
    (AR, "user-interface vty 0 4\n", "user-interface vty 0 4\n acl 2000 inbound\n"),
    (
        AR,
        "ip route-static 10.60.0.0 255.255.0.0 192.168.10.254",
        "ip route-static 10.60.0.0 255.255.0.0 192.168.10.253",
    ),
    (
        AR,
        " local-user opsadmin privilege level 15",
        " local-user opsadmin privilege level 15\n local-user ops2 privilege level 1",
    ),
    (
        OLT,
        " sysman service telnet disable",
        " sysman service telnet disable\n sysman ip-access ssh 10.250.0.0 10.250.0.255\n sysman firewall ssh enable",
    ),
    (OLT, ' vlan desc 200 description "CCTV"', ' vlan desc 200 description "CCTV-2"'),
]


def _breaks(platform: Platform, old: str, new: str) -> list[str]:
    device = DEVICES[platform]
    running = (FIXTURES / device.dump).read_text(encoding="utf-8")
    assert old in running, old
    context = ScopeContext(ManagedMode.FULL, device.interface, "\x00", device.login)
    plan = safe_remediation(platform, running, running.replace(old, new, 1), context)
    assert not plan.empty, "the edit must change something"
    management = ManagementContext(
        device.interface, IPv4Address(device.address), NETWORKS, device.login
    )
    return [str(found) for found in prove(platform, management, running, plan.remediation.diff)]


@pytest.mark.parametrize(("platform", "old", "new", "message"), BREAKS)
def test_each_break_is_named_with_its_line_and_path(
    platform: Platform, old: str, new: str, message: str
) -> None:
    assert _breaks(platform, old, new) == [message]


@pytest.mark.parametrize(("platform", "old", "new"), KEEPS)
def test_changes_that_keep_the_controller_in_pass(platform: Platform, old: str, new: str) -> None:
    assert _breaks(platform, old, new) == []


def test_every_path_and_platform_has_a_case() -> None:
    paths = ("interface", "route", "login filter", "SSH service", "login account")
    for platform in DEVICES:
        messages = [message for p, _, _, message in BREAKS if p is platform]
        for path in paths:
            assert any(f"breaks the {path}" in m or f"management {path}" in m for m in messages), (
                platform,
                path,
            )


def _patterns(facts: ManagementPath) -> list[str]:
    found: list[str] = []
    for value in (*vars(facts).values(), *vars(facts.login_filter).values()):
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, str) and item.startswith("^"):
                found.append(item)
    return found


@pytest.mark.parametrize("spec", registered(), ids=lambda spec: spec.platform.value)
def test_every_platform_states_its_management_path_as_regexes(spec: PlatformSpec) -> None:
    """Each registered platform names the lines the proof reads; every pattern compiles and
    the named groups the proof uses are there."""
    facts = spec.management_path
    for pattern in _patterns(facts):
        re.compile(pattern.replace("{login}", "medinfra"))
    assert {"ip", "mask"} <= set(re.compile(facts.address).groupindex)
    assert {"prefix", "mask", "hop"} <= set(re.compile(facts.route).groupindex)
    assert facts.ssh_on or facts.ssh_off, "how SSH is turned on or off"
    rules = facts.login_filter
    assert rules.acl_rule or rules.allow_range, "an ACL or address ranges filter logins"
    if facts.ssh_user is not None:
        assert "{login}" in facts.ssh_user
