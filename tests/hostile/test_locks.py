"""Locks that always meet: the default lock directory does not depend on the working
directory, the Ansible roles honour MEDINFRA_LOCK_DIR, stale owners are told by pid and host
and reported (issue #21)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from medinfra.push.locks import RunOwner, claim_site, default_lock_dir, run_owner, this_host
from tests.conftest import INVENTORY
from tests.hostile.test_secrets import _ansible
from tests.push.labkit import example_lab, push_env

HENAN = "henan-provincial-hospital"
MEDINFRA = str(Path(sys.executable).parent / "medinfra")


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDINFRA_", "XDG_"))}
    env.update(HOME=str(tmp / "home"), MEDINFRA_USERNAME="u", MEDINFRA_PASSWORD="p")
    env.update(MEDINFRA_AUDIT_LOG=str(tmp / "audit.jsonl"))
    return env


def _push(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    command = [MEDINFRA, "push", str(INVENTORY / HENAN), "--quiet", "--timeout", "2", *args]
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def test_default_lock_dir_is_per_user_or_machine_never_the_working_directory(tmp_path):
    assert default_lock_dir({"HOME": "/home/ops"}, 1000) == Path("/home/ops/.cache/medinfra/locks")
    assert default_lock_dir({"HOME": "/root"}, 0) == Path("/run/lock/medinfra")
    assert default_lock_dir({"MEDINFRA_LOCK_DIR": str(tmp_path)}, 0) == tmp_path
    for env in ({"HOME": "/h"}, {"XDG_RUNTIME_DIR": "/run/user/7"}):
        assert default_lock_dir(env, 7).is_absolute()


def test_pushes_from_two_working_directories_meet_on_the_same_site(tmp_path):
    """Run as root the default is the machine's /run/lock/medinfra: point it at a private
    directory through the same default (HOME) for a non-root user, or MEDINFRA_LOCK_DIR."""
    env = _env(tmp_path)
    if os.geteuid() == 0:
        env["MEDINFRA_LOCK_DIR"] = str(tmp_path / "machine-locks")
    lock_dir = default_lock_dir(env)
    other = subprocess.Popen(["sleep", "60"], cwd=tmp_path)
    try:
        claim_site(lock_dir, "xincai-branch", run_owner(other.pid))
        second = _push(tmp_path / "elsewhere", env, "--site", "xincai-branch", "--check")
    finally:
        other.kill()
        other.wait()
    assert second.returncode == 1
    assert f"site xincai-branch: another push is rolling it out (medinfra pid {other.pid} " in (
        second.stderr
    )
    assert f"on host {this_host()})" in second.stderr


def test_a_killed_run_is_reported_by_pid_and_host_and_another_hosts_owner_is_respected(tmp_path):
    env = _env(tmp_path)
    env["MEDINFRA_LOCK_DIR"] = str(tmp_path / "locks")
    lock_dir = Path(env["MEDINFRA_LOCK_DIR"])
    dead = RunOwner(pid=os.getpid(), started=1, name="medinfra")  # same pid, other start: gone
    claim_site(lock_dir, "xincai-branch", dead)
    taken = _push(tmp_path / "a", env, "--site", "xincai-branch", "--check")
    assert (
        f"warning: site xincai-branch: an earlier run (medinfra pid {os.getpid()} on host "
        f"{this_host()}) ended without giving the site up (killed?)"
    ) in taken.stderr
    remote = {"pid": 1, "started": 1, "name": "medinfra", "host": "another-host.example"}
    (lock_dir / "site-xincai-branch.owner").write_text(json.dumps(remote), encoding="utf-8")
    refused = _push(tmp_path / "b", env, "--site", "xincai-branch", "--check")
    assert refused.returncode == 1
    assert "another push is rolling it out (medinfra pid 1 on host another-host.example)" in (
        refused.stderr
    )


def test_lock_files_are_not_followed_through_symbolic_links(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    lock_dir = tmp_path / "locks"
    lock_dir.mkdir()
    (lock_dir / "site-x.owner").symlink_to(victim)
    with pytest.raises(OSError):
        claim_site(lock_dir, "x", run_owner())
    assert victim.read_text(encoding="utf-8") == "keep me"


@pytest.mark.lab
@pytest.mark.ansible
@pytest.mark.slow
def test_ansible_roles_honour_medinfra_lock_dir_and_meet_medinfra_push(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.85.21") as (topology, lab):
        env = push_env(topology)
        env["MEDINFRA_LOCK_DIR"] = str(tmp_path / "shared-locks")
        before = lab.running_config("XC-CPE-01")
        other = subprocess.Popen(["sleep", "60"])
        try:
            claim_site(tmp_path / "shared-locks", "xincai-branch", run_owner(other.pid))
            done = _ansible(env, state, tmp_path, lock_dir=None)
        finally:
            other.kill()
            other.wait()
        after = lab.running_config("XC-CPE-01")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "site xincai-branch: another push is rolling it out" in output, output
    assert after == before
