"""``medinfra init``: a valid, commented starter, validated at once; asks only on a terminal."""

import re
import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from medinfra.cli import app, init_cmd
from medinfra.load import load_topology
from medinfra.model.topology import DataCentreMode
from tests.conftest import NEEDS_DOT, REPO

runner = CliRunner()


def test_without_a_terminal_it_takes_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "my-alliance"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "wrote my-alliance: 8 sites (2 hospitals, 4 clinics, 2 data centre(s)), 11 files "
        "under my-alliance\n"
        "validated: 0 errors, 0 warnings. Next: medinfra describe my-alliance\n"
    )
    main = (tmp_path / "my-alliance/topology.yaml").read_text()
    assert main.startswith("# yaml-language-server: $schema=schema/topology.schema.json\n")
    assert "# Security baseline: China MLPS level (1-4) and/or hipaa: true.\nbaseline:" in main
    site = (tmp_path / "my-alliance/sites/hospital-00000.yaml").read_text()
    assert site.startswith("# yaml-language-server: $schema=../schema/site.schema.json\n")
    assert (tmp_path / "my-alliance/schema/site.schema.json").is_file()
    assert yaml.safe_load(site)["name"] == "Hospital 1"


def test_flags_shape_the_platform(tmp_path: Path) -> None:
    out = tmp_path / "one-dc"
    result = runner.invoke(
        app,
        [
            "init", str(out), "--hospitals", "3", "--clinics", "1", "--data-centres", "1",
            "--campus-olts", "0", "--mlps-level", "2", "--hipaa",
            "--availability-target", "99.9%", "--min-runway", "5",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    topology = load_topology(out).topology
    assert topology.data_centres.mode is DataCentreMode.SINGLE
    assert topology.baseline.mlps_level == 2 and topology.baseline.hipaa
    assert topology.availability_target == pytest.approx(0.999)
    assert topology.settings.min_runway_years == 5
    assert not any(site.campus for site in topology.sites)
    assert sum(site.kind.value == "community_health_centre" for site in topology.sites) == 1


def test_on_a_terminal_it_asks_for_what_was_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init_cmd, "interactive", lambda: True)
    answers = "4\n0\n1\n2\n8\n3\n99.95%\n99.5%\n3\n"
    result = runner.invoke(app, ["init", str(tmp_path / "asked")], input=answers)
    assert result.exit_code == 0, result.output
    assert "Hospitals [2]: " in result.output
    assert "Hospitals with a campus OLT [1]: " in result.output
    topology = load_topology(tmp_path / "asked").topology
    olts = [olt for site in topology.sites if site.campus for olt in site.campus.olts]
    assert len(topology.sites) == 5 and len(olts) == 2
    assert sum(len(s.onts) for olt in olts for p in olt.pon_ports for s in p.splitters) == 16


def test_it_will_not_write_into_a_directory_in_use(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["init", str(tmp_path / "used")])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {tmp_path / 'used'}: exists and is not empty; choose a new directory\n"
    )


def test_a_bad_name_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--name", "My Alliance"])
    assert result.exit_code == 2
    assert "'My Alliance' is not a topology id" in result.output


def guide_commands() -> tuple[list[str], str]:
    """The commands of the README's 'Your first topology' and the output it shows."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your first topology", 1)[1].split("<!-- /section", 1)[0]
    commands = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert commands is not None
    shown = re.search(r"```\n(.*?)```", section[commands.end() :], re.DOTALL)
    assert shown is not None
    return commands.group(1).splitlines(), shown.group(1)


@NEEDS_DOT  # the guide draws a diagram
def test_the_readme_guide_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    commands, shown = guide_commands()
    outputs = []
    for line in commands:
        argv = shlex.split(line)
        assert argv[0] == "medinfra", line
        result = runner.invoke(app, argv[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}"
        outputs.append(result.output)
    assert outputs[0] == shown
