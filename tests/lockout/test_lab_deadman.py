"""The lab's self-reverting changes over SSH with unmodified netmiko: VRPv8 ``commit trial``,
``abort trial``, the refused ``commit comment``, VRP5 ``schedule reboot delay`` and the
``cut-management`` fault that makes a device unreachable while its line is applied."""

import time
from collections.abc import Callable

import pytest
from netmiko import NetmikoAuthenticationException, NetmikoTimeoutException

from medinfra.lab import CutManagement, LabDevice, LabHandle, parse_fault
from medinfra.model import Platform
from tests.lab.conftest import VRP_ERRORS, connect, first

TRIAL_LINE = ["interface GigabitEthernet1/0/9.901", "description trial change"]
CUT_LINE = ["interface GigabitEthernet1/0/9.902", "description CUT-MGMT"]
AR_LINE = ["interface GigabitEthernet0/0/1.131", "description CUT-MGMT"]
UNREACHABLE = (NetmikoAuthenticationException, NetmikoTimeoutException, OSError, EOFError)


def wait_until(check: Callable[[], bool], limit: float = 15.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def reachable(lab: LabHandle, device: LabDevice) -> bool:
    try:
        connect(lab, device, conn_timeout=3, auth_timeout=3, banner_timeout=3).disconnect()
    except UNREACHABLE:
        return False
    return True


@pytest.fixture
def edge(lab: LabHandle) -> LabDevice:
    device = first(lab, Platform.HUAWEI_VRPV8)
    lab.clear_faults(device.hostname)
    return device


@pytest.fixture
def cpe(lab: LabHandle) -> LabDevice:
    device = first(lab, Platform.HUAWEI_VRP)
    lab.clear_faults(device.hostname)
    return device


def test_commit_comment_is_refused_and_commits_nothing(lab: LabHandle, edge: LabDevice) -> None:
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    session.send_config_set(TRIAL_LINE, exit_config_mode=False)
    output = session.send_command_timing('commit comment "medinfra"')
    assert "Error:" in output
    assert lab.running_config(edge.hostname) == before
    session.send_command_timing("abort")
    session.disconnect()


def test_trial_reverts_by_itself_when_not_confirmed(lab: LabHandle, edge: LabDevice) -> None:
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    session.send_config_set(TRIAL_LINE, exit_config_mode=False, error_pattern=VRP_ERRORS)
    output = session.send_command("commit trial 60 label try1", expect_string=r"\]")
    assert (
        "Info: The system enters the trial configuration mode. The system will revert to "
        "previous configuration if the trial configuration is not confirmed in 60 seconds."
    ) in output
    assert "description trial change" in lab.running_config(edge.hostname)
    assert wait_until(lambda: lab.running_config(edge.hostname) == before, limit=10)
    session.disconnect()


def test_plain_commit_from_a_new_session_confirms(lab: LabHandle, edge: LabDevice) -> None:
    session = connect(lab, edge)
    session.send_config_set(TRIAL_LINE, exit_config_mode=False, error_pattern=VRP_ERRORS)
    session.send_command("commit trial 60", expect_string=r"\]")
    second = connect(lab, edge)
    second.send_command("system-view", expect_string=r"\]")
    second.send_command("commit description confirmed-by-medinfra", expect_string=r"\]")
    time.sleep(60 * 0.02 + 1.0)
    assert "description trial change" in lab.running_config(edge.hostname)
    lab.apply_lines(edge.hostname, [TRIAL_LINE[0], "undo description"])
    second.disconnect()
    session.disconnect()


def test_abort_trial_reverts_at_once(lab: LabHandle, edge: LabDevice) -> None:
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    session.send_config_set(TRIAL_LINE, exit_config_mode=False, error_pattern=VRP_ERRORS)
    session.send_command("commit trial 600", expect_string=r"\]")
    output = session.send_command("abort trial", expect_string=r"\]")
    assert "Error" not in output
    assert lab.running_config(edge.hostname) == before
    again = session.send_command("abort trial", expect_string=r"\]")
    assert "not in the trial configuration mode" in again
    session.disconnect()


def test_cut_management_drops_sessions_until_the_trial_reverts(
    lab: LabHandle, edge: LabDevice
) -> None:
    lab.inject(edge.hostname, parse_fault("cut-management:CUT-MGMT"))
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    session.send_config_set(CUT_LINE, exit_config_mode=False, error_pattern=VRP_ERRORS)
    with pytest.raises(UNREACHABLE):
        session.send_command("commit trial 60", expect_string=r"\]", read_timeout=5)
        session.send_command("display clock", expect_string=r"\]", read_timeout=5)
    assert "CUT-MGMT" in lab.running_config(edge.hostname)
    assert not reachable(lab, edge)
    assert wait_until(lambda: lab.running_config(edge.hostname) == before, limit=10)
    assert reachable(lab, edge)


def test_parse_cut_management() -> None:
    assert parse_fault("cut-management:^ssh server") == CutManagement("^ssh server")


def test_scheduled_reboot_restores_the_saved_config_and_drops_sessions(
    lab: LabHandle, cpe: LabDevice
) -> None:
    session = connect(lab, cpe)
    session.save_config()
    saved = lab.running_config(cpe.hostname)
    question = session.send_command("schedule reboot delay 5", expect_string=r"\[Y/N\]")
    assert "Confirm? [Y/N]" in question
    session.send_command("y", expect_string=r">")
    shown = session.send_command("display schedule reboot", expect_string=r">")
    assert "will reboot" in shown
    lab.inject(cpe.hostname, parse_fault("cut-management:CUT-MGMT"))
    with pytest.raises(UNREACHABLE):
        session.send_config_set(AR_LINE, error_pattern=VRP_ERRORS, read_timeout=5)
        session.send_command("display clock", expect_string=r">", read_timeout=5)
    assert not reachable(lab, cpe)
    assert wait_until(lambda: lab.running_config(cpe.hostname) == saved, limit=15)
    assert wait_until(lambda: reachable(lab, cpe), limit=5)


def test_undo_schedule_reboot_keeps_the_device_up(lab: LabHandle, cpe: LabDevice) -> None:
    session = connect(lab, cpe)
    session.send_command("schedule reboot delay 1", expect_string=r"\[Y/N\]")
    session.send_command("y", expect_string=r">")
    session.send_command("undo schedule reboot", expect_string=r">")
    assert "No schedule reboot" in session.send_command("display schedule reboot")
    time.sleep(60 * 0.02 + 1.0)
    assert "No schedule reboot" in session.send_command("display schedule reboot")
    session.disconnect()
