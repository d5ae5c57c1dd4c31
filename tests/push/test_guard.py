"""Scoped remediation on brownfield configs: scope, kept lines, protected objects, conflicts,
removal order and the blast-radius limit, at the remediation boundary.

The fixtures in ``brownfield/`` are composed in the real dump layouts (DOMAIN.md §9): an AR
with leading-space globals, AAA defaults, an existing admin, a live WAN port with NAT; an
NE40E with the OAM VPN, ``undo shutdown`` ports and device-added NTP/SNMP lines; an MA5800
with real sections, an ONT and profiles the model does not know and VLAN ranges.
"""

from pathlib import Path

import pytest

from medinfra.load import load_topology
from medinfra.model import ManagedMode, Platform
from medinfra.push.engine import scope_context
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.order import is_removal
from medinfra.render import render_device
from tests.conftest import INVENTORY
from tests.fixtures.brownfield import FIXTURES, TOPOLOGY

HERE = Path(__file__).parent / "brownfield"
DEVICES = {
    "ar": (Platform.HUAWEI_VRP, "GigabitEthernet0/0/0"),
    "ne": (Platform.HUAWEI_VRPV8, "GigabitEthernet0/0/0"),
    "olt": (Platform.HUAWEI_SMARTAX, "MEth0"),
}


def _plan(name, mode=ManagedMode.SCOPED, running=None, intended=None, login="netadmin"):
    platform, mgmt = DEVICES[name]
    running = running if running is not None else (HERE / f"{name}_running.cfg").read_text()
    intended = intended if intended is not None else (HERE / f"{name}_intended.cfg").read_text()
    return safe_remediation(platform, running, intended, ScopeContext(mode, mgmt, login=login))


def _sent_text(plan):
    return "\n".join(plan.remediation.commands)


UNMANAGED = {
    "ar": [
        "http secure-server enable",
        "snmp-agent local-engineid 800007DB03A0B1C2D3E4F5",
        "ssh server permit interface GigabitEthernet0/0/0",
        "ntp-service server disable",
        "ntp-service unicast-server 192.0.2.123",
        "acl number 3001",
        "domain default",
        "authentication-scheme default",
        "local-user super",
        "undo shutdown",
        "203.0.113",
        "nat outbound",
        "GigabitEthernet0/0/1.900",
        "LoopBack0",
        "user-interface con 0",
    ],
    "ne": [
        "__LOCAL_OAM_VPN__",
        "Eth-Trunk7",
        "undo shutdown",
        "shutdown",
        "ssh server-source",
        "server disable",
        "local-engineid",
        "local-user root",
    ],
    "olt": [
        "profile-id 50",
        "ont delete",
        "0 9",
        "service-port 100",
        "vlan 200",
        "vlan 201",
        "sysman",
        "ip route-static",
        "native-vlan",
    ],
}


@pytest.mark.parametrize("name", sorted(DEVICES))
def test_scoped_push_proposes_no_line_outside_the_scope(name):
    plan = _plan(name)
    sent = _sent_text(plan)
    for fragment in UNMANAGED[name]:
        assert fragment not in sent, (fragment, sent)
    assert plan.refusal() is None and not plan.protected and not plan.conflicts
    assert plan.unmanaged, "unmanaged lines are listed"


@pytest.mark.parametrize(
    ("name", "removals"),
    [
        ("ar", ["undo rule 5 permit source 10.255.0.0 0.0.255.255"]),
        ("ne", []),
        ("olt", []),
    ],
)
def test_scoped_push_removes_only_owned_values_it_replaces(name, removals):
    plan = _plan(name)
    assert [c for c in plan.remediation.commands if is_removal(c)] == removals
    assert all(finding.reason == "replaced" for finding in plan.removals)


