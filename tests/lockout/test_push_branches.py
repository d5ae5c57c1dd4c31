"""Every way a protected push can end, against the lab over SSH with netmiko's drivers, and
what the device holds afterwards (read over SSH: the commit list, the trial, the schedule).

The lab runs on 127.0.120.x at time scale 0.1: a 60 s trial reverts after 6 s, a 1 minute
dead-man reboot comes after 6 s.
"""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medinfra.lab import CutManagement, Fault, IgnoreLine, LabHandle
from medinfra.model import Topology
from medinfra.push.audit import read_entries
from medinfra.push.results import DeviceResult, Outcome
from tests.lab.conftest import connect, logout
from tests.lockout.henan_lab import CPE, EDGE, NTP, PROTECT, SCALE, henan_lab
from tests.push.labkit import but_device_lines, push_host

pytestmark = [pytest.mark.lab, pytest.mark.slow]


@pytest.fixture(scope="module")
def henan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Topology, LabHandle, Path]]:
    with henan_lab(tmp_path_factory, "lockout-branches", "127.0.120.1") as henan:
        yield henan


def _push(
    henan: tuple[Topology, LabHandle, Path], host: str, run_id: str, *, check: bool = False
) -> DeviceResult:
    topology, _, state = henan
    return push_host(topology, state, host, check=check, protect=PROTECT, run_id=run_id)


def _ask(lab: LabHandle, host: str, *lines: str) -> str:
    """Lines typed on a new netmiko session (``system-view`` first when a line needs it)."""
    session: Any = connect(lab, lab.device(host))
    try:
        return "\n".join(str(session.send_command(line, expect_string=r"[>\]]")) for line in lines)
    finally:
        logout(session)


def _no_trial_left(lab: LabHandle, run_id: str) -> bool:
    answer = _ask(lab, EDGE, "system-view", f"abort trial persist medinfra-{run_id}", "return")
    return "not in the trial configuration mode" in answer


def _newest_commit(lab: LabHandle) -> str:
    listing = _ask(lab, EDGE, "display configuration commit list verbose")
    return listing.split("\n2) ")[0]


def _no_reboot_scheduled(lab: LabHandle) -> bool:
    return "No schedule reboot" in _ask(lab, CPE, "display schedule reboot")


def test_a_normal_push_confirms_and_leaves_no_trial_and_no_reboot(henan) -> None:
    _, lab, state = henan
    for host in (EDGE, CPE):
        lab.apply_lines(host, [f"undo {NTP}"])
    edge = _push(henan, EDGE, "normal-1")
    cpe = _push(henan, CPE, "normal-1")
    assert (edge.outcome, edge.ended) == (Outcome.CHANGED, "confirmed"), edge.error
    assert (cpe.outcome, cpe.ended) == (Outcome.CHANGED, "confirmed"), cpe.error
    newest = _newest_commit(lab)
    assert "Label: medinfra-normal-1" in newest
    assert "Description: medinfra push normal-1" in newest
    assert f"CommitId: {edge.commit_id}" in newest
    assert _no_trial_left(lab, "normal-1")
    assert _no_reboot_scheduled(lab)
    configs = {host: lab.running_config(host) for host in (EDGE, CPE)}
    time.sleep(60 * SCALE + 2)  # past the trial time and the reboot delay
    assert {host: lab.running_config(host) for host in (EDGE, CPE)} == configs
    assert NTP in configs[EDGE] and NTP in configs[CPE]
    assert _newest_commit(lab) == newest  # no revert commit came after the confirmation
    ended = [e["ended"] for e in read_entries(state / "audit.jsonl")[-2:]]
    assert ended == ["confirmed", "confirmed"]


BRANCHES = [
    # (host, fault, ended, how the device got back, what the error says)
    (
        EDGE,
        IgnoreLine(NTP),
        "reverted by trial",
        "abort trial",
        "after the push the running config still differs from the intended one",
    ),
    (
        EDGE,
        CutManagement(NTP, keep_open=True),
        "reverted by trial",
        "abort trial",
        "after the change a new SSH session could not log in",
    ),
    (EDGE, CutManagement(NTP), "reverted by trial", "the trial timer", ""),
    (
        CPE,
        IgnoreLine(NTP),
        "restored line by line",
        "the scheduled reboot cancelled",
        "after the push the running config still differs from the intended one",
    ),
    (
        CPE,
        CutManagement(NTP, keep_open=True),
        "restored by reboot",
        "the scheduled reboot",
        "after the change a new SSH session could not log in",
    ),
    (CPE, CutManagement(NTP), "restored by reboot", "the scheduled reboot", ""),
]


@pytest.mark.parametrize(("host", "fault", "ended", "how", "error"), BRANCHES)
def test_a_failed_protected_push_ends_at_the_old_config_and_says_how(
    henan, host: str, fault: Fault, ended: str, how: str, error: str
) -> None:
    _, lab, state = henan
    lab.apply_lines(host, [f"undo {NTP}"])
    before = lab.running_config(host)
    run_id = f"{host}-{type(fault).__name__}-{getattr(fault, 'keep_open', '')}"
    lab.inject(host, fault)
    try:
        started = time.monotonic()
        result = _push(henan, host, run_id)
    finally:
        lab.clear_faults(host)
    assert result.outcome is Outcome.ROLLED_BACK, result.error
    assert result.ended == ended
    assert result.restore_verified
    assert error in (result.error or "")
    assert any(f"{ended} (" in note and how in note for note in result.notes), result.notes
    # a restore line by line leaves the lines the device added itself (ntp-service server
    # disable at the first NTP server: push/restore_scope.py); a revert or reboot leaves none
    after = lab.running_config(host)
    assert but_device_lines(after) == but_device_lines(before)
    if "line by line" not in ended:
        assert after == before
    assert time.monotonic() - started < 60
    entry = read_entries(state / "audit.jsonl")[-1]
    assert (entry["ended"], entry["run_id"]) == (ended, run_id)
    assert _push(henan, host, f"{run_id}-again", check=True).notes == []  # settled, no journal
    if host == EDGE:
        assert _no_trial_left(lab, run_id)
    else:
        assert _no_reboot_scheduled(lab)
