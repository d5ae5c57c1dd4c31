"""A command whose package extra is missing names the extra (exit 2), never a traceback.

The optional libraries are hidden from a fresh interpreter by a meta-path finder that refuses
them, as on a machine with only ``pip install medinfra`` (the core: what validate needs).
"""

import subprocess
import sys

import pytest

from tests.conftest import INVENTORY, NEEDS_DOT

OPTIONAL = [
    "netmiko",
    "paramiko",
    "hier_config",
    "asyncssh",
    "pulumi",
    "pulumi_openstack",
    "ansible",
]
HIDE = """
import sys
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {hidden!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Refuse())
sys.argv = ["medinfra", *{args!r}]
from medinfra.cli import main
main()
"""


def medinfra_without(hidden: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    code = HIDE.format(hidden=set(hidden), args=list(args))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_validate_needs_only_the_core():
    done = medinfra_without(OPTIONAL, "validate", str(INVENTORY / "henan-provincial-hospital"))
    assert done.returncode == 0, done.stderr


@NEEDS_DOT
def test_report_needs_only_the_core(tmp_path):
    """The GitHub Actions example writes the HTML reports with the core package only."""
    out = tmp_path / "report.html"
    done = medinfra_without(
        OPTIONAL, "report", str(INVENTORY / "henan-provincial-hospital"), "--out", str(out)
    )
    assert done.returncode in {0, 1}, done.stderr
    assert out.stat().st_size > 0


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        (["push", str(INVENTORY / "henan-provincial-hospital"), "--check"], "push"),
        (
            ["lab", "up", str(INVENTORY / "henan-provincial-hospital"), "--state-dir", "{tmp}"],
            "lab",
        ),
        (["plan", str(INVENTORY / "union-shenzhen-campus")], "cloud"),
    ],
)
def test_a_command_without_its_extra_says_which_to_install(command, extra, tmp_path):
    args = [part.replace("{tmp}", str(tmp_path / "lab")) for part in command]
    done = medinfra_without(OPTIONAL, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"pip install 'medinfra[{extra}]'" in done.stderr
    assert "Traceback" not in done.stderr
