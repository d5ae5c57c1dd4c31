"""``medinfra generate``: valid, deterministic synthetic topologies."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.diagnostics import Severity
from medinfra.errors import UsageError
from medinfra.synth import SyntheticSpec, build, write_topology
from medinfra.validation import validate_path

runner = CliRunner()


def test_generated_topology_validates_with_zero_findings(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    result = runner.invoke(
        app,
        [
            "generate",
            "--hospitals",
            "6",
            "--clinics",
            "30",
            "--onts-per-site",
            "40",
            "--seed",
            "7",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wrote synthetic-h6-c30-s7: 38 sites, 39 files" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["sites", "topology.yaml"]
    assert len(list((out / "sites").glob("*.yaml"))) == 38
    report = validate_path(out)
    assert report.ok, [d.format() for d in report.diagnostics]
    assert [d for d in report.diagnostics if d.severity is not Severity.INFO] == []
    topology = report.loaded.topology  # type: ignore[union-attr]
    onts = sum(
        len(splitter.onts)
        for site in topology.sites
        if site.campus
        for olt in site.campus.olts
        for port in olt.pon_ports
        for splitter in port.splitters
    )
    assert onts == 6 * 40


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    spec = SyntheticSpec(hospitals=3, clinics=5, onts_per_site=4, seed=11)
    write_topology(build(spec), tmp_path / "a")
    write_topology(build(spec), tmp_path / "b")
    write_topology(build(SyntheticSpec(3, 5, 4, seed=12)), tmp_path / "c")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert all((tmp_path / "a" / f).read_text() == (tmp_path / "b" / f).read_text() for f in files)
    assert any((tmp_path / "a" / f).read_text() != (tmp_path / "c" / f).read_text() for f in files)


def test_regenerating_replaces_an_earlier_output_but_not_other_directories(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    write_topology(build(SyntheticSpec(hospitals=2, clinics=4)), out)
    write_topology(build(SyntheticSpec(hospitals=2, clinics=1)), out)
    assert len(list((out / "sites").glob("*.yaml"))) == 2 + 2 + 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not an empty directory or an earlier"):
        write_topology(build(SyntheticSpec(hospitals=1)), tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_bad_sizes_are_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--hospitals", "0", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "--hospitals must be at least 1" in result.output