def test_scoped_ar_lists_unmanaged_lines_with_their_view():
    listed = [str(finding) for finding in _plan("ar").unmanaged]
    assert "aaa / domain default: not owned by the model (kept)" in listed
    assert "interface GigabitEthernet0/0/1 / undo shutdown: not owned by the model (kept)" in listed
    assert "http secure-server enable: not owned by the model (kept)" in listed  # not LoopBack0's


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("ar", "undo shutdown", "its negation is `shutdown`"),
        ("ar", "ip address 203.0.113.2 255.255.255.252", "address is only replaced"),
        ("ar", "nat outbound 3001", "a feature the model does not describe"),
        ("ar", "ntp-service server disable", "would enable a service"),
        ("ar", "snmp-agent local-engineid 800007DB03A0B1C2D3E4F5", "the device sets it"),
        ("ne", "undo shutdown", "its negation is `shutdown`"),
        ("ne", "ip binding vpn-instance __LOCAL_OAM_VPN__", "a feature the model does not"),
        ("ne", "ntp-service ipv6 server disable", "would enable a service"),
        ("olt", "sysman service telnet disable", "would enable a service"),
        ("olt", "ont port native-vlan 0 9 eth 1 vlan 200 priority 0", "goes with its ONT"),
    ],
)
def test_full_mode_never_sends_an_unsafe_negation(name, line, reason):
    plan = _plan(name, ManagedMode.FULL)
    kept = {finding.line: finding.reason for finding in plan.kept}
    assert reason in kept[line]
    assert f"undo {line}" not in plan.remediation.commands
    assert "shutdown" not in plan.remediation.commands


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("ar", "domain default", "an AAA domain or scheme"),
        ("ar", "authentication-scheme default", "an AAA domain or scheme"),
        ("ar", "authentication-mode aaa", "vty/console authentication"),
        ("ar", "ssh server permit interface GigabitEthernet0/0/0", "SSH server"),
        ("ar", "ip route-static 0.0.0.0 0.0.0.0 203.0.113.1", "the default route"),
        ("ne", "ip vpn-instance __LOCAL_OAM_VPN__", "the management VPN instance"),
        ("ne", "ssh server-source all-interface", "SSH server permissions or source"),
        ("olt", "sysman server source ssh meth 0", "management service source"),
        ("olt", "ip route-static 0.0.0.0 0.0.0.0 10.250.20.254", "management default route"),
    ],
)
def test_full_mode_refuses_protected_lines_naming_line_and_reason(name, line, reason):
    plan = _plan(name, ManagedMode.FULL)
    refusal = plan.refusal()
    assert refusal is not None and refusal.startswith("would remove or change protected lines")
    assert any(line in entry and reason in entry for entry in refusal.splitlines()), refusal


def test_the_push_login_is_protected_other_admins_are_not():
    as_root = _plan("ne", ManagedMode.FULL, login="root")
    assert any(f.line.startswith("local-user root ") for f in as_root.protected)
    as_netadmin = _plan("ne", ManagedMode.FULL, login="netadmin")
    assert not any(f.line.startswith("local-user root ") for f in as_netadmin.protected)


def test_a_protected_value_the_model_states_is_changed():
    intended = (HERE / "ar_intended.cfg").read_text().replace("10.255.1.1", "10.255.1.9")
    plan = _plan("ar", intended=intended)
    assert plan.refusal() is None
    assert "ip address 10.255.1.9 255.255.255.0" in plan.remediation.commands


def test_removing_the_management_address_is_refused_in_full_mode():
    running = "sysname A\n#\ninterface GigabitEthernet0/0/0\n description mgmt\n#\nreturn\n"
    plan = _plan("ar", ManagedMode.FULL, running=running, intended="sysname A\n")
    assert "a line of the management interface" in (plan.refusal() or "")


def test_full_olt_removals_go_in_the_order_the_device_needs():
    running = (HERE / "olt_running.cfg").read_text()
    running = running.replace(" sysman server source ssh meth 0\n", "").replace(
        " ip route-static 0.0.0.0 0.0.0.0 10.250.20.254\n", ""
    )
    plan = _plan("olt", ManagedMode.FULL, running=running.replace("telnet disable", "x"))
    removals = [c for c in plan.remediation.commands if is_removal(c)]
    assert removals[:9] == [
        "undo service-port 100",
        "ont delete 0 9",
        "undo ont-lineprofile gpon profile-id 50",
        "undo ont-srvprofile gpon profile-id 50",
        "dba-profile delete profile-id 50",
        "undo port vlan 200 0/3 0",
        "undo port vlan 201 0/3 0",
        "undo vlan 200",
        "undo vlan 201",
    ]
    assert not any("to 201" in command for command in plan.remediation.commands)
    first_add = next(i for i, c in enumerate(plan.remediation.commands) if c.startswith("ont add"))
    assert first_add > plan.remediation.commands.index("undo service-port 100")


