"""Restores that cannot reach the device are reported exactly; a device that drops every
session is restored and verified (issue #21).

The engine also reads a device once more before it reports a restore failed; no lab fault
found here makes that second look decide (a drop fault lets each restore session send as
many lines as the push's did), so that path has no test of its own yet."""

import threading
import time

import pytest

from medinfra.lab import DropAfter, Latency, RefuseAuth, RejectCommand
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions
from medinfra.push.protect import ProtectOptions
from medinfra.push.runner import run_push
from tests.push.labkit import example_lab, plan_for, push_env

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
