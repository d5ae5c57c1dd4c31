"""Unmodified netmiko ``huawei_vrpv8`` against a lab VRPv8 edge: candidate, commit, rollback."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from medinfra.lab import LabDevice, LabHandle
from medinfra.lab.state import startup_path
from medinfra.model import Platform
from tests.lab.conftest import VRP_ERRORS, connect, first

LINE = ["interface GigabitEthernet1/0/9.900", "vlan-type dot1q 900", "ip address 10.9.0.1 30"]
SECOND = ["interface GigabitEthernet1/0/9.900", "description second change"]


@pytest.fixture(scope="module")
def edge(lab: LabHandle) -> LabDevice:
    return first(lab, Platform.HUAWEI_VRPV8)


@pytest.fixture(scope="module")
def session(lab: LabHandle, edge: LabDevice) -> Iterator[Any]:
    connection = connect(lab, edge)
    yield connection
    connection.disconnect()


@pytest.fixture(scope="module")
def candidate(lab: LabHandle, session: Any, edge: LabDevice) -> dict[str, str]:
    """Push LINE without committing; record what the device shows before and after commit."""
    before = lab.running_config(edge.hostname)
    pushed = session.send_config_set(LINE, error_pattern=VRP_ERRORS)
    shown = session.send_command("display configuration candidate", expect_string=r"\]")
    uncommitted = lab.running_config(edge.hostname)
    committed = session.commit()
    return {
        "before": before,
        "pushed": pushed,
        "candidate": shown,
        "uncommitted": uncommitted,
        "commit": committed,
        "after": lab.running_config(edge.hostname),
    }


def test_candidate_is_not_running_until_commit(candidate: dict[str, str], edge: LabDevice) -> None:
    assert f"[*{edge.hostname}-GigabitEthernet1/0/9.900]" in candidate["pushed"]
    assert "interface GigabitEthernet1/0/9.900\n vlan-type dot1q 900\n" in candidate["candidate"]
    assert candidate["uncommitted"] == candidate["before"]
    assert "GigabitEthernet1/0/9.900" not in candidate["uncommitted"]
    assert "interface GigabitEthernet1/0/9.900\n vlan-type dot1q 900\n" in candidate["after"]
    assert f"[~{edge.hostname}-GigabitEthernet1/0/9.900]" in candidate["commit"]


def test_commit_list_and_rollback_restore_running(
    lab: LabHandle, session: Any, edge: LabDevice, candidate: dict[str, str]
) -> None:
    for command in ["system-view", *SECOND, "commit", "return"]:
        session.send_command(command, expect_string=r"[\]>]")
    listing = session.send_command("display configuration commit list")
    ids = re.findall(r"^\d+\s+(\d{10})\s", listing, flags=re.MULTILINE)
    assert ids[:2] == ["1000000002", "1000000001"]
    assert "description second change" in lab.running_config(edge.hostname)
    question = session.send_command(
        "rollback configuration to commit-id 1000000001", expect_string=r"\[Y/N\]"
    )
    assert "Continue? [Y/N]:" in question
    done = session.send_command("y", expect_string=">")
    assert "Configuration rollback succeeded." in done
    assert lab.running_config(edge.hostname) == candidate["after"]
    # the rollback is itself commit 1000000003; undoing the last three goes back to the start
    listing = session.send_command("display configuration commit list")
    assert re.findall(r"^\d+\s+(\d{10})\s", listing, flags=re.MULTILINE)[0] == "1000000003"
    session.send_command("rollback configuration last 3", expect_string=r"\[Y/N\]")
    session.send_command("y", expect_string=">")
    assert lab.running_config(edge.hostname) == candidate["before"]


def test_leaving_with_uncommitted_changes_asks(
    lab: LabHandle, session: Any, edge: LabDevice
) -> None:
    session.send_command("system-view", expect_string=r"\]")
    session.send_command("sysname CHANGED-NAME", expect_string=r"\]")
    question = session.send_command("return", expect_string=r"C\(cancel\)\]:")
    assert "Uncommitted configurations found" in question
    session.send_command("n", expect_string=">")
    assert "CHANGED-NAME" not in lab.running_config(edge.hostname)
    assert session.find_prompt() == f"<{edge.hostname}>"


def test_save_stores_running(lab: LabHandle, session: Any, edge: LabDevice) -> None:
    output = session.save_config()
    assert "Continue? [Y/N]:" in output
    assert "Save the configuration successfully" in output
    saved = startup_path(lab.state_dir, edge.hostname).read_text(encoding="utf-8")
    assert saved == lab.running_config(edge.hostname)


def test_commit_keeps_changes_made_by_others_meanwhile(
    lab: LabHandle, session: Any, edge: LabDevice
) -> None:
    prompt = r"[\]>]"
    session.send_command("system-view", expect_string=prompt)
    session.send_command("interface GigabitEthernet1/0/7", expect_string=prompt)
    changed = session.send_command(
        "description from this session", expect_string=prompt, strip_prompt=False
    )
    assert f"[*{edge.hostname}-GigabitEthernet1/0/7]" in changed
    # another session commits a change while this one still holds its candidate
    lab.apply_lines(edge.hostname, ["interface GigabitEthernet1/0/8", "description from another"])
    committed = session.send_command("commit", expect_string=prompt, strip_prompt=False)
    assert f"[~{edge.hostname}-GigabitEthernet1/0/7]" in committed
    session.send_command("return", expect_string=">")
    running = lab.running_config(edge.hostname)
    assert "interface GigabitEthernet1/0/7\n description from this session\n" in running
    assert "interface GigabitEthernet1/0/8\n description from another\n" in running
