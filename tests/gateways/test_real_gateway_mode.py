"""The README's way of verifying real gateways after a rollout, tried on the test hosts:
``pytest --hosts=ansible://imaging_gateways --ansible-inventory=...`` verifies the hosts of
that inventory, with the expectations taken from their inventory variables."""

import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.gateways.conftest import Testbed

pytestmark = pytest.mark.hosts


def test_state_tests_run_against_an_inventory_given_on_the_command_line(
    gateway_testbed: Testbed,
) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/gateways/test_gateway_state.py",
            "--hosts=ansible://imaging_gateways",
            f"--ansible-inventory={gateway_testbed.inventory}",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rA",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    passed = [line for line in run.stdout.splitlines() if line.startswith("PASSED")]
    # Every state test once per host of the group, each id naming the host.
    assert len(passed) == 20
    assert sum("ansible://gw-a" in line for line in passed) == 10
    assert sum("ansible://gw-b" in line for line in passed) == 10