def test_vrp_route_goes_before_its_bfd_session_and_comes_after_it():
    intended = (HERE / "ar_intended.cfg").read_text()
    added = _plan("ar", ManagedMode.FULL, intended=intended).remediation.commands
    assert added.index("ip route-static 0.0.0.0 0.0.0.0 10.0.1.2 track bfd-session ge0-0-1-101") > (
        added.index("bfd ge0-0-1-101 bind peer-ip 10.0.1.2 source-ip 10.0.1.1")
    )
    applied = intended.replace("<<secret:hpph/netadmin>>", "%^%#Zq2cipher%^%#")
    removed = _plan("ar", ManagedMode.FULL, running=applied, intended="sysname HPPH-CPE-01\n")
    commands = removed.remediation.commands
    assert commands.index("undo ip route-static 0.0.0.0 0.0.0.0 10.0.1.2") < commands.index(
        "undo bfd ge0-0-1-101"
    )


@pytest.mark.parametrize(
    ("name", "old", "new", "conflict"),
    [
        (
            "olt",
            'ont add 0 0 sn-auth "48575443A4C123B1"',
            'ont add 0 0 sn-auth "4857544399999999"',
            "the device has ont 0 0 as 48575443A4C123B1, the model as 4857544399999999",
        ),
        (
            "olt",
            " vlan 120 smart",
            " vlan 120 standard",
            "vlan 120 as smart, the model as standard",
        ),
        (
            "olt",
            'profile-id 10 profile-name "line_10"',
            'profile-id 10 profile-name "line_x"',
            "line-profile 10 as line_10, the model as line_x",
        ),
        ("ar", "dot1q termination vid 101", "dot1q termination vid 900", "sub-interface VLAN"),
    ],
)
def test_conflicts_refuse_the_device_and_delete_nothing(name, old, new, conflict):
    intended = (HERE / f"{name}_intended.cfg").read_text()
    assert old in intended
    plan = _plan(name, intended=intended.replace(old, new))
    refusal = plan.refusal() or ""
    assert refusal.startswith("device and model disagree") and conflict in refusal, refusal


def test_a_gem_port_bound_by_another_service_port_is_a_conflict():
    intended = (
        (HERE / "olt_intended.cfg")
        .read_text()
        .replace(
            "#\nreturn",
            " service-port 7 vlan 200 gpon 0/1/0 ont 9 gemport 1 multi-service user-vlan 200\n#\nreturn",
        )
    )
    refusal = _plan("olt", intended=intended).refusal() or ""
    assert "ONT GEM port 0/1/0 9 gemport 1" in refusal and "service-port 100" in refusal


def test_more_removals_than_the_limit_refuse_with_a_summary():
    running = "sysname A\n" + "".join(f"ntp-service unicast-server 192.0.2.{n}\n" for n in range(9))
    plan = _plan("ar", ManagedMode.FULL, running=running, intended="sysname A\n")
    assert plan.refusal(max_removals=9) is None
    refusal = plan.refusal(max_removals=8) or ""
    assert refusal.startswith("would remove 9 lines, more than the limit of 8 (--max-removals")
    assert "ntp-service unicast-server 192.0.2.8: removed" in refusal


@pytest.mark.parametrize("name", sorted(DEVICES))
def test_lines_the_device_adds_after_a_push_are_never_undone(name):
    intended = (HERE / f"{name}_intended.cfg").read_text()
    applied = intended.replace("<<secret:hpph/netadmin>>", "%^%#Zq2cipher%^%#")
    added = "ntp-service server disable\nntp-service ipv6 server disable\n"
    added += "snmp-agent local-engineid 800007DB03B0C1D2E3F4A5\n"
    for mode in ManagedMode:
        assert _plan(name, mode, running=added + applied, intended=intended).empty, mode


