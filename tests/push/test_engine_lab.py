"""The push engine against the device lab over real SSH: idempotency, restore, identity, keys."""

from dataclasses import replace

import pytest

from medinfra.lab import ChangeHostKey, DropAfter, DropOn, RejectCommand
from medinfra.model import ManagedMode
from medinfra.push.audit import read_entries
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions, push_device
from medinfra.push.locks import device_lock
from medinfra.push.protect import ProtectOptions
from medinfra.push.results import Outcome
from tests.push.labkit import example_lab, plan_for, push_all, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

CAMPUS = "union-shenzhen-campus"
HENAN = "henan-provincial-hospital"


def test_first_push_changes_every_device_and_the_second_nothing(tmp_path):
    state = tmp_path / "lab"
    with example_lab(CAMPUS, state, "127.0.66.1") as (topology, lab):
        plan = plan_for(CAMPUS, state)
        first = push_all(plan, topology, tmp_path)
        assert {r.outcome for r in first.results.values()} == {Outcome.CHANGED}, first.failed_hosts
        assert len(first) == len(list(topology.all_devices()))
        for result in first.results.values():
            has_commit = result.platform == "huawei_vrpv8"
            assert (result.commit_id is not None) is has_commit, result.host
        olt = next(r for r in first.results.values() if r.platform == "huawei_smartax")
        assert "ont add" in olt.diff and "commit" not in olt.diff
        configs = {host: lab.running_config(host) for host in first}
        second = push_all(plan, topology, tmp_path)
        assert {r.outcome for r in second.results.values()} == {Outcome.UNCHANGED}
        assert {host: lab.running_config(host) for host in second} == configs
    audited = read_entries(tmp_path / "audit.jsonl")
    assert sorted(e["device"] for e in audited) == sorted(first)  # untouched runs not logged
    assert all(e["result"] == "changed" and e["diff"] for e in audited)
    assert not any("Lab-" in e["diff"] for e in audited), "a secret value reached the audit log"


def _drift(lab, hosts):
    for host in hosts:
        lab.apply_lines(host, ["undo ntp-service unicast-server 10.255.0.10", "undo lldp enable"])


