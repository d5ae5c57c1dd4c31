"""``medinfra rules``, ``medinfra explain`` and the validate formats through the CLI runner."""

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from medinfra.checks import catalogue, rules_markdown
from medinfra.cli import app
from tests.conftest import EXAMPLES, INVENTORY, REPO, replace_in

runner = CliRunner()


def test_rules_lists_every_rule() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for rule in catalogue():
        assert rule.id in result.output
    listed = json.loads(runner.invoke(app, ["rules", "--format", "json"]).output)
    assert [entry["id"] for entry in listed] == [rule.id for rule in catalogue()]
    assert runner.invoke(app, ["rules", "--format", "markdown"]).output == rules_markdown()


def test_explain_shows_the_model_and_how_to_silence() -> None:
    result = runner.invoke(app, ["explain", "mi-av-001"])
    assert result.exit_code == 0
    assert result.output.startswith(
        "MI-AV-001 (error, availability)\nSite availability meets its target\n"
    )
    assert "525,600" in result.output
    assert "suppress: [{rule: MI-AV-001, reason: <why>}]" in result.output


def test_explain_unknown_rule_is_a_usage_error() -> None:
    result = runner.invoke(app, ["explain", "MI-AV-01"])
    assert result.exit_code == 2
    assert "unknown rule 'MI-AV-01'; did you mean MI-AV-001?" in result.output


def test_validate_unknown_selector_is_a_usage_error() -> None:
    result = runner.invoke(
        app, ["validate", str(INVENTORY / "union-shenzhen-campus"), "--select", "MI-FOO"]
    )
    assert result.exit_code == 2
    assert "'MI-FOO' names no rule" in result.output


def test_validate_text_summary_has_availability_and_runway() -> None:
    result = runner.invoke(app, ["validate", str(INVENTORY / "henan-provincial-hospital")])
    assert result.exit_code == 0
    assert "99.9799% (hpph-main)" in result.output
    assert "16.7 y (hpph-images-hot)" in result.output


def test_validate_json_carries_engineering_summary(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("multi-branch-hospital")
    # a 1:8 split on 600 m of fibre stays under the N1 optics minimum: a warning only
    replace_in(topo / "sites/south-branch.yaml", "ratio: 16", "ratio: 8")
    result = runner.invoke(app, ["validate", str(topo), "--format", "json"])
    assert result.exit_code == 0  # a warning does not fail
    (report,) = json.loads(result.output)
    assert report["summary"]["min_availability_site"] is not None
    (warning,) = report["diagnostics"]
    assert warning["code"] == "MI-OPT-005" and warning["severity"] == "warning"
    assert warning["file"] == "topo/sites/south-branch.yaml"


def test_validate_github_annotations(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "topology.yaml", "ntp_servers: [10.255.0.10, 10.255.0.11]", "ntp_servers: []")
    result = runner.invoke(app, ["validate", str(topo), "--format", "github"])
    assert result.exit_code == 1
    assert result.output == (
        "::error file=topo/topology.yaml,line=18,col=3,title=MI-SEC-006::"
        "management.ntp_servers: no NTP server in management.ntp_servers\n"
    )


def test_a_directory_of_topologies_validates_each(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in EXAMPLES:  # the examples only: a user's own topology may be work in progress
        shutil.copytree(INVENTORY / name, tmp_path / "inventory" / name)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "inventory", "--format", "json"])
    assert result.exit_code == 0, result.output
    names = [Path(entry["path"]).name for entry in json.loads(result.output)]
    assert names == EXAMPLES


def test_pre_commit_hook_runs_the_validate_command(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "medinfra-validate")
    assert hook["entry"] == "medinfra validate" and hook["pass_filenames"] is False
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, [*hook["entry"].split()[1:], *hook["args"]])
    assert result.exit_code == 0, result.output


def test_example_workflow_commands_are_valid(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    workflow = yaml.safe_load((REPO / "examples/github-actions/validate-topology.yml").read_text())
    steps = workflow["jobs"]["validate"]["steps"]
    commands = [
        line.strip().split(" || ")[0].split()
        for s in steps
        for line in s.get("run", "").splitlines()
        if line.strip().startswith("medinfra validate")
    ]
    assert len(commands) == 2
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    monkeypatch.chdir(REPO)
    for command in commands:
        result = runner.invoke(
            app,
            [
                arg.replace("medinfra.sarif", str(tmp_path / "medinfra.sarif"))
                for arg in command[1:]
            ],
        )
        assert result.exit_code == 0, (command, result.output)
    assert json.loads((tmp_path / "medinfra.sarif").read_text())["version"] == "2.1.0"
