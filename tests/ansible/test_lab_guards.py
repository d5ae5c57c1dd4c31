"""Lab mistakes both ways: a lab of another topology, and a lab left out of a run by mistake.

``medinfra push`` and the inventory plugin say the same thing: a lab override of another
topology is an error; a lab of this topology running in the default state directory while no
override is set is a warning that the run targets the real management addresses.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import INVENTORY, REPO

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

BIN = Path(sys.executable).parent
HENAN = INVENTORY / "henan-provincial-hospital"


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MEDINFRA_")}
    environment.update(
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_NOCOLOR="1",
        MEDINFRA_USERNAME="medinfra",
        MEDINFRA_PASSWORD="medinfra-lab",
        MEDINFRA_LOCK_DIR=str(cwd / "locks"),
        MEDINFRA_AUDIT_LOG=str(cwd / "audit.jsonl"),
        **env,
    )
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


def write_override(state: Path, topology: str, host: str) -> None:
    state.mkdir(parents=True)
    (state / "override.yaml").write_text(
        f"topology: {topology}\nknown_hosts: known_hosts\ndevices:\n"
        f"  {host}: {{address: 127.0.83.1, port: 2222, platform: huawei_vrp}}\n",
        encoding="utf-8",
    )


def test_a_lab_of_another_topology_is_the_same_error_for_push_and_the_inventory(tmp_path):
    state = tmp_path / "lab"
    write_override(state, "union-shenzhen-campus", "USZ-CPE-01")
    push = run(
        [str(BIN / "medinfra"), "push", str(HENAN), "--lab", str(state), "--check"], tmp_path
    )
    assert push.returncode == 2, push.stderr
    message = push.stderr.strip().removeprefix("error: ")
    assert "runs topology 'union-shenzhen-campus', not 'henan-provincial-hospital'" in message
    listing = run(
        [str(BIN / "ansible-inventory"), "-i", str(HENAN / "medinfra.yml"), "--list"],
        tmp_path,
        MEDINFRA_LAB_STATE=str(state),
    )
    assert listing.returncode != 0, listing.stdout
    assert one_line(message) in one_line(listing.stderr)


def test_a_lab_running_in_the_default_state_dir_but_not_used_warns_of_real_addresses(tmp_path):
    state = tmp_path / ".medinfra" / "lab"
    write_override(state, "henan-provincial-hospital", "XC-CPE-01")
    (state / "lab.pid").write_text(f"{os.getpid()}\n", encoding="utf-8")  # a live process
    warning = "this run targets the REAL management addresses"
    listing = run(
        [str(BIN / "ansible-inventory"), "-i", str(HENAN / "medinfra.yml"), "--graph"], tmp_path
    )
    assert listing.returncode == 0, listing.stderr
    assert warning in one_line(listing.stderr)
    push = run(
        [str(BIN / "medinfra"), "push", str(HENAN), "--check", "-q", "-d", "XC-CPE-01"],
        tmp_path,
    )
    assert warning in one_line(push.stderr), push.stderr
    with_lab = run(
        [str(BIN / "ansible-inventory"), "-i", str(HENAN / "medinfra.yml"), "--graph"],
        tmp_path,
        MEDINFRA_LAB_STATE=str(state),
    )
    assert with_lab.returncode == 0 and warning not in one_line(with_lab.stderr)
    (state / "lab.pid").write_text("999999999\n", encoding="utf-8")  # the lab is down
    stopped = run(
        [str(BIN / "ansible-inventory"), "-i", str(HENAN / "medinfra.yml"), "--graph"], tmp_path
    )
    assert warning not in one_line(stopped.stderr)
