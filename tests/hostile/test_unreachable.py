"""Restores that cannot reach the device are reported exactly; a device that drops every
session, or keeps dropping them, is restored and verified (issue #21)."""

import threading
import time

import pytest

from medinfra.lab import ChangeHostKey, DropAfter, DropOn, Hang, Latency, RefuseAuth, RejectCommand
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions
from medinfra.push.protect import ProtectOptions
from medinfra.push.runner import run_push
from tests.push.labkit import but_device_lines, example_lab, plan_for, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HENAN = "henan-provincial-hospital"
CPE = "XC-CPE-01"


def _push(plan, topology, tmp, protect=None):
    options = PushOptions(
        lock_dir=tmp / "locks",
        audit_log=tmp / "audit.jsonl",
        protect=protect or ProtectOptions(),
    )
    return run_push(plan.jobs, load_store(push_env(topology)), options)[CPE]


def test_a_device_dropping_every_session_is_restored_and_verified(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.85.81") as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=[CPE])
        before = lab.running_config(CPE)
        # login, display, system-view, 5 lines: the push drops at its 6th line
        lab.inject(CPE, DropAfter(8))
        result = _push(plan, topology, tmp_path)
        held = lab.running_config(CPE)
    assert held == before
    assert result.failed and result.rolled_back and result.restore_verified, result.error
    assert "restore failed" not in result.error


def test_a_restore_refused_by_the_device_says_what_it_left_and_how_to_finish(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.85.86") as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=[CPE])
        before = lab.running_config(CPE)
        lab.inject(CPE, Latency(0.03))

        def lock_out_once_lines_arrive() -> None:  # the password changes mid-push
            deadline = time.monotonic() + 60
            while lab.running_config(CPE) == before and time.monotonic() < deadline:
                time.sleep(0.02)
            lab.inject(CPE, RefuseAuth())
            lab.inject(CPE, RejectCommand(r"^ip route-static"))

        watcher = threading.Thread(target=lock_out_once_lines_arrive)
        watcher.start()
        # no dead-man reboot: this is the path of a device that may not be rebooted, where
        # only the controller's restore can undo the change (tests/lockout has the reboot)
        unprotected = ProtectOptions(reboot_minutes=0)
        result = _push(plan, topology, tmp_path, unprotected)
        watcher.join()
        held = lab.running_config(CPE)
        lab.clear_faults(CPE)
        repaired = _push(plan, topology, tmp_path, unprotected)
    assert held != before
    assert result.failed and not result.rolled_back
    assert "the device refused a line" in result.error
    assert "restore failed" in result.error and "authentication failed" in result.error
    assert "last seen: some or all of the pushed lines applied" in result.error
    assert "to finish by hand, in configuration mode send: undo " in result.error
    (note,) = repaired.notes
    assert "did not finish on this device" in note and "NEITHER the model NOR" in note
    assert repaired.outcome.value == "changed"
    assert not list((tmp_path / "locks").glob("*.journal"))


@pytest.mark.parametrize(
    ("flapping", "said", "base"),
    [
        (
            False,
            "but the device, read again, is at its old configuration (verified)",
            "127.0.132.1",
        ),
        (
            True,
            "the restore lost its connection and was tried again; restored at attempt 2",
            "127.0.132.11",
        ),
    ],
    ids=["read-again", "flapping"],
)
def test_a_device_that_keeps_dropping_is_read_before_a_restore_is_called_failed(
    tmp_path, flapping, said, base
):
    """The restore's lines all arrive and its 'return' is carried out, but the link goes before
    the answer. Read again, the device is at its old configuration: reported restored, not
    'restore failed'. Flapping, that read drops too, and the restore is tried again."""
    state = tmp_path / "lab"
    with example_lab(HENAN, state, base) as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=[CPE])
        before = lab.running_config(CPE)
        lab.inject(CPE, RejectCommand(r"^ip route-static"))  # the push fails mid-way
        lab.inject(CPE, DropOn(r"^return$", answered=True))  # the restore's last line
        if flapping:  # reads: the push's (1), the restore's before its lines (2), the look (3)
            lab.inject(CPE, DropOn(r"^display current-configuration$", nth=3))
        result = _push(plan, topology, tmp_path, ProtectOptions(reboot_minutes=0))
        held = lab.running_config(CPE)
    # back at its old config but for the lines the device added itself (the restore leaves
    # them, and says so in a note of its own)
    assert but_device_lines(held) == but_device_lines(before)
    assert result.failed and result.rolled_back and result.restore_verified, result.error
    assert "restore failed" not in (result.error or "")
    assert "the device refused a line" in (result.error or "")
    left, note = result.notes
    assert left.startswith(f"{CPE}: the restore left lines the push did not write: "), left
    assert note.startswith(f"{CPE}: the restore ") and said in note, note
    assert not list((tmp_path / "locks").glob("*.journal"))


@pytest.mark.parametrize(
    ("blocked", "reason", "base"),
    [
        (Hang(), "no answer from the device within 5 s (--timeout)", "127.0.134.1"),
        (ChangeHostKey(), "host key", "127.0.134.11"),
        (RejectCommand(r"^undo "), "the device refused a line", "127.0.134.21"),
    ],
    ids=["hang", "host-key", "rejected-restore-line"],
)
def test_a_restore_blocked_by_each_fault_is_reported_exactly_and_the_next_run_repairs(
    tmp_path, blocked, reason, base
):
    """Once the push's lines arrive, the device starts blocking (it hangs, shows a new host
    key, or refuses the restore's 'undo' lines) and the push fails: the restore cannot finish,
    and the report says why, what was last seen and how to finish by hand."""
    state = tmp_path / "lab"
    with example_lab(HENAN, state, base) as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=[CPE])
        before = lab.running_config(CPE)
        lab.inject(CPE, Latency(0.03))

        def block_once_lines_arrive() -> None:
            deadline = time.monotonic() + 60
            while lab.running_config(CPE) == before and time.monotonic() < deadline:
                time.sleep(0.02)
            lab.inject(CPE, blocked)
            lab.inject(CPE, RejectCommand(r"^ip route-static"))

        watcher = threading.Thread(target=block_once_lines_arrive)
        watcher.start()
        unprotected = ProtectOptions(reboot_minutes=0)
        result = _push(plan, topology, tmp_path, unprotected)
        watcher.join()
        held = lab.running_config(CPE)
        lab.clear_faults(CPE)
        repaired = _push(plan, topology, tmp_path, unprotected)
    assert held != before
    assert result.failed and not result.rolled_back and not result.restore_verified
    error = result.error or ""
    assert "restore failed" in error and reason in error, error
    assert "Pattern not detected" not in error and "(?:" not in error, error
    assert "last seen: some or all of the pushed lines applied" in error
    assert "to finish by hand, in configuration mode send: undo " in error
    (note,) = repaired.notes
    assert "did not finish on this device" in note and "NEITHER the model NOR" in note
    assert repaired.outcome.value == "changed"
