"""site.yml with the real ansible-playbook against the lab over real SSH.

The Henan example (two VRPv8 data-centre edges, two VRP CPE routers) keeps each run small.
Imaging gateways are Linux hosts outside the lab, so every run is limited to the devices.
"""

from pathlib import Path

import pytest

from medinfra.lab import DropAfter, RejectCommand
from medinfra.push.audit import read_entries
from tests.ansible.playbook import PlaybookRun, run_site
from tests.push.labkit import example_lab, free_port, plan_for, push_all

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
        # the role's argument check, the push (refused: the wrong box; its failure is recorded
        # and the play goes on), the record; report.yml then fails the host at the end
        assert recap["XC-CPE-01"] == {"ok": 3, "changed": 0, "unreachable": 0, "failed": 1}
        assert "...ignoring" in run.output
        assert set(_failed_hosts_named(run)) == {"HPPH-CPE-01", "ZZ-DC-PE-02", "XC-CPE-01"}
        assert "refusing to push" in str(failures["XC-CPE-01"]["msg"])
        assert failures["XC-CPE-01"]["refused"] is True
        assert lab.running_config("XC-CPE-01") == before["XC-CPE-01"]


UNION = "union-shenzhen-campus"
UNION_CPE, UNION_OLTS = "UNION-CPE-01", ("UNION-OLT-01", "UNION-OLT-02")


def _failed_hosts_named(run: PlaybookRun) -> list[str]:
    """The hosts report.yml failed by name at the end of the run."""
    report = run.output[run.output.index("PLAY [Failed hosts]") :]
    return [host for host, result in run.failures().items() if f"fatal: [{host}]" in report]


def test_a_site_whose_only_cpe_fails_still_gets_its_olts_and_the_run_fails_naming_it(tmp_path):
    state = tmp_path / "lab"
    with example_lab(UNION, state, "127.0.131.1") as (topology, lab):
        before = {host: lab.running_config(host) for host in (UNION_CPE, *UNION_OLTS)}
        lab.inject(UNION_CPE, RejectCommand(r"^ntp-service unicast-server"))
        limit = ("--limit", "site_union_main")

        stop = run_site(topology, state, tmp_path, *limit, "-e", "medinfra_max_fail_percentage=0")
        assert stop.returncode != 0, stop.output
        assert "PLAY [Campus OLTs]" not in stop.output  # as documented: the run stops
        assert stop.recap()[UNION_CPE]["failed"] == 1
        assert all(lab.running_config(h) == before[h] for h in before)

        gateway = _unreachable_gateway(tmp_path)  # gateways.yml records its failure too
        run = run_site(
            topology,
            state,
            tmp_path,
            "-i",
            str(gateway),
            "--limit",
            f"site_union_main,{GATEWAY}",
            "-e",
            "medinfra_gateway_connect_timeout=3",
        )
        after = {host: lab.running_config(host) for host in before}
    assert run.returncode == 2, run.output  # ansible-playbook: one or more hosts failed
    recap = run.recap()
    assert "PLAY [Campus OLTs]" in run.output
    for olt in UNION_OLTS:
        assert recap[olt]["changed"] == 1 and recap[olt]["failed"] == 0, recap
        assert after[olt] != before[olt]
    assert recap[UNION_CPE]["failed"] == 1, recap
    assert after[UNION_CPE] == before[UNION_CPE]  # rolled back
    first = run.failures()[UNION_CPE]
    assert first["rolled_back"] is True and first["restore_verified"] is True, first
    assert recap[GATEWAY]["failed"] == 1 and recap[GATEWAY]["unreachable"] == 0, recap
    assert sorted(_failed_hosts_named(run)) == sorted([UNION_CPE, GATEWAY])
    report = run.output[run.output.index("PLAY [Failed hosts]") :]
    assert f'"msg": "{UNION_CPE}: the device refused a line' in report
    assert f"{GATEWAY}: Wait for the gateway's SSH login:" in report


GATEWAY = "gw-unreachable"


def _unreachable_gateway(tmp: Path) -> Path:
    """An inventory with one imaging gateway nobody listens for (nothing is ever changed)."""
    path = tmp / "gateway.yml"
    path.write_text(
        "imaging_gateways:\n"
        "  hosts:\n"
        f"    {GATEWAY}:\n"
        "      ansible_host: 127.0.136.1\n"
        f"      ansible_port: {free_port()}\n"
        "      ansible_user: nobody\n",
        encoding="utf-8",
    )
    return path
