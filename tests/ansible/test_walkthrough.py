"""The Ansible lab walkthrough (docs/push.md), run as written in a fresh clone of the repository.

Each line of the block runs in one bash session from the clone's root, with nothing set up
but ``.venv/bin`` on PATH (the clone shares this checkout's environment). Only the lab's
address and port move to this test's own block, so parallel tests never collide.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.push.labkit import free_port

pytestmark = [pytest.mark.lab, pytest.mark.ansible, pytest.mark.slow]

BIN = Path(sys.executable).parent
LAB_UP = "medinfra lab up inventory/henan-provincial-hospital"


def walkthrough() -> list[str]:
    """The command lines of the shell block under '**Walkthrough -- rehearse on the lab first**'."""
    readme = (REPO / "docs" / "push.md").read_text(encoding="utf-8")
    section = readme.split("**Walkthrough -- rehearse on the lab first**", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def script(lines: list[str], port: int) -> str:
    """Each line, then a marker with its exit status."""
    steps = []
    for number, line in enumerate(lines):
        command = line.split("  #", 1)[0].strip()
        if command.startswith(LAB_UP):
            command += f" --base-address 127.0.83.61 --port {port}"
        steps.append(f"{command}\necho '@@step {number} rc='$?")
    return "\n".join(steps) + "\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to clone the repository")
def test_the_readme_walkthrough_runs_as_written_from_a_fresh_clone(tmp_path):
    clone = tmp_path / "medinfra"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120)
    lines = walkthrough()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MEDINFRA_", "ANSIBLE_", "VIRTUAL_ENV"))
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["MEDINFRA_LOCK_DIR"] = str(tmp_path / "locks")  # not the machine's: other runs push too
    try:
        done = subprocess.run(
            ["bash", "-c", script(lines, free_port())], cwd=clone, env=env,
            capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
    finally:
        subprocess.run(
            [str(BIN / "medinfra"), "lab", "down"], cwd=clone, env=env,
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
    output = done.stdout + done.stderr
    status = {int(n): int(rc) for n, rc in re.findall(r"@@step (\d+) rc=(\d+)", output)}
    assert len(status) == len(lines), output[-3000:]
    expected = {n: (2 if "# fails" in line else 0) for n, line in enumerate(lines)}
    fatal = "\n".join(
        line for line in output.splitlines() if line.startswith(("fatal:", "[ERROR]"))
    )
    assert status == expected, fatal or output[-6000:]
    assert "Could not match supplied host pattern" not in output
    assert "no credentials for reference" not in output
    assert '"rolled_back": true' in output
    recaps = re.findall(r"^(\S+)\s*: ok=\d+\s+changed=(\d+)", output, re.MULTILINE)
    last = dict(recaps[-4:])
    assert last == dict.fromkeys(["HPPH-CPE-01", "XC-CPE-01", "ZZ-DC-PE-01", "ZZ-DC-PE-02"], "0")
