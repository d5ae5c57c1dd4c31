"""A VRPv8 remediation written into the candidate in large writes, over real SSH to the lab:
a line refused in the middle of one write is found, named with its number, the candidate is
cleared and nothing is committed (the running config and the commit list stay as they were)."""

from collections.abc import Iterator
from typing import Any

import pytest

from medinfra.lab import LabHandle, RejectCommand
from medinfra.lab.vrpv8 import Vrpv8Console
from medinfra.model import Topology
from medinfra.push.candidate import CLEAR_CANDIDATE, is_exit, writes
from medinfra.push.engine import scope_context
from medinfra.push.guard import safe_remediation
from medinfra.push.session import commit_ids
from tests.lab.conftest import connect, logout
from tests.push.labkit import example_lab, plan_for, push_host

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HENAN = "henan-provincial-hospital"
EDGE = "ZZ-DC-PE-01"


@pytest.fixture
def henan(tmp_path) -> Iterator[tuple[Topology, LabHandle]]:
    with example_lab(HENAN, tmp_path / "lab", "127.1.30.1") as (topology, lab):
        yield topology, lab


@pytest.fixture
def typed(monkeypatch) -> list[tuple[str, str]]:
    """Every line a lab VRPv8 console was given, with its device."""
    seen: list[tuple[str, str]] = []
    handle = Vrpv8Console.handle

    def record(self: Vrpv8Console, line: str) -> Any:
        seen.append((self.device.hostname, line.strip()))
        return handle(self, line)

    monkeypatch.setattr(Vrpv8Console, "handle", record)
    return seen


def _commands(topology: Topology, lab: LabHandle, tmp_path) -> list[str]:
    """The remediation the push will write to the edge (from the lab's current config)."""
    job = plan_for(HENAN, tmp_path / "lab", hostnames=[EDGE]).jobs[0]
    scope = scope_context(job.device, "medinfra")
    plan = safe_remediation(job.device.platform, lab.running_config(EDGE), job.intended, scope)
    return plan.remediation.commands


def _commits(lab: LabHandle) -> list[str]:
    session: Any = connect(lab, lab.device(EDGE))
    try:
        return commit_ids(str(session.send_command("display configuration commit list")))
    finally:
        logout(session)


def _refuse_in_the_middle(
    henan: tuple[Topology, LabHandle], tmp_path, typed: list[tuple[str, str]], opener: bool
) -> None:
    topology, lab = henan
    commands = _commands(topology, lab, tmp_path)
    groups = writes(commands)
    group = max(groups, key=len)
    assert len(group) >= 20, groups  # the push writes many lines at once
    # a line in the middle of the longest write: a view's opening line or a plain line
    middle = [
        i
        for i, line in enumerate(group[5:-5], 5)
        if line.startswith("interface ") == opener and not is_exit(line)
        if commands.count(line) == 1
    ]
    index = middle[len(middle) // 2]
    refused = group[index]
    number = sum(len(g) for g in groups[: groups.index(group)]) + index + 1
    before, commits = lab.running_config(EDGE), _commits(lab)
    lab.inject(EDGE, RejectCommand(f"^{refused}$"))

    result = push_host(topology, tmp_path, EDGE)

    assert result.failed and result.rolled_back and result.restore_verified, result.error
    error = result.error or ""
    assert error.endswith(f": {refused}"), error  # named, last
    assert "the device refused a line (Error: " in error, error
    assert f"line {number} of {len(commands)}" in error, error
    assert "the candidate was cleared, nothing was committed" in error, error
    # the lines after the refused one were in the same write: they reached the candidate
    lines = [line for host, line in typed if host == EDGE]
    start = lines.index(refused)
    assert lines[start + 1 : start + 1 + len(group) - index - 1] == group[index + 1 :]
    assert CLEAR_CANDIDATE in lines[start:]
    assert not [line for line in lines if line.startswith("commit")]
    # and nothing was committed
    assert lab.running_config(EDGE) == before
    assert _commits(lab) == commits


def test_a_line_refused_in_the_middle_of_one_write_is_named_and_nothing_committed(
    henan, tmp_path, typed
):
    _refuse_in_the_middle(henan, tmp_path, typed, opener=False)


def test_a_refused_view_line_whose_quit_leaves_the_system_view_commits_nothing(
    henan, tmp_path, typed
):
    """The view's lines then land in the system view and its ``quit`` leaves the system view
    with a candidate: the device asks whether to commit, and the next line is read as the
    answer -- never a yes (a line starting with y waits for every answer before it)."""
    _refuse_in_the_middle(henan, tmp_path, typed, opener=True)


def test_the_same_push_without_the_fault_commits_once(henan, tmp_path, typed):
    topology, lab = henan
    commands = _commands(topology, lab, tmp_path)
    commits = _commits(lab)
    result = push_host(topology, tmp_path, EDGE)
    assert not result.failed and result.changed, result.error
    assert len(_commits(lab)) == len(commits) + 1
    lines = [line for host, line in typed if host == EDGE]
    assert all(line in lines for line in commands if "<<secret:" not in line)
