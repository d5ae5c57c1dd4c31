"""The lab's self-reverting changes over SSH with unmodified netmiko: VRPv8 ``commit trial``,
``abort trial``, the refused ``commit comment``, VRP5 ``schedule reboot delay`` and the
``cut-management`` fault that makes a device unreachable while its line is applied."""

import time
from collections.abc import Callable
from typing import Any

import pytest
from netmiko import NetmikoAuthenticationException, NetmikoTimeoutException

from medinfra.lab import CutManagement, LabDevice, LabHandle, parse_fault
from medinfra.model import Platform
from tests.lab.conftest import connect, first, logout, system_view

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
        logout(connect(lab, device, conn_timeout=3, auth_timeout=3, banner_timeout=3))
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


REFUSED_COMMITS = [
    'commit comment "medinfra"',  # what netmiko's huawei_vrpv8 driver sends with a comment
    "commit label 1st",  # a label must not start with a digit
    "commit label -",
    "commit description " + "x" * 61,  # at most 60 characters
    "commit trial 59",  # 60 to 65535 seconds
    "commit trial 65536",
    "commit persist 9lives",
]


@pytest.mark.parametrize("line", REFUSED_COMMITS)
def test_commit_lines_outside_the_real_syntax_are_refused(
    lab: LabHandle, edge: LabDevice, line: str
) -> None:
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    system_view(session, TRIAL_LINE)
    output = session.send_command(line, expect_string=r"\]")
    assert "Error:" in output
    assert lab.running_config(edge.hostname) == before
    session.send_command("abort", expect_string=r">")
    logout(session)


def _commit(session: Any, line: str) -> str:
    system_view(session, TRIAL_LINE)
    return str(session.send_command(line, expect_string=r"\]"))


def _undo_trial_line(session: Any) -> None:
    system_view(session, [TRIAL_LINE[0], "undo description"])
    session.send_command("commit", expect_string=r"\]")
    session.send_command("return", expect_string=r">")


def test_commit_list_verbose_shows_label_and_description_and_labels_are_unique(
    lab: LabHandle, edge: LabDevice
) -> None:
    session = connect(lab, edge)
    line = "commit label medinfra-r1 description medinfra push r1"
    assert "Error" not in _commit(session, line)
    session.send_command("return", expect_string=r">")
    listing = session.send_command("display configuration commit list verbose")
    newest = listing.split("\n2) ")[0]
    assert "Label: medinfra-r1" in newest
    assert "Description: medinfra push r1" in newest
    assert f"User: {lab.credentials.username}" in newest
    _undo_trial_line(session)
    before = lab.running_config(edge.hostname)
    system_view(session, ["interface GigabitEthernet1/0/9.901", "description again"])
    again = session.send_command("commit label medinfra-r1", expect_string=r"\]")
    assert "Error: The label medinfra-r1 already exists." in again
    assert lab.running_config(edge.hostname) == before
    session.send_command("abort", expect_string=r">")
    logout(session)


def test_trial_reverts_by_itself_when_not_confirmed(lab: LabHandle, edge: LabDevice) -> None:
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    output = _commit(session, "commit trial 60 label try1 persist try1")
    assert (
        "Info: The system enters the trial configuration mode. The system will revert to "
        "previous configuration if the trial configuration is not confirmed in 60 seconds."
    ) in output
    assert "description trial change" in lab.running_config(edge.hostname)
    assert wait_until(lambda: lab.running_config(edge.hostname) == before, limit=10)
    logout(session)


def test_a_trial_without_persist_is_its_sessions_own(lab: LabHandle, edge: LabDevice) -> None:
    """Another session cannot confirm it; it is rolled back when its session ends."""
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    _commit(session, "commit trial 600")
    second = connect(lab, edge)
    second.send_command("system-view", expect_string=r"\]")
    refused = second.send_command("commit", expect_string=r"\]")
    assert "Error: The trial configuration of another session" in refused
    refused = second.send_command("abort trial", expect_string=r"\]")
    assert "not in the trial configuration mode" in refused
    assert "description trial change" in lab.running_config(edge.hostname)
    logout(session)
    assert wait_until(lambda: lab.running_config(edge.hostname) == before, limit=5)
    logout(second)


def test_commit_persist_from_a_new_session_confirms(lab: LabHandle, edge: LabDevice) -> None:
    session = connect(lab, edge)
    _commit(session, "commit trial 600 label mi-confirm persist mi-confirm")
    logout(session)  # a persistent trial outlives its session
    second = connect(lab, edge)
    second.send_command("system-view", expect_string=r"\]")
    assert "Error" not in second.send_command("commit persist mi-confirm", expect_string=r"\]")
    gone = second.send_command("abort trial persist mi-confirm", expect_string=r"\]")
    assert "not in the trial configuration mode" in gone  # confirmed: no trial left
    assert "description trial change" in lab.running_config(edge.hostname)
    second.send_command("return", expect_string=r">")
    _undo_trial_line(second)
    logout(second)


def test_abort_trial_persist_asks_and_reverts_at_once(lab: LabHandle, edge: LabDevice) -> None:
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    _commit(session, "commit trial 600 persist mi-abort")
    second = connect(lab, edge)
    assert "Unrecognized command" in second.send_command("abort trial persist mi-abort")
    second.send_command("system-view", expect_string=r"\]")
    question = second.send_command("abort trial persist mi-abort", expect_string=r"\[Y/N\]")
    assert "Warning: The trial configuration will be rolled back. Continue? [Y/N]" in question
    done = second.send_command("y", expect_string=r"\]", cmd_verify=False)
    assert "Info: The trial configuration rollback succeeded." in done
    assert lab.running_config(edge.hostname) == before
    again = second.send_command("abort trial persist mi-abort", expect_string=r"\]")
    assert "not in the trial configuration mode" in again
    logout(second)
    logout(session)


def test_cut_management_drops_sessions_until_the_trial_reverts(
    lab: LabHandle, edge: LabDevice
) -> None:
    lab.inject(edge.hostname, parse_fault("cut-management:CUT-MGMT"))
    session = connect(lab, edge)
    before = lab.running_config(edge.hostname)
    system_view(session, CUT_LINE)
    with pytest.raises(UNREACHABLE):
        session.send_command("commit trial 60 persist cut", expect_string=r"\]", read_timeout=5)
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
        system_view(session, AR_LINE)
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
    logout(session)
