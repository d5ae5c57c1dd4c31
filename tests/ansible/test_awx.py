"""AWX / Automation Platform: site.yml through ansible-runner, and the execution environment.

Execution nodes run playbooks through ansible-runner and read each host's results from its
artifacts (``job_events/*.json``); the test does the same against the lab. The execution
environment file is turned into a build context by ``ansible-builder create`` (no container
runtime needed) with the wheel and collection built from this repository.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import ansible_runner
import pytest
import yaml

from tests.conftest import INVENTORY, REPO
from tests.push.labkit import example_lab, push_env
from tests.test_wheel import build_wheel

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

BIN = Path(sys.executable).parent
HENAN = "henan-provincial-hospital"
DEVICES = {"ZZ-DC-PE-01", "ZZ-DC-PE-02", "HPPH-CPE-01", "XC-CPE-01"}
PUSH = "medinfra.hospital.medinfra_config"


def host_results(artifacts: Path) -> dict[str, dict]:
    """The push task's result per host, read from the runner's job events as AWX reads them."""
    results = {}
    for path in sorted((artifacts / "job_events").glob("*.json")):
        event = json.loads(path.read_text(encoding="utf-8"))
        data = event.get("event_data", {})
        if event["event"] in {"runner_on_ok", "runner_on_failed"} and data["task_action"] == PUSH:
            results[data["host"]] = data["res"]
    return results


@pytest.mark.lab
def test_site_yml_through_ansible_runner_reports_every_host_in_its_artifacts(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.83.21") as (topology, lab):
        env = {k: v for k, v in push_env(topology).items() if k.startswith("MEDINFRA_")}
        env.update(
            MEDINFRA_LAB_STATE=str(state),
            ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
            PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        (tmp_path / "runner").mkdir()
        run = ansible_runner.run(
            private_data_dir=str(tmp_path / "runner"),
            project_dir=str(REPO),
            playbook="site.yml",
            inventory=str(INVENTORY / HENAN / "medinfra.yml"),
            envvars=env,
            extravars={
                "medinfra_audit_log": str(tmp_path / "audit.jsonl"),
                "medinfra_lock_dir": str(tmp_path / "locks"),
                "medinfra_timeout": 5,
            },
            limit="medinfra_devices",
            forks=4,
            quiet=True,
        )
        assert (run.status, run.rc) == ("successful", 0), run.stdout.read()
        artifacts = Path(run.config.artifact_dir)
        results = host_results(artifacts)
        assert set(results) == DEVICES
        assert all(r["changed"] and r["outcome"] == "changed" for r in results.values())
        assert results["ZZ-DC-PE-01"]["commit_id"]  # VRPv8 commits are recorded
        assert "ntp-service unicast-server 10.255.0.10" in lab.running_config("XC-CPE-01")
        assert run.stats["changed"] == dict.fromkeys(DEVICES, 1)
        assert (artifacts / "rc").read_text().strip() == "0"
        assert "medinfra-lab" not in (artifacts / "stdout").read_text()  # no login in the log


def test_execution_environment_builds_a_context_with_medinfra_and_the_collection(tmp_path):
    dist = build_wheel(tmp_path).parent  # from a copy: the checkout gets no build/ of its own
    subprocess.run(
        [str(BIN / "ansible-galaxy"), "collection", "build", str(REPO), "--output-path", str(dist)],
        check=True, capture_output=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    definition = yaml.safe_load((REPO / "execution-environment.yml").read_text(encoding="utf-8"))
    for entry in definition["additional_build_files"]:
        assert (tmp_path / entry["src"]).is_file(), f"{entry['src']} is not what the build makes"
    (tmp_path / "execution-environment.yml").write_text(
        (REPO / "execution-environment.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    done = subprocess.run(
        [str(BIN / "ansible-builder"), "create", "-f", "execution-environment.yml",
         "--context", "context", "--output-filename", "Containerfile"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    containerfile = (tmp_path / "context" / "Containerfile").read_text(encoding="utf-8")
    assert "ansible-core==2.19.14 ansible-runner==2.4.3" in containerfile
    assert "medinfra-0.1.0-py3-none-any.whl[ansible]" in containerfile
    assert "ansible-galaxy collection install /tmp/medinfra/medinfra-hospital-0.1.0.tar.gz" in (
        containerfile
    )
    built = {p.name for p in (tmp_path / "context" / "_build" / "medinfra").iterdir()}
    assert built == {"medinfra-0.1.0-py3-none-any.whl", "medinfra-hospital-0.1.0.tar.gz"}
