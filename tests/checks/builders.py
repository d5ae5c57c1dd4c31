"""Topologies of the check tests: an example copied with a few edits, validated as GitHub lines."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from medinfra.cli import app
from tests.conftest import replace_in

runner = CliRunner()


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in ``file`` (relative to the topology); ``old`` must be there."""

    file: str
    old: str
    new: str
    count: int = 1
    """How many of the occurrences to replace."""


def edited(example_copy: Callable[[str], Path], name: str, *edits: Edit) -> Path:
    """A copy of example ``name`` (``topo/`` in the test's directory) with ``edits`` made."""
    topo = example_copy(name)
    for edit in edits:
        replace_in(topo / edit.file, edit.old, edit.new, edit.count)
    return topo


def github_lines(topo: Path, *args: str) -> list[str]:
    """``medinfra validate topo --format github *args``: its lines, once it exited 1."""
    result = runner.invoke(app, ["validate", str(topo), "--format", "github", *args])
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


def rule_lines(topo: Path, rule_id: str) -> list[str]:
    """:func:`github_lines` of the one rule ``rule_id`` (``--select``)."""
    return github_lines(topo, "--select", rule_id)
