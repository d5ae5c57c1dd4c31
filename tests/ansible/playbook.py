"""Running the real ansible-playbook against the lab, and reading its recap."""

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from medinfra.model import Topology
from tests.conftest import INVENTORY, REPO
from tests.push.labkit import push_env

RECAP = re.compile(
    r"^(?P<host>\S+)\s*: ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+"
    r"unreachable=(?P<unreachable>\d+)\s+failed=(?P<failed>\d+)",
    re.MULTILINE,
)
FATAL = re.compile(r"^fatal: \[(?P<host>[^\]]+)\]: FAILED! => (?P<result>\{.*\})$", re.MULTILINE)


@dataclass
class PlaybookRun:
    """What one ansible-playbook run printed and returned."""

    returncode: int
    output: str

    def recap(self) -> dict[str, dict[str, int]]:
        """PLAY RECAP counters per host."""
        return {
            match["host"]: {
                key: int(match[key]) for key in ("ok", "changed", "unreachable", "failed")
            }
            for match in RECAP.finditer(self.output)
        }

    def failures(self) -> dict[str, dict[str, object]]:
        """The JSON result of each host's first failed task (the push's own result; report.yml
        fails the host again at the end of the run)."""
        found: dict[str, dict[str, object]] = {}
        for match in FATAL.finditer(self.output):
            found.setdefault(match["host"], json.loads(match["result"]))
        return found


def run_site(
    topology: Topology, state: Path, tmp: Path, *args: str, timeout: float = 240
) -> PlaybookRun:
    """``ansible-playbook site.yml -i inventory/<name>/medinfra.yml ARGS`` against the lab."""
    env = push_env(topology)
    env.update(
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_HOME=str(tmp / "ansible-home"),
        ANSIBLE_LOCAL_TEMP=str(tmp / "ansible-tmp"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        MEDINFRA_LAB_STATE=str(state),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    command = [
        str(Path(sys.executable).parent / "ansible-playbook"),
        str(REPO / "site.yml"),
        "-i",
        str(INVENTORY / topology.name / "medinfra.yml"),
        "-e",
        f"medinfra_audit_log={tmp / 'audit.jsonl'}",
        "-e",
        f"medinfra_lock_dir={tmp / 'locks'}",
        "-e",
        "medinfra_timeout=5",
        *args,
    ]
    done = subprocess.run(
        command, env=env, cwd=tmp, capture_output=True, text=True, timeout=timeout, check=False
    )
    return PlaybookRun(done.returncode, done.stdout + done.stderr)
