"""SARIF 2.1.0 and GitHub annotation output, and docs/rules.md kept in sync."""

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from medinfra.checks import catalogue, rules_markdown
from medinfra.checks.github import annotation
from medinfra.checks.sarif import to_sarif
from medinfra.cli import app
from medinfra.diagnostics import Diagnostic, Location, Severity
from tests.conftest import REPO

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0-subset.json").read_text())
runner = CliRunner()


def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(
        SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def test_docs_rules_md_is_in_sync() -> None:
    assert (REPO / "docs/rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "regenerate with: medinfra rules --format markdown > docs/rules.md"
    )
    assert all(f"### {rule.id}" in rules_markdown() for rule in catalogue())


def test_sarif_validates_and_points_at_file_and_rule() -> None:
    diagnostics = [
        Diagnostic(
            "MI-AV-001",
            Severity.ERROR,
            "below target",
            "uplinks",
            Location("inv/sites/a.yaml", 12, 3),
        ),
        Diagnostic(
            "MI-STO-002", Severity.INFO, "plan expansion", "", Location("inv/topology.yaml", 4, 1)
        ),
        Diagnostic("MI-SCHEMA-001", Severity.ERROR, "unknown key", "", None),
    ]
    log = to_sarif(diagnostics, catalogue())
    _validator().validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == "MI-AV-001"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "inv/sites/a.yaml"},
        "region": {"startLine": 12, "startColumn": 3},
    }
    assert run["results"][1]["level"] == "note"
    assert "ruleIndex" not in run["results"][2] and "locations" not in run["results"][2]


def test_schema_rejects_a_broken_log() -> None:
    log = to_sarif(
        [Diagnostic("MI-AV-001", Severity.ERROR, "x", "", Location("a.yaml", 0, 1))], catalogue()
    )
    errors = list(_validator().iter_errors(log))
    assert any("startLine" in str(error.path) or "minimum" in error.message for error in errors)


def test_validate_sarif_of_a_mutated_example(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("henan-provincial-hospital")
    text = (topo / "sites/xincai-branch.yaml").read_text()
    (topo / "sites/xincai-branch.yaml").write_text(
        text.replace("encrypted: true", "encrypted: false", 1)
    )
    result = runner.invoke(
        app, ["validate", str(topo), "--format", "sarif", "--output", "out.sarif"]
    )
    assert result.exit_code == 1
    log = json.loads(Path("out.sarif").read_text())
    _validator().validate(log)
    (found,) = log["runs"][0]["results"]
    assert found["ruleId"] == "MI-SEC-008"
    assert (
        found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "topo/sites/xincai-branch.yaml"
    )
    assert found["locations"][0]["physicalLocation"]["region"]["startLine"] == 30


def test_github_annotation_escapes_and_locates() -> None:
    diagnostic = Diagnostic(
        "MI-CAP-001",
        Severity.WARNING,
        "50% used,\nsee: docs",
        "imaging",
        Location("a,b.yaml", 7, 2),
    )
    assert annotation(diagnostic) == (
        "::warning file=a%2Cb.yaml,line=7,col=2,title=MI-CAP-001::imaging: 50%25 used,%0Asee: docs"
    )
    assert (
        annotation(Diagnostic("MI-LOAD-001", Severity.ERROR, "bad"))
        == "::error title=MI-LOAD-001::bad"
    )
