"""SARIF 2.1.0 output for code-scanning upload (GitHub, GitLab, Azure DevOps)."""

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from medinfra import __version__
from medinfra.checks.rule import CheckRule
from medinfra.diagnostics import Diagnostic, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _descriptor(rule: CheckRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.check.__name__,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {
            "text": f"{rule.explanation}\n\nMore: docs/rules.md or `medinfra explain {rule.id}`."
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family.value]},
    }


def _uri(file: str) -> str:
    """A relative path as a URI reference (forward slashes); absolute paths as file URIs."""
    path = PurePath(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()


def _result(diagnostic: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    location: dict[str, Any] = {}
    if diagnostic.location is not None:
        location["physicalLocation"] = {
            "artifactLocation": {"uri": _uri(diagnostic.location.file)},
            "region": {
                "startLine": diagnostic.location.line,
                "startColumn": diagnostic.location.column,
            },
        }
    if diagnostic.path:
        location["logicalLocations"] = [{"fullyQualifiedName": diagnostic.path}]
    if location:
        result["locations"] = [location]
    return result


def to_sarif(diagnostics: Sequence[Diagnostic], rules: Sequence[CheckRule]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: the rule catalogue and one result per diagnostic.

    Load problems (YAML, schema, references) keep their own codes (``MI-SCHEMA-001``...),
    which have no rule descriptor; check findings point at their rule by index.
    """
    index = {rule.id: position for position, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "medinfra",
                        "version": __version__,
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(diagnostic, index) for diagnostic in diagnostics],
            }
        ],
    }
