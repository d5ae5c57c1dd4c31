"""The steps of ``medinfra demo``: each returns what it found; the command prints it.

The rollout step runs the real ``ansible-playbook site.yml`` against the device lab, so the
demo shows exactly what a platform engineer runs for a site rollout, on simulated devices.
The lab, Pulumi and the renderer are imported when their step runs, not when the CLI starts.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from medinfra.errors import MedinfraError
from medinfra.push.credentials import placeholders, secret_env_name
from medinfra.validation import TopologyReport, engineering_summary, validate_path

if TYPE_CHECKING:
    from medinfra.cloud.plan import Plan
    from medinfra.lab import LabHandle
    from medinfra.load import LoadedTopology

RECAP = re.compile(
    r"^(?P<host>\S+)\s+:\s+ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+"
    r"unreachable=(?P<unreachable>\d+)\s+failed=(?P<failed>\d+)",
    re.MULTILINE,
)
TASK_STATUS = re.compile(r"^(changed|ok|failed|fatal|skipping): \[")
DEMO_LAB_ADDRESS = "127.0.77.1"
DEMO_LAB_PORT = 2222
PLAYBOOK_TIMEOUT_S = 600


class DemoError(MedinfraError):
    """A step of the demo failed."""


@dataclass(frozen=True)
class PlaybookRun:
    """One ``ansible-playbook`` run: per-host recap and the output."""

    command: list[str]
    returncode: int
    output: str
    recap: dict[str, dict[str, int]]

    @property
    def changed(self) -> int:
        """Hosts that changed."""
        return sum(1 for counts in self.recap.values() if counts["changed"])

    @property
    def failed(self) -> int:
        """Hosts that failed or were unreachable."""
        return sum(1 for c in self.recap.values() if c["failed"] or c["unreachable"])

    def diff_lines(self) -> list[str]:
        """The diff Ansible printed for the push task (``--diff``): the remediation lines."""
        lines, inside = [], False
        for line in self.output.splitlines():
            if line.startswith("TASK ["):
                inside = "Push the intended configuration" in line
            elif inside and TASK_STATUS.match(line):
                inside = False
            elif inside and line.strip():
                lines.append(line)
        return lines


@dataclass
class Rollout:
    """What the rollout step saw."""

    first: PlaybookRun | None = None
    second: PlaybookRun | None = None
    drift_host: str = ""
    drift_lines: list[str] = field(default_factory=list)
    check: PlaybookRun | None = None
    drift_kept_by_check: bool = False
    repair: PlaybookRun | None = None


def validate_examples(paths: list[Path]) -> list[tuple[TopologyReport, dict[str, object]]]:
    """Validate every example with every rule; the engineering summary of each."""
    results = []
    for path in paths:
        report = validate_path(path)
        summary = engineering_summary(report.loaded.topology) if report.loaded else {}
        results.append((report, summary))
    return results


def render_step(loaded: LoadedTopology, out: Path) -> list[Path]:
    """Render every device of the topology to ``out/<topology>/<site>/<host>.cfg``."""
    from medinfra.render import render_topology, write_configs

    return write_configs(out / loaded.topology.name, render_topology(loaded.topology))


def demo_secrets(loaded: LoadedTopology) -> dict[str, str]:
    """A fresh random value for every secret the rendered configs name (demo only)."""
    from medinfra.render import render_topology

    refs = {ref for config in render_topology(loaded.topology) for ref in placeholders(config.text)}
    return {secret_env_name(ref): secrets.token_urlsafe(12) for ref in sorted(refs)}


@contextmanager
def demo_lab(
    loaded: LoadedTopology,
    state_dir: Path,
    base_address: str = DEMO_LAB_ADDRESS,
    port: int = DEMO_LAB_PORT,
) -> Iterator[LabHandle]:
    """The device lab for the topology, on the demo's own loopback addresses (or those given)."""
    from medinfra.lab import run_lab

    with run_lab(
        loaded.topology,
        state_dir,
        base_address=base_address,
        port=port,
        topology_ref=str(loaded.root.resolve()),
    ) as lab:
        yield lab


def playbook(
    repo: Path,
    inventory: Path,
    env: Mapping[str, str],
    *extra: str,
    progress: Callable[[str], None] | None = None,
) -> PlaybookRun:
    """Run the real ``ansible-playbook site.yml`` and parse its recap.

    ``progress`` is called with each line ansible-playbook prints, as it prints it.
    """
    binary = Path(sys.executable).with_name("ansible-playbook")
    command = [str(binary), "site.yml", "-i", str(inventory), *extra]
    environment = {**os.environ, **env, "ANSIBLE_CONFIG": str(repo / "ansible.cfg")}
    environment["PATH"] = f"{binary.parent}{os.pathsep}{environment.get('PATH', '')}"
    environment["ANSIBLE_NOCOLOR"] = "1"
    environment["PYTHONUNBUFFERED"] = "1"
    lines: list[str] = []
    with subprocess.Popen(
        command,
        cwd=repo,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    ) as process:
        timer = threading.Timer(PLAYBOOK_TIMEOUT_S, process.kill)
        timer.start()
        try:
            for line in process.stdout or ():
                lines.append(line)
                if progress is not None:
                    progress(line.rstrip("\n"))
            returncode = process.wait()
        finally:
            timed_out = not timer.is_alive()
            timer.cancel()
    if timed_out:
        raise DemoError(f"ansible-playbook did not finish in {PLAYBOOK_TIMEOUT_S} s")
    output = "".join(lines)
    recap = {
        match["host"]: {k: int(match[k]) for k in ("ok", "changed", "unreachable", "failed")}
        for match in RECAP.finditer(output)
    }
    return PlaybookRun(command, returncode, output, recap)


class PlaybookProgress:
    """What an ansible-playbook run is doing, from its output: the task and the hosts done."""

    def __init__(self, title: str, hosts: int) -> None:
        self.title = title
        self.hosts = hosts
        self.task = "starting"
        self.done: set[str] = set()

    def feed(self, line: str) -> bool:
        """Take one output line; True when the displayed text changed."""
        if line.startswith("TASK ["):
            self.task = line[len("TASK [") :].split("]", 1)[0]
            self.done = set()
            return True
        status = TASK_STATUS.match(line)
        if status:
            self.done.add(line[status.end() :].split("]", 1)[0])
            return True
        return False

    def text(self) -> str:
        """``first run: cpe : Push the intended configuration (3/5 devices)``."""
        return f"{self.title}: {self.task} ({len(self.done)}/{self.hosts} devices)"


def plan_step(loaded: LoadedTopology) -> Plan:
    """The offline cloud plan of the topology."""
    from medinfra.cloud.plan import plan_topology

    return plan_topology(loaded.topology)
