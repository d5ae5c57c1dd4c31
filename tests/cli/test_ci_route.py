"""The CI route of other repositories: the pre-commit hook and the GitHub Actions example.

Both install only the core package (what ``validate`` needs), pinned to a release; the
workflow fails clearly when its package variable is unset or unpinned and never hides a
missing SARIF file.
"""

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import INVENTORY, REPO

WORKFLOW = REPO / "examples" / "github-actions" / "validate-topology.yml"
HEAVY = {"netmiko", "pulumi", "pulumi-openstack", "asyncssh", "hier-config", "ansible-core"}
UV = Path(sys.executable).parent / "uv"


def steps() -> dict[str, dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return {
        step.get("name", step.get("uses")): step for step in workflow["jobs"]["validate"]["steps"]
    }


def fake(bin_dir: Path, name: str, script: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def run_step(step: dict, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=environment,
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip


def test_core_dependencies_are_what_validate_needs():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {
        dep.split(">")[0].split("=")[0].split("[")[0].strip() for dep in project["dependencies"]
    }
    assert not core & HEAVY
    extras = project["optional-dependencies"]
    assert {"push", "lab", "cloud", "ansible"} <= set(extras)
    assert "medinfra[push,lab,cloud,ansible]" in extras["all"]


@pytest.mark.parametrize(
    ("package", "message"),
    [("", "MEDINFRA_PACKAGE is not set"), ("medinfra", "MEDINFRA_PACKAGE is not pinned")],
)
def test_install_step_fails_clearly_without_a_pinned_package(tmp_path, package, message):
    fake(tmp_path / "bin", "pip", 'echo "pip $*" > pip.log')
    done = run_step(steps()["Install medinfra (core only, pinned release)"], tmp_path,
                    MEDINFRA_PACKAGE=package)  # fmt: skip
    assert done.returncode == 1
    assert message in done.stdout
    assert not (tmp_path / "pip.log").exists()


def test_install_step_installs_a_pinned_release(tmp_path):
    fake(tmp_path / "bin", "pip", 'echo "pip $*" > pip.log')
    done = run_step(steps()["Install medinfra (core only, pinned release)"], tmp_path,
                    MEDINFRA_PACKAGE="medinfra==0.1.0")  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert (tmp_path / "pip.log").read_text().strip() == "pip install medinfra==0.1.0"


@pytest.mark.parametrize(
    ("script", "ok"),
    [
        ("touch medinfra.sarif; echo '{}' > medinfra.sarif; exit 1", True),  # findings
        ("echo '{}' > medinfra.sarif; exit 0", True),
        ("exit 1", False),  # no SARIF written
        ("echo '{}' > medinfra.sarif; exit 2", False),  # usage error
    ],
)
def test_sarif_step_does_not_hide_a_missing_file_or_a_crash(tmp_path, script, ok):
    fake(tmp_path / "bin", "medinfra", script)
    done = run_step(steps()["Write SARIF"], tmp_path)
    assert (done.returncode == 0) is ok, done.stdout + done.stderr


def test_workflow_asks_for_code_scanning_permissions_and_uploads_unguarded():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    upload = steps()["Upload SARIF to code scanning"]
    assert upload["if"] == "always()"
    assert "|| true" not in steps()["Write SARIF"]["run"]
    assert "security-events: write" in WORKFLOW.read_text(encoding="utf-8")


def test_pre_commit_hook_is_pinned_to_the_released_version():
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert f"rev: v{version}" in text
    hooks = yaml.safe_load(text)
    assert all(hook["language"] == "python" for hook in hooks)
    assert all("additional_dependencies" not in hook for hook in hooks)


@pytest.mark.slow
@pytest.mark.skipif(not UV.exists(), reason="needs uv in the venv")
def test_hook_environment_is_small_and_validates(tmp_path):
    """What pre-commit installs for the hook: the package with its core dependencies."""
    env = tmp_path / "hook-env"
    subprocess.run([str(UV), "venv", "-q", "--seed", str(env), "--python", sys.executable],
                   check=True, timeout=120)  # fmt: skip
    subprocess.run(
        [str(UV), "pip", "install", "-q", "--python", str(env / "bin" / "python"), str(REPO)],
        check=True, timeout=300,
    )  # fmt: skip
    size = sum(f.stat().st_size for f in env.rglob("*") if f.is_file() and not f.is_symlink())
    assert size <= 80 * 1024 * 1024, f"hook environment is {size / 2**20:.0f} MiB"
    done = subprocess.run(
        [str(env / "bin" / "medinfra"), "validate", str(INVENTORY / "henan-provincial-hospital")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
