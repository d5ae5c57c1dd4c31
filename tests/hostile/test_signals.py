"""Signals end a run cleanly; kill -9 is detected and reported by the next run (issue #21).

A real ``medinfra push`` subprocess pushes the Henan example (two VRPv8 data-centre edges, two
VRP CPE routers) to the lab, one device at a time, every device answering each line after a
delay (the lab's latency fault). The signal is sent at a point read off the lab itself (a CPE
router half-way through its lines, or the first device done), so the points do not depend on
the machine's speed. Every device must end at its old configuration or at the model.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medinfra.lab import Latency
from medinfra.lab.deadman import TIME_SCALE_ENV
from medinfra.push.audit import read_entries
from medinfra.push.engine import scope_context
from medinfra.push.guard import safe_remediation
from tests.conftest import INVENTORY
from tests.push.labkit import LAB_USER, example_lab, plan_for, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HENAN = "henan-provincial-hospital"
MEDINFRA = str(Path(sys.executable).parent / "medinfra")
FIRST_CPE, SECOND_CPE = "HPPH-CPE-01", "XC-CPE-01"


class Rollout:
    """One ``medinfra push`` subprocess against a lab, and what each device holds."""

    def __init__(self, lab, state: Path, tmp: Path, topology) -> None:
        self.lab, self.state, self.tmp, self.name = lab, state, tmp, topology.name
        self.jobs = {job.device.hostname: job for job in plan_for(self.name, state).jobs}
        self.before = {host: lab.running_config(host) for host in self.jobs}
        self.env = push_env(topology)
        self.env.update(
            MEDINFRA_LOCK_DIR=str(tmp / "locks"),
            MEDINFRA_AUDIT_LOG=str(tmp / "audit.jsonl"),
            COLUMNS="300",
        )

    def start(self, *options: str) -> subprocess.Popen[str]:
        command = [MEDINFRA, "push", str(INVENTORY / self.name), "--lab", str(self.state)]
        return subprocess.Popen(
            [*command, "--quiet", "--workers", "1", "--timeout", "10", *options],
            env=self.env,
            cwd=self.tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def state_of(self, host: str) -> str:
        """'old', 'new' or 'half'."""
        running = self.lab.running_config(host)
        if running == self.before[host]:
            return "old"
        job = self.jobs[host]
        scope = scope_context(job.device, LAB_USER)  # the push's own test of "at the model"
        at_model = safe_remediation(job.device.platform, running, job.intended, scope).empty
        return "new" if at_model else "half"

    def wait_for(self, host: str, wanted: str, process: subprocess.Popen[str]) -> None:
        deadline = time.monotonic() + 90
        while self.state_of(host) != wanted:
            assert process.poll() is None, "the push ended before the point was reached"
            assert time.monotonic() < deadline, f"{host} never became {wanted}"
            time.sleep(0.05)


def _slow_lab(lab, hosts) -> None:
    for host in hosts:
        lab.inject(host, Latency(0.04))


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


@pytest.mark.parametrize(
    ("signals", "point", "code", "base"),
    [
        ([signal.SIGINT], (FIRST_CPE, "half"), 130, "127.0.85.31"),
        ([signal.SIGINT, signal.SIGINT], (FIRST_CPE, "half"), 130, "127.0.85.36"),
        ([signal.SIGTERM], (FIRST_CPE, "half"), 143, "127.0.85.41"),
        ([signal.SIGINT], ("ZZ-DC-PE-01", "new"), 130, "127.0.85.46"),
    ],
    ids=["sigint-mid-cpe", "sigint-twice-mid-cpe", "sigterm-mid-cpe", "sigint-after-first"],
)
def test_signal_stops_new_devices_and_every_device_ends_old_or_new(
    tmp_path, signals, point, code, base
):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, base) as (topology, lab):
        rollout = Rollout(lab, state, tmp_path, topology)
        _slow_lab(lab, rollout.jobs)
        process = rollout.start()
        rollout.wait_for(*point, process)
        for number, sig in enumerate(signals):
            if number:
                time.sleep(0.3)
            process.send_signal(sig)
        returncode, out, err = _finish(process)
        states = {host: rollout.state_of(host) for host in rollout.jobs}
    assert returncode == code, out + err
    assert "stopping - no new device starts" in err
    if len(signals) > 1:
        assert "again: ignored - still finishing the devices in flight" in err
    assert "half" not in states.values(), states
    assert states[point[0]] == "new"  # the device in flight finished
    assert states[SECOND_CPE] == "old"  # it had not started: it never will
    assert "not-started" in out and "device(s):" in out  # the summary was written
    audited = {entry["device"]: entry["result"] for entry in read_entries(tmp_path / "audit.jsonl")}
    assert {host for host, s in states.items() if s == "new"} == set(audited), audited
    assert set(audited.values()) == {"changed"}


def test_kill_9_leaves_a_trace_the_next_run_reports_before_it_changes_anything(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.85.61") as (topology, lab):
        rollout = Rollout(lab, state, tmp_path, topology)
        _slow_lab(lab, rollout.jobs)
        process = rollout.start()
        rollout.wait_for(FIRST_CPE, "half", process)
        process.send_signal(signal.SIGKILL)
        _finish(process)
        killed = {host: rollout.state_of(host) for host in rollout.jobs}
        for host in rollout.jobs:
            lab.clear_faults(host)
        returncode, out, err = _finish(rollout.start())
        after = {host: rollout.state_of(host) for host in rollout.jobs}
    assert killed[FIRST_CPE] == "half"  # until its dead-man reboot (10 minutes by default)
    assert killed[SECOND_CPE] == "old"
    assert returncode == 0, out + err
    assert f"an earlier run (medinfra pid {process.pid} on host" in err
    assert (f"note: {FIRST_CPE}: an earlier push (medinfra pid {process.pid} on host ") in out
    assert "it holds NEITHER the model NOR its configuration from before that push" in out
    assert set(after.values()) == {"new"}
    assert not list((tmp_path / "locks").glob("*.journal")), "settled devices keep no entry"


@pytest.mark.parametrize(
    ("host", "point", "base"),
    [
        ("ZZ-DC-PE-01", "new", "127.0.133.1"),  # VRPv8: after 'commit trial 60': the trial
        (FIRST_CPE, "half", "127.0.133.11"),  # VRP5: lines sent, reboot armed: the reboot
    ],
    ids=["vrpv8-trial", "vrp5-dead-man-reboot"],
)
def test_kill_9_mid_change_the_device_comes_back_by_itself_and_the_next_run_says_so(
    tmp_path, monkeypatch, host, point, base
):
    """kill -9 leaves no one to restore: the device-side protection does. The lab's timers run
    at 1/20 (a 60 s trial or a 1 minute reboot delay take 3 s); the push is not scaled."""
    monkeypatch.setenv(TIME_SCALE_ENV, "0.05")
    state = tmp_path / "lab"
    with example_lab(HENAN, state, base) as (topology, lab):
        rollout = Rollout(lab, state, tmp_path, topology)
        _slow_lab(lab, rollout.jobs)
        lab.inject(host, Latency(0.3))  # the confirming session takes seconds to log in
        process = rollout.start("--trial-seconds", "60", "--reboot-delay", "1")
        rollout.wait_for(host, point, process)
        process.send_signal(signal.SIGKILL)
        _finish(process)
        deadline = time.monotonic() + 60
        while rollout.state_of(host) != "old":  # nobody else is left to bring it back
            assert time.monotonic() < deadline, f"{host} did not come back by itself"
            time.sleep(0.1)
        for each in rollout.jobs:
            lab.clear_faults(each)
        returncode, out, err = _finish(rollout.start())
        after = {each: rollout.state_of(each) for each in rollout.jobs}
    assert returncode == 0, out + err
    assert f"an earlier run (medinfra pid {process.pid} on host" in err
    assert f"note: {host}: an earlier push (medinfra pid {process.pid} on host " in out
    assert "it holds its configuration from before that push" in out
    assert set(after.values()) == {"new"}


def test_sigint_twice_with_an_olt_in_flight_finishes_the_olt(tmp_path):
    """An OLT applies each line as it arrives (service-ports, ONTs): a second Ctrl-C once left
    one with its ward service-ports deleted. It finishes, the OLT after it never starts."""
    state = tmp_path / "lab"
    first, second = "UNION-OLT-01", "UNION-OLT-02"
    with example_lab("union-shenzhen-campus", state, "127.0.137.1") as (topology, lab):
        rollout = Rollout(lab, state, tmp_path, topology)
        _slow_lab(lab, rollout.jobs)
        process = rollout.start()
        rollout.wait_for(first, "half", process)
        process.send_signal(signal.SIGINT)
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        returncode, out, err = _finish(process)
        states = {host: rollout.state_of(host) for host in rollout.jobs}
    assert returncode == 130, out + err
    assert "again: ignored - still finishing the devices in flight" in err
    assert states[first] == "new" and states[second] == "old", states
    assert "half" not in states.values(), states
