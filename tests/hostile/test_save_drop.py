"""A connection lost during ``save`` or its dialog, on each platform (issue #21).

The running configuration is verified before the save, so a lost save never undoes it: a new
session finds the configuration saved or saves it again; when it cannot, the device is
reported failed with its state exactly. ``--timeout`` (5 s here) bounds every wait.
"""

import time

import pytest

from medinfra.lab import DropOn, RejectCommand
from medinfra.lab.state import startup_path
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions
from medinfra.push.results import Outcome, RunResult
from medinfra.push.runner import run_push
from tests.push.labkit import example_lab, plan_for, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HENAN = "henan-provincial-hospital"
UNION = "union-shenzhen-campus"
CPE, PE, OLT = "XC-CPE-01", "ZZ-DC-PE-01", "UNION-OLT-01"
# A fresh VRP5 CPE saves once before its dead-man reboot is armed ('save', 'y'), then answers
# 'y' to 'schedule reboot'; the push's own save is its second 'save' and third 'y'. VRPv8
# and SmartAX save once (SmartAX asks nothing).
LOST_BEFORE_SAVING = {CPE: DropOn(r"^save$", nth=2), PE: DropOn(r"^save$")}
OLT_LOST_BEFORE = DropOn(r"^save$")
OLT_LOST_AFTER = DropOn(r"^save$", answered=True)
LOST_AT_THE_DIALOG = {CPE: DropOn(r"^y$", nth=3), PE: DropOn(r"^y$")}
LOST_AFTER_SAVING = {
    CPE: DropOn(r"^y$", nth=3, answered=True),
    PE: DropOn(r"^y$", answered=True),
}
WAIT_BOUND = 45.0
"""netmiko's own save waits 100 s for an answer that a dropped link never sends."""


def _run(name, base, tmp, faults) -> tuple[RunResult, dict[str, str]]:
    state = tmp / "lab"
    hosts = sorted(faults)
    with example_lab(name, state, base) as (topology, lab):
        plan = plan_for(name, state, hostnames=hosts)
        for host, fault in faults.items():
            lab.inject(host, fault)
        store = load_store(push_env(topology))
        run = run_push(plan.jobs, store, PushOptions(lock_dir=tmp / "locks"))
        running = {host: lab.running_config(host) for host in hosts}
        for host in hosts:
            assert startup_path(state, host).read_text(encoding="utf-8") == running[host], host
        again = run_push(plan.jobs, store, PushOptions(lock_dir=tmp / "locks"))
    assert all(again[h].outcome is Outcome.UNCHANGED and not again[h].notes for h in hosts)
    return run, running


@pytest.mark.parametrize(
    ("name", "base", "faults", "how"),
    [
        (HENAN, "127.0.130.1", LOST_BEFORE_SAVING, "saved again from a new session (verified)"),
        (HENAN, "127.0.130.11", LOST_AT_THE_DIALOG, "saved again from a new session (verified)"),
        (
            HENAN,
            "127.0.130.21",
            LOST_AFTER_SAVING,
            "a new session found the saved configuration equal",
        ),
        (UNION, "127.0.130.31", {OLT: OLT_LOST_BEFORE}, "saved again from a new session"),
        (UNION, "127.0.130.41", {OLT: OLT_LOST_AFTER}, "a new session found"),
    ],
    ids=["henan-before-save", "henan-dialog", "henan-after-save", "olt-before", "olt-after"],
)
def test_a_save_that_loses_its_connection_keeps_the_change_and_saves_it(
    tmp_path, name, base, faults, how
):
    start = time.monotonic()
    run, _ = _run(name, base, tmp_path, faults)
    for host in faults:
        result = run[host]
        assert result.outcome is Outcome.CHANGED, result.error
        assert not result.rolled_back
        interrupted = [n for n in result.notes if "the save was interrupted" in n]
        assert len(interrupted) == 1 and how in interrupted[0], result.notes
        assert "the device closed the connection" in interrupted[0]
        assert result.total_seconds < WAIT_BOUND, result.durations
    assert time.monotonic() - start < 2 * WAIT_BOUND


def test_a_save_the_device_refuses_is_reported_exactly_and_repaired_by_the_next_push(tmp_path):
    """The OLT applies each line as it arrives; stopped after its change and before its save
    (a refused save here), the next run finds saved and running apart, saves and says so."""
    state = tmp_path / "lab"
    with example_lab(UNION, state, "127.0.130.51") as (topology, lab):
        plan = plan_for(UNION, state, hostnames=[OLT])
        store = load_store(push_env(topology))
        options = PushOptions(lock_dir=tmp_path / "locks")
        lab.inject(OLT, RejectCommand(r"^save", "  Failure: The flash memory is busy"))
        first = run_push(plan.jobs, store, options)[OLT]
        running = lab.running_config(OLT)
        saved = startup_path(state, OLT)
        assert not saved.exists() or saved.read_text(encoding="utf-8") != running
        lab.clear_faults(OLT)
        repaired = run_push(plan.jobs, store, options)[OLT]
        assert saved.read_text(encoding="utf-8") == running == lab.running_config(OLT)
    assert first.outcome is Outcome.FAILED and not first.rolled_back
    assert first.error is not None
    assert "running configuration is at the model (verified), but the save did not" in first.error
    assert "save failed: Failure: The flash memory is busy" in first.error
    assert "the next 'medinfra push' compares it with the running one and saves" in first.error
    assert repaired.outcome is Outcome.CHANGED and not repaired.diff
    (note,) = repaired.notes
    assert note.startswith(f"{OLT}: saved - the saved configuration differed")


def test_a_device_that_goes_silent_at_save_is_given_3_x_timeout_and_reported_exactly(tmp_path):
    """--timeout 5: the save waits 15 s (not netmiko's 100 s), the new session's login gives up
    too; the change stays (verified), the report says the save did not complete."""
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.130.61") as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=[PE])
        before = lab.running_config(PE)
        lab.inject(PE, DropOn(r"^save$", silent=True))
        store = load_store(push_env(topology))
        result = run_push(plan.jobs, store, PushOptions(lock_dir=tmp_path / "locks"))[PE]
        running = lab.running_config(PE)
        saved = startup_path(state, PE)
        assert not saved.exists() or saved.read_text(encoding="utf-8") != running
    assert running != before and not result.rolled_back
    assert result.outcome is Outcome.FAILED and result.ended == "confirmed"
    error = result.error or ""
    assert error.startswith(f"{PE}: the running configuration is at the model (verified)"), error
    assert f"{PE}: no answer to 'save' within 15 s (3 x --timeout)" in error
    assert "a new session: " in error
    assert result.total_seconds < WAIT_BOUND + 15, result.durations
