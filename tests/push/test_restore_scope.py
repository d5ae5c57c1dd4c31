"""The restore after a failed push undoes only what the push could have written.

Compared over the whole config, the restore used to send ``undo ntp-service server disable``
(the device adds that line itself at the first NTP server: its undo makes the device a time
server), ``undo snmp-agent local-engineid ...`` and the undo of any line another operator
added meanwhile. Now a running line missing from the old config is undone only when the model
owns it and the device did not add it itself; every old line the device lacks is written
back; the lines left are listed.
"""

import pytest

from medinfra.lab import RejectCommand
from medinfra.model import ManagedMode, Platform
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions, push_device
from medinfra.push.guard import ScopeContext
from medinfra.push.protect import ProtectOptions
from medinfra.push.restore_scope import restore_remediation
from tests.push.labkit import example_lab, plan_for, push_env

BEFORE = "sysname A\n#\ninterface GigabitEthernet0/0/1\n description old\n#\nlldp enable\n#\nreturn"
INTENDED = (
    "sysname A\n#\ninterface GigabitEthernet0/0/1\n description new\n#\n"
    "ntp-service unicast-server 10.0.0.1\n#\nsnmp-agent\n#\n"
    "ip route-static 10.9.0.0 255.255.0.0 10.0.2.2\n#\nreturn"
)
PUSHED = (
    "sysname A\n#\ninterface GigabitEthernet0/0/1\n description new\n#\nlldp enable\n#\n"
    "ntp-service server disable\nntp-service ipv6 server disable\n"
    "ntp-service unicast-server 10.0.0.1\n#\nsnmp-agent local-engineid 800007DB03AABBCCDDEEFF\n"
    "snmp-agent\n#\nip route-static 10.9.0.0 255.255.0.0 10.0.2.2\n#\nreturn"
)
"""The push's lines arrived; the device added its NTP and SNMP lines."""
FOREIGN = "ip route-static 192.0.2.0 255.255.255.0 10.9.9.9"
"""A line another operator added while the push ran (not the model's)."""
DEVICE_ADDED = [
    "ntp-service server disable",
    "ntp-service ipv6 server disable",
    "snmp-agent local-engineid 800007DB03AABBCCDDEEFF",
]
MODEL_UNDONE = [
    "undo ip route-static 10.9.0.0 255.255.0.0 10.0.2.2",
    "undo ntp-service unicast-server 10.0.0.1",
    "undo snmp-agent",
]


@pytest.mark.parametrize(
    ("mode", "running", "undone", "left"),
    [
        (ManagedMode.SCOPED, PUSHED, MODEL_UNDONE, DEVICE_ADDED),
        (
            ManagedMode.SCOPED,
            PUSHED.replace("\nreturn", f"\n{FOREIGN}\n#\nreturn"),
            MODEL_UNDONE,
            [FOREIGN, *DEVICE_ADDED],
        ),
        (
            ManagedMode.FULL,
            PUSHED.replace("\nreturn", f"\n{FOREIGN}\n#\nreturn"),
            [f"undo {FOREIGN}", *MODEL_UNDONE],
            DEVICE_ADDED,
        ),
        (ManagedMode.SCOPED, BEFORE, [], []),
    ],
    ids=["device-added", "foreign-line", "full-device", "nothing-to-do"],
)
@pytest.mark.parametrize("platform", [Platform.HUAWEI_VRP, Platform.HUAWEI_VRPV8])
def test_the_restore_undoes_the_model_lines_and_leaves_the_others(
    platform: Platform, mode: ManagedMode, running: str, undone: list[str], left: list[str]
) -> None:
    plan = restore_remediation(platform, running, BEFORE, INTENDED, ScopeContext(mode))
    commands = plan.remediation.commands
    assert sorted(c for c in commands if c.startswith("undo ")) == sorted(undone)
    assert sorted(finding.line for finding in plan.left) == sorted(left)
    if running != BEFORE:  # what the push changed of the device's own lines comes back
        assert commands[-3:] == ("interface GigabitEthernet0/0/1", "description old", "quit")


def test_a_disable_line_the_model_states_is_the_push_own_and_is_undone() -> None:
    """``sysman service telnet disable`` looks like a device line, but the model states it: the
    push wrote it, so the restore takes it back (the device is exactly as before)."""
    before = "[public-config]\n sysman service telnet enable\n#\nreturn"
    running = "[public-config]\n sysman service telnet disable\n#\nreturn"
    intended = " sysman service telnet disable\n"
    plan = restore_remediation(Platform.HUAWEI_SMARTAX, running, before, intended, ScopeContext())
    assert "sysman service telnet enable" in plan.remediation.commands
    assert plan.left == ()


def test_an_old_line_the_device_lost_is_written_back_even_when_the_model_does_not_own_it() -> None:
    running = BEFORE.replace("lldp enable\n#\n", "")
    plan = restore_remediation(Platform.HUAWEI_VRP, running, BEFORE, INTENDED, ScopeContext())
    assert plan.remediation.commands == ("lldp enable",)


def test_a_smartax_vlan_range_is_restored_vlan_by_vlan() -> None:
    before = "[vlan-config]\n vlan 200 to 201 smart\n#\nreturn"
    running = "[vlan-config]\n vlan 200 to 202 smart\n#\nreturn"
    intended = " vlan 202 smart\n"
    plan = restore_remediation(Platform.HUAWEI_SMARTAX, running, before, intended, ScopeContext())
    assert plan.remediation.commands == ("undo vlan 202",)


LAB_ADDED = ("ntp-service server disable", "snmp-agent local-engineid ")


def _lines(config: str) -> list[str]:
    return [line.strip() for line in config.splitlines() if line.strip() != "#"]


@pytest.mark.lab
@pytest.mark.slow
def test_a_failed_push_over_ssh_keeps_the_lines_the_device_added_itself(tmp_path) -> None:
    """A first push to an AR (lab 127.0.220.20) adds its NTP server, the device adds
    ``ntp-service server disable`` and its SNMP engine id, a later line is refused: the restore undoes the model's
    lines, keeps the device's, says so, and verifies."""
    state = tmp_path / "lab"
    with example_lab("henan-provincial-hospital", state, "127.0.220.20") as (topology, lab):
        host = "XC-CPE-01"
        before = lab.running_config(host)
        assert "ntp-service server disable" not in before
        lab.inject(host, RejectCommand(r"^ip route-static "))
        (job,) = plan_for("henan-provincial-hospital", state, hostnames=[host]).jobs
        store = load_store(push_env(topology))
        options = PushOptions(lock_dir=tmp_path / "locks", protect=ProtectOptions(reboot_minutes=0))
        result = push_device(job, store, options)
        assert result.failed and result.rolled_back and result.restore_verified, result.error
        after = _lines(lab.running_config(host))
        added = [line for line in after if line.startswith(LAB_ADDED)]
        assert [line.split()[:3] for line in added] == [
            ["ntp-service", "server", "disable"],
            ["snmp-agent", "local-engineid", added[-1].split()[-1]],
        ]
        assert [line for line in after if line not in added] == _lines(before)
        assert any("the restore left lines the push did not write" in n for n in result.notes)
        assert "ntp-service server disable: left: the device adds it itself" in " ".join(
            result.notes
        )
