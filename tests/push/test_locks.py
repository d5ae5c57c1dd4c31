"""Locks: a second push on the same device or site gets a clear error."""

import os
import subprocess
import sys

import pytest

from medinfra.push.errors import LockBusyError
from medinfra.push.locks import RunOwner, claim_site, device_lock, run_owner, site_locks


def test_second_lock_on_a_device_is_refused_then_free_again(tmp_path):
    with device_lock(tmp_path, "HPPH-CPE-01"):
        with (
            pytest.raises(LockBusyError, match="HPPH-CPE-01: another push"),
            device_lock(tmp_path, "HPPH-CPE-01"),
        ):
            pass
        with device_lock(tmp_path, "XC-CPE-01"):
            pass
    with device_lock(tmp_path, "HPPH-CPE-01"):
        pass


def test_device_lock_held_by_another_process_is_refused(tmp_path):
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from medinfra.push.locks import device_lock\n"
        "with device_lock(Path(sys.argv[1]), 'A'):\n"
        "    print('held', flush=True)\n"
        "    sys.stdin.readline()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(LockBusyError, match=rf"pid.*{child.pid}"), device_lock(tmp_path, "A"):
            pass
    finally:
        child.communicate("\n", timeout=10)
    with device_lock(tmp_path, "A"):
        pass


def test_site_owned_by_a_live_run_is_refused_and_released_after(tmp_path):
    other = run_owner(os.getppid())
    claim_site(tmp_path, "hpph-main", other)
    with (
        pytest.raises(LockBusyError, match="site hpph-main: another push"),
        site_locks(tmp_path, ["hpph-main"], run_owner()),
    ):
        pass


def test_site_of_a_finished_run_is_taken_over(tmp_path):
    dead = RunOwner(pid=os.getpid(), started=1)  # same pid, other start time: not alive
    claim_site(tmp_path, "hpph-main", dead)
    me = run_owner()
    with site_locks(tmp_path, ["hpph-main"], me):
        claim_site(tmp_path, "hpph-main", me)  # the same run may claim again
    assert not (tmp_path / "site-hpph-main.owner").exists()


def test_run_owner_is_this_process_outside_ansible():
    owner = run_owner()
    assert owner.pid == os.getpid() and owner.alive()
