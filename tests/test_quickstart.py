"""The README's quick start, followed literally on a fresh clone of this repository."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO


def quickstart_commands() -> list[str]:
    """The commands of the README's first shell block under '## Quick start'."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the quick start has no ```sh block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_quickstart_names_the_two_setup_commands() -> None:
    assert quickstart_commands() == ["make demo", "make test"]


@pytest.mark.slow
@pytest.mark.timeout(1800)  # make demo from scratch (venv, every package): up to 900 s alone
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to clone the repository")
def test_make_demo_from_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "medinfra"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120)
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "MEDINFRA_"))
    }
    environment["MEDINFRA_LOCK_DIR"] = str(tmp_path / "locks")  # not the machine's lock directory
    for command in quickstart_commands():
        if command == "make test":
            continue  # this test is part of `make test`; running it here would recurse
        done = subprocess.run(
            command.split(),
            cwd=clone,
            env=environment,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        output = done.stdout + done.stderr
        assert done.returncode == 0, output[-4000:]
    for marker in (
        "all examples valid",
        "configs written under build/union-shenzhen-campus",
        "second run: changed=0",
        "check mode caught the drift and changed nothing",
        "drift: 'undo info-center loghost 10.250.0.20' typed by hand on UNION-CPE-01",
        "repair run: UNION-CPE-01 back to its intended configuration",
        "resources declared for stack union-shenzhen-campus",
        "nothing left running",
    ):
        assert marker in output, f"{marker!r} missing from the demo output:\n{output[-4000:]}"
    assert (clone / "build/union-shenzhen-campus/union-main/UNION-OLT-01.cfg").is_file()
