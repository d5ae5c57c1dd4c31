"""Starting the CLI does not import the heavy libraries of commands that are not run."""

import subprocess
import sys

HEAVY = (
    "pulumi",
    "pulumi_openstack",
    "netmiko",
    "paramiko",
    "asyncssh",
    "hier_config",
    "graphviz",
)


def test_importing_the_cli_leaves_heavy_libraries_alone() -> None:
    code = f"import sys, medinfra.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""
