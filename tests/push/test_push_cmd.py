"""``medinfra push`` against the lab: the same guarantees as the engine, through the CLI."""

import re
import subprocess

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.lab import RejectCommand
from medinfra.push.audit import read_entries
from medinfra.push.locks import claim_site, run_owner
from tests.conftest import INVENTORY
from tests.lab.conftest import connect
from tests.push.labkit import example_lab, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HENAN = "henan-provincial-hospital"


@pytest.fixture
def environment(monkeypatch, tmp_path):
    def apply(topology):
        for name, value in push_env(topology).items():
            if name.startswith("MEDINFRA_"):
                monkeypatch.setenv(name, value)
        monkeypatch.setenv("MEDINFRA_LOCK_DIR", str(tmp_path / "locks"))
        monkeypatch.setenv("MEDINFRA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))

    return apply


def push(state, *args):
    command = ["push", str(INVENTORY / HENAN), "--lab", str(state), "--quiet", "--timeout", "5"]
    return CliRunner().invoke(app, [*command, *args])


def test_push_then_nothing_then_check_diff_then_repair(tmp_path, environment):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.68.1") as (topology, lab):
        environment(topology)
        first = push(state)
        assert first.exit_code == 0, first.output
        assert "4 device(s): 4 changed, 0 failed" in first.output
        assert "1000000001" in first.output  # the VRPv8 commit id in the summary table
        run_id = re.search(r"^run: (\S+) \(VRPv8 commits: label medinfra-\1, ", first.output, re.M)
        assert run_id is not None, first.output
        audited = {entry["run_id"] for entry in read_entries(tmp_path / "audit.jsonl")}
        assert audited == {run_id[1]}
        edge = connect(lab, lab.device("ZZ-DC-PE-01"))
        history = edge.send_command("display configuration commit list verbose")
        edge.disconnect()
        assert f"Label: medinfra-{run_id[1]}" in history
        assert f"Description: medinfra push {run_id[1]}" in history
        second = push(state)
        assert "4 device(s): 0 changed, 0 failed" in second.output
        assert "run: " not in second.output  # nothing sent, no run to look for on a device
        lab.apply_lines("HPPH-CPE-01", ["undo lldp enable"])
        drifted = lab.running_config("HPPH-CPE-01")
        check = push(state, "--check", "--site", "hpph-main")
        assert check.exit_code == 0, check.output
        assert "--- HPPH-CPE-01 (would-change)" in check.output and "lldp enable" in check.output
        assert "1 device(s): 1 would change, 0 failed" in check.output
        assert lab.running_config("HPPH-CPE-01") == drifted
        repair = push(state, "--device", "HPPH-CPE-01", "--diff")
        assert repair.exit_code == 0 and "--- HPPH-CPE-01 (changed)" in repair.output
        assert "lldp enable" in lab.running_config("HPPH-CPE-01")


def test_failed_device_exits_1_rolled_back_and_the_others_complete(tmp_path, environment):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.68.11") as (topology, lab):
        environment(topology)
        before = lab.running_config("XC-CPE-01")
        lab.inject("XC-CPE-01", RejectCommand(r"^ntp-service unicast-server"))
        result = push(state, "--workers", "2")
        assert result.exit_code == 1
        assert "4 device(s): 3 changed, 1 failed" in result.output
        row = next(line for line in result.output.splitlines() if "XC-CPE-01" in line)
        assert "rolled-back" in row
        # the device's whole refusal, not netmiko's bare "matched error: Error:"
        assert (
            "XC-CPE-01: the device refused a line (Error: Unrecognized command found at '^' "
            "position.): ntp-service unicast-server 10.255.0.10 source-interface GigabitEthernet0/0/0\n"
        ) in result.output
        assert lab.running_config("XC-CPE-01") == before


def test_wrong_box_is_refused_and_exits_1(tmp_path, environment):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.68.21") as (topology, lab):
        environment(topology)
        lab.apply_lines("ZZ-DC-PE-02", ["sysname ZZ-DC-PE-01"])
        before = lab.running_config("ZZ-DC-PE-02")
        result = push(state, "--device", "ZZ-DC-PE-02")
        assert result.exit_code == 1
        assert "refused" in result.output
        assert lab.running_config("ZZ-DC-PE-02") == before


def test_a_site_being_rolled_out_by_another_run_is_refused(tmp_path, environment):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.68.31") as (topology, _lab):
        environment(topology)
        other_run = subprocess.Popen(["sleep", "60"])
        try:
            claim_site(tmp_path / "locks", "xincai-branch", run_owner(other_run.pid))
            result = push(state, "--site", "xincai-branch")
        finally:
            other_run.kill()
            other_run.wait()
        assert result.exit_code == 1
        assert "site xincai-branch: another push is rolling it out" in result.output
        assert push(state, "--site", "xincai-branch").exit_code == 0  # its owner is gone


def test_unknown_site_is_a_usage_error(tmp_path, environment):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.68.41") as (topology, _lab):
        environment(topology)
        result = push(state, "--site", "nowhere")
        assert result.exit_code == 2
        assert "not in topology henan-provincial-hospital: nowhere" in result.output
