"""site.yml with the real ansible-playbook against the lab over real SSH.

The Henan example (two VRPv8 data-centre edges, two VRP CPE routers) keeps each run small.
Imaging gateways are Linux hosts outside the lab, so every run is limited to the devices.
"""

import pytest

from medinfra.lab import DropAfter, RejectCommand
from medinfra.push.audit import read_entries
from tests.ansible.playbook import run_site
from tests.push.labkit import example_lab, plan_for, push_all

pytestmark = [pytest.mark.lab, pytest.mark.ansible, pytest.mark.slow]

HENAN = "henan-provincial-hospital"
DEVICES = {"ZZ-DC-PE-01", "ZZ-DC-PE-02", "HPPH-CPE-01", "XC-CPE-01"}


def test_rollout_is_idempotent_and_check_diff_shows_drift_that_a_run_repairs(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.67.1") as (topology, lab):
        first = run_site(topology, state, tmp_path, "--limit", "medinfra_devices")
        assert first.returncode == 0, first.output
        assert "Could not match supplied host pattern" not in first.output
        assert "[WARNING]" not in first.output, first.output
        assert {host: c["changed"] for host, c in first.recap().items()} == dict.fromkeys(
            DEVICES, 1
        )
        order = [
            first.output.index(f"PLAY [{play}]")
            for play in ("Data-centre edges", "Hospital CPE routers")
        ]
        assert order == sorted(order)
        configured = {host: lab.running_config(host) for host in DEVICES}
        assert all("ntp-service unicast-server 10.255.0.10" in text for text in configured.values())

        second = run_site(
            topology,
            state,
            tmp_path,
            "--limit",
            "medinfra_devices",
            "-e",
            "medinfra_serial=1",
            "-e",
            "medinfra_max_fail_percentage=0",
        )
        assert second.returncode == 0, second.output
        assert {host: c["changed"] for host, c in second.recap().items()} == dict.fromkeys(
            DEVICES, 0
        )
        assert second.output.count("PLAY [Hospital CPE routers]") == 2  # serial=1: one batch each

        lab.apply_lines("XC-CPE-01", ["undo ntp-service unicast-server 10.255.0.10"])
        drifted = lab.running_config("XC-CPE-01")
        check = run_site(
            topology, state, tmp_path, "--limit", "site_xincai_branch", "--check", "--diff"
        )
        assert check.returncode == 0, check.output
        assert check.recap() == {"XC-CPE-01": check.recap()["XC-CPE-01"]}
        assert check.recap()["XC-CPE-01"]["changed"] == 1
        assert "ntp-service unicast-server 10.255.0.10" in check.output
        assert lab.running_config("XC-CPE-01") == drifted

        repair = run_site(topology, state, tmp_path, "--limit", "site_xincai_branch")
        assert repair.returncode == 0, repair.output
        assert repair.recap()["XC-CPE-01"]["changed"] == 1
        # the same lines as after the first run (the lab appends a re-added line to its group)
        repaired = lab.running_config("XC-CPE-01")
        assert sorted(repaired.splitlines()) == sorted(configured["XC-CPE-01"].splitlines())
    audited = [e["device"] for e in read_entries(tmp_path / "audit.jsonl") if not e["check"]]
    assert sorted(audited) == sorted([*DEVICES, "XC-CPE-01"])


def test_faults_roll_back_their_device_a_wrong_box_is_refused_the_rest_completes(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.67.21") as (topology, lab):
        assert not push_all(plan_for(HENAN, state), topology, tmp_path).failed
        for host in DEVICES:
            lab.apply_lines(
                host, ["undo ntp-service unicast-server 10.255.0.10", "undo lldp enable"]
            )
        lab.apply_lines("XC-CPE-01", ["sysname HPPH-CPE-01"])
        before = {host: lab.running_config(host) for host in DEVICES}
        lab.inject("HPPH-CPE-01", RejectCommand(r"^lldp enable"))
        lab.inject("ZZ-DC-PE-02", DropAfter(6))  # drops the push session at its commit

        run = run_site(topology, state, tmp_path, "--limit", "medinfra_devices")
        assert run.returncode != 0
        recap, failures = run.recap(), run.failures()
        assert recap["ZZ-DC-PE-01"]["changed"] == 1 and recap["ZZ-DC-PE-01"]["failed"] == 0
        assert lab.running_config("ZZ-DC-PE-01") != before["ZZ-DC-PE-01"]
        for host in ("HPPH-CPE-01", "ZZ-DC-PE-02"):
            assert recap[host]["failed"] == 1
            assert failures[host]["rolled_back"] is True, failures[host]
            assert failures[host]["restore_verified"] is True
            assert lab.running_config(host) == before[host], f"{host} not at its pre-change config"
        # one task per device (after the role's argument check): the push refuses the wrong box
        assert recap["XC-CPE-01"] == {"ok": 1, "changed": 0, "unreachable": 0, "failed": 1}
        assert "refusing to push" in str(failures["XC-CPE-01"]["msg"])
        assert failures["XC-CPE-01"]["refused"] is True
        assert lab.running_config("XC-CPE-01") == before["XC-CPE-01"]