def test_fault_mid_push_restores_exactly_and_the_others_complete(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.66.31") as (topology, lab):
        plan = plan_for(HENAN, state)
        assert not push_all(plan, topology, tmp_path).failed
        hosts = sorted(job.device.hostname for job in plan.jobs)
        _drift(lab, hosts)
        before = {host: lab.running_config(host) for host in hosts}
        rejecting, dropping = "HPPH-CPE-01", "ZZ-DC-PE-02"
        lab.inject(rejecting, RejectCommand(r"^lldp enable"))
        lab.inject(
            dropping, DropAfter(6)
        )  # login, display x2, system-view, 2 lines: drops at commit
        run = push_all(plan, topology, tmp_path)
        for host in (rejecting, dropping):
            assert run[host].failed and run[host].rolled_back and run[host].restore_verified
            assert lab.running_config(host) == before[host], f"{host} not at its pre-change config"
        assert "lldp enable" in run[rejecting].error
        for host in set(hosts) - {rejecting, dropping}:
            assert run[host].outcome is Outcome.CHANGED, run[host].error
            assert lab.running_config(host) != before[host]
        lab.clear_faults(rejecting)
        lab.clear_faults(dropping)
        assert not push_all(plan, topology, tmp_path).failed


def test_vrpv8_failure_after_commit_rolls_back_to_the_previous_commit(tmp_path):
    """Without a trial (--trial-seconds 0) the commit is final: a failure after it (here the
    verification read loses its connection) rolls back to the commit before the push. A
    failed save no longer does: tests/hostile/test_save_drop.py."""
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.66.41") as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=["ZZ-DC-PE-01"])
        assert not push_all(plan, topology, tmp_path).failed
        _drift(lab, ["ZZ-DC-PE-01"])
        before = lab.running_config("ZZ-DC-PE-01")
        # the push reads the running config before its change and again to verify after it
        lab.inject("ZZ-DC-PE-01", DropOn(r"^display current-configuration$", nth=2))
        store = load_store(push_env(topology))
        untried = PushOptions(lock_dir=tmp_path / "locks", protect=ProtectOptions(trial_seconds=0))
        (job,) = plan.jobs
        result = push_device(job, store, untried)
        assert result.failed and result.rolled_back and result.restore_verified, result.error
        assert "no answer from the device" in result.error or "closed" in result.error
        assert result.commit_id is not None and result.rollback_commit_id is not None
        assert int(result.rollback_commit_id) > int(result.commit_id)
        assert lab.running_config("ZZ-DC-PE-01") == before


def test_device_with_another_sysname_is_refused_before_any_change(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.66.51") as (topology, lab):
        lab.apply_lines("XC-CPE-01", ["sysname HPPH-CPE-01"])
        before = lab.running_config("XC-CPE-01")
        plan = plan_for(HENAN, state, hostnames=["XC-CPE-01"])
        result = push_all(plan, topology, tmp_path)["XC-CPE-01"]
        assert result.outcome is Outcome.REFUSED
        assert "refusing to push" in result.error and "HPPH-CPE-01" in result.error
        # the error text and the class behind it are kept apart
        assert result.error_type == "IdentityError"
        assert "IdentityError" not in result.error
        assert lab.running_config("XC-CPE-01") == before
    entry = read_entries(tmp_path / "audit.jsonl")[0]
    assert (entry["result"], entry["error_type"]) == ("refused", "IdentityError")


def test_host_keys_unknown_refused_accept_new_records_changed_refused(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.66.61") as (topology, lab):
        store = load_store(push_env(topology))
        empty = tmp_path / "known_hosts"
        empty.write_text("", encoding="utf-8")
        options = PushOptions(check=True)

        def job(accept_new: bool) -> object:
            plan = plan_for(
                HENAN, state, hostnames=["XC-CPE-01"], known_hosts=empty, accept_new=accept_new
            )
            return plan.jobs[0]

        refused = push_device(job(False), store, options)
        assert refused.failed and "not in" in refused.error and "--accept-new" in refused.error
        accepted = push_device(job(True), store, options)
        assert not accepted.failed and accepted.changed
        assert "ssh-" in empty.read_text(encoding="utf-8")
        lab.inject("XC-CPE-01", ChangeHostKey())
        changed = push_device(job(True), store, options)
        assert changed.failed and "differs" in changed.error


def test_a_device_being_pushed_elsewhere_is_not_touched(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.66.71") as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=["XC-CPE-01"])
        store = load_store(push_env(topology))
        before = lab.running_config("XC-CPE-01")
        with device_lock(tmp_path / "locks", "XC-CPE-01"):
            result = push_device(plan.jobs[0], store, PushOptions(lock_dir=tmp_path / "locks"))
        assert result.failed and "another push is working on this device" in result.error
        assert lab.running_config("XC-CPE-01") == before


def test_smartax_drift_is_repaired_with_its_own_commands(tmp_path):
    state = tmp_path / "lab"
    with example_lab(CAMPUS, state, "127.0.66.81") as (topology, lab):
        olt = next(
            d.hostname for _, d in topology.all_devices() if d.platform.value == "huawei_smartax"
        )
        plan = plan_for(CAMPUS, state, hostnames=[olt])
        assert not push_all(plan, topology, tmp_path).failed
        intended = lab.running_config(olt)
        lab.apply_lines(olt, ["vlan 3999 smart"])
        drifted = lab.running_config(olt)
        scoped = push_all(plan, topology, tmp_path)[olt]  # a VLAN the model does not own stays
        # ... and, typed by hand and never saved, is saved with the rest (saved = running)
        assert scoped.outcome is Outcome.CHANGED and not scoped.diff, scoped.error
        (note,) = scoped.notes
        assert note.startswith(f"{olt}: saved - the saved configuration differed")
        assert "vlan 3999 smart: not owned by the model (kept)" in scoped.unmanaged
        assert lab.running_config(olt) == drifted
        (job,) = plan.jobs
        full = job.device.model_copy(update={"managed": ManagedMode.FULL})
        plan = replace(plan, jobs=[replace(job, device=full)])
        repair = push_all(plan, topology, tmp_path)[olt]  # greenfield: the model is everything
        assert repair.outcome is Outcome.CHANGED and repair.diff.strip() == "undo vlan 3999"
        assert lab.running_config(olt) == intended