def test_objects_with_medinfra_names_are_removed_when_the_model_drops_them():
    applied = (HERE / "ar_intended.cfg").read_text().replace("<<secret:hpph/netadmin>>", "x")
    running = applied.replace(
        "#\nreturn",
        "#\ntraffic classifier medinfra-old operator or\n#\ntraffic classifier lan-old operator or"
        "\n#\nbfd ge0-0-2-302 bind peer-ip 10.0.2.2 source-ip 10.0.2.1\n discriminator local 7\n"
        "#\nip route-static 10.9.0.0 255.255.0.0 10.0.2.2 track bfd-session ge0-0-2-302\n#\nreturn",
    )
    intended = (HERE / "ar_intended.cfg").read_text()
    plan = _plan("ar", running=running, intended=intended)
    assert [c for c in plan.remediation.commands if is_removal(c)] == [
        "undo ip route-static 10.9.0.0 255.255.0.0 10.0.2.2",
        "undo bfd ge0-0-2-302",
        "undo traffic classifier medinfra-old",
    ]
    assert "traffic classifier lan-old operator or" in [f.line for f in plan.unmanaged]
    assert plan.refusal(max_removals=3) is None
    assert (plan.refusal(max_removals=2) or "").startswith("would remove 3 lines")


def test_olt_profiles_medinfra_numbered_go_the_device_own_stay():
    running = (
        (HERE / "olt_running.cfg")
        .read_text()
        .replace(
            "[public-config]",
            ' dba-profile add profile-id 12 profile-name "dba_12" type4 max 1024\n[public-config]',
        )
    )
    plan = _plan("olt", running=running)
    assert [c for c in plan.remediation.commands if is_removal(c)] == [
        "dba-profile delete profile-id 12"
    ]
    assert plan.refusal() is None


def test_a_route_rewritten_with_tracking_is_undone_just_before_its_new_form():
    running = "sysname A\n#\nip route-static 0.0.0.0 0.0.0.0 10.0.1.2\n#\nreturn\n"
    intended = (HERE / "ar_intended.cfg").read_text()
    commands = _plan("ar", running=running, intended=intended).remediation.commands
    undo = commands.index("undo ip route-static 0.0.0.0 0.0.0.0 10.0.1.2")
    assert commands[undo + 1].startswith("ip route-static 0.0.0.0 0.0.0.0 10.0.1.2 track")
    assert undo > commands.index("bfd ge0-0-1-101 bind peer-ip 10.0.1.2 source-ip 10.0.1.1")


FIXTURE_HOSTS = sorted(FIXTURES)


@pytest.mark.parametrize("host", FIXTURE_HOSTS)
def test_shared_brownfield_fixtures_against_the_model_propose_nothing_unmanaged(host):
    """tests/fixtures/brownfield (real dump layouts) against the rendered union-shenzhen-campus:
    no refusal, no protected or conflicting line, and no unmanaged line in any command."""
    topology = load_topology(INVENTORY / TOPOLOGY).topology
    device = next(d for _, d in topology.all_devices() if d.hostname == host)
    platform, path = FIXTURES[host]
    plan = safe_remediation(
        platform, path.read_text(), render_device(topology, host), scope_context(device, "netops")
    )
    assert plan.refusal() is None, plan.refusal()
    assert plan.unmanaged and not plan.protected and not plan.conflicts
    commands = [" ".join(c.split()) for c in plan.remediation.commands]
    # each command with the view it is sent in (a line the model states in another view,
    # such as `undo shutdown` on a port of its own, is not the unmanaged line)
    placed: set[tuple[str | None, str]] = set()
    view: str | None = None
    for command in commands:
        if command == "quit":
            view = None
        elif command.startswith("interface ") and view is None:
            view = command
        placed.add((view, command))
    for finding in plan.unmanaged:
        line = " ".join(finding.line.split())
        parent = " ".join(finding.path[-1].split()) if finding.path else None
        for where in {parent, None}:
            assert (where, f"undo {line}") not in placed and (where, line) not in placed, finding
    assert "shutdown" not in commands


def test_a_model_vlan_that_carries_service_ports_the_model_does_not_know_is_a_conflict():
    intended = (
        (HERE / "olt_intended.cfg")
        .read_text()
        .replace(" vlan 120 smart\n", " vlan 120 smart\n vlan 200 smart\n")
    )
    refusal = _plan("olt", intended=intended).refusal() or ""
    assert "conflict: VLAN 200 is in use here; the model wants it for `vlan 200 smart`" in refusal
    assert "service-port 100 vlan 200" in refusal
