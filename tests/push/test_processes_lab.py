"""A run forked into push processes, against the lab over real SSH with netmiko's drivers."""

import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from medinfra.lab import Latency
from medinfra.push.audit import read_entries
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions, scope_context
from medinfra.push.guard import safe_remediation
from medinfra.push.runner import run_push
from tests.conftest import INVENTORY
from tests.fixtures.brownfield import FIXTURES, TOPOLOGY
from tests.push.labkit import (
    LAB_USER,
    assert_push_keeps_what_the_model_does_not_state,
    example_lab,
    plan_for,
    push_env,
)

pytestmark = [pytest.mark.lab, pytest.mark.slow]

MEDINFRA = str(Path(sys.executable).parent / "medinfra")
HENAN = "henan-provincial-hospital"


def state_of(lab, job, before: str) -> str:
    """'old', 'new' or 'half' (the push's own test of "at the model")."""
    running = lab.running_config(job.device.hostname)
    if running == before:
        return "old"
    scope = scope_context(job.device, LAB_USER)
    at_model = safe_remediation(job.device.platform, running, job.intended, scope).empty
    return "new" if at_model else "half"


def test_two_processes_converge_every_device_and_a_rerun_changes_nothing(tmp_path):
    name = "union-shenzhen-campus"
    state = tmp_path / "lab"
    with example_lab(name, state, "127.3.1.1") as (topology, lab):
        jobs = plan_for(name, state).jobs
        store = load_store(push_env(topology))
        options = PushOptions(audit_log=tmp_path / "audit.jsonl", lock_dir=tmp_path / "locks")
        first = run_push(jobs, store, options, workers=4, processes=2)
        again = run_push(jobs, store, options, workers=4, processes=2)
        states = {job.device.hostname: state_of(lab, job, "") for job in jobs}
    hosts = {job.device.hostname for job in jobs}
    assert set(first.results) == hosts == set(again.results)
    assert not first.failed_hosts, {h: r.error for h, r in first.failed_hosts.items()}
    assert set(first.changed_hosts) == hosts
    assert not again.changed_hosts and not again.failed_hosts
    assert set(states.values()) == {"new"}, states
    entries = read_entries(tmp_path / "audit.jsonl")
    audited = Counter((entry["device"], entry["result"]) for entry in entries)
    assert audited == dict.fromkeys(((host, "changed") for host in hosts), 1)  # none lost
    assert {entry["run_id"] for entry in entries} == {options.run_id}


def test_brownfield_devices_keep_every_line_the_model_does_not_restate_across_processes(tmp_path):
    """The real-layout brownfield dumps (a VRP CPE, a VRPv8 edge, a SmartAX OLT) pushed through
    two push processes: a check sends nothing, a push takes away only lines the model
    restates, every other line stays, a second push changes nothing (the invariant of
    tests/push/test_brownfield_lab.py, one process there)."""
    configs = {host: path for host, (_, path) in FIXTURES.items()}
    assert_push_keeps_what_the_model_does_not_state(
        TOPOLOGY, configs, "127.3.3.1", tmp_path, processes=2
    )


def test_a_sigterm_to_the_parent_alone_stops_every_process_cleanly(tmp_path):
    """The signal goes to the parent only (not to its process group): the children must be
    told by the parent. Every device ends old or new, the user is told once, and the devices
    not started are reported so."""
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.3.2.1") as (topology, lab):
        jobs = {job.device.hostname: job for job in plan_for(HENAN, state).jobs}
        before = {host: lab.running_config(host) for host in jobs}
        for host in jobs:
            lab.inject(host, Latency(0.04))
        env = push_env(topology)
        env.update(
            MEDINFRA_LOCK_DIR=str(tmp_path / "locks"),
            MEDINFRA_AUDIT_LOG=str(tmp_path / "audit.jsonl"),
            COLUMNS="300",
        )
        command = [MEDINFRA, "push", str(INVENTORY / HENAN), "--lab", str(state), "--quiet"]
        process = subprocess.Popen(
            [*command, "--workers", "2", "--processes", "2", "--timeout", "10"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        cpes = [host for host, job in jobs.items() if job.device.role.value == "cpe"]
        deadline = time.monotonic() + 90
        while not any(state_of(lab, jobs[h], before[h]) == "half" for h in cpes):
            assert process.poll() is None, "the push ended before a CPE router was half-way"
            assert time.monotonic() < deadline, "no CPE router was ever half-way"
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=120)
        states = {host: state_of(lab, job, before[host]) for host, job in jobs.items()}
    assert process.returncode == 143, out + err
    assert err.count("stopping - no new device starts") == 1, err
    assert "half" not in states.values(), states
    assert "device(s):" in out  # the summary was written
    audited = {entry["device"]: entry["result"] for entry in read_entries(tmp_path / "audit.jsonl")}
    assert {host for host, s in states.items() if s == "new"} == set(audited), audited
