"""``medinfra validate``: schema, references and the engineering and security check rules."""

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from medinfra.checks import CheckRule, select_rules
from medinfra.checks.github import annotation
from medinfra.checks.quantities import percent
from medinfra.checks.sarif import to_sarif
from medinfra.cli.output import console, table
from medinfra.diagnostics import Diagnostic, Severity, format_path
from medinfra.fileio import refuse_inputs, write_atomic
from medinfra.load import input_files
from medinfra.load.loader import TOPOLOGY_FILE_NAMES
from medinfra.validation import TopologyReport, engineering_summary, summarise, validate_path


class OutputFormat(StrEnum):
    """Output formats of ``validate``."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


def _split(values: list[str] | None) -> list[str]:
    """Repeated options and comma-separated lists alike: ``--ignore MI-STO,MI-OPT-005``."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _expand(paths: list[Path]) -> list[Path]:
    """A directory of topologies (``inventory/``) stands for every topology directory in it."""
    expanded: list[Path] = []
    for path in paths:
        children = (
            sorted(p for p in path.iterdir() if p.is_dir() and _is_topology(p))
            if path.is_dir() and not _is_topology(path)
            else []
        )
        expanded.extend(children or [path])
    return expanded


def _is_topology(path: Path) -> bool:
    return any((path / name).is_file() for name in TOPOLOGY_FILE_NAMES)


def _availability(summary: dict[str, object]) -> str:
    value = summary["min_availability"]
    if not isinstance(value, float):
        return "-"
    return f"{percent(value)} ({summary['min_availability_site']})"


def _runway(summary: dict[str, object]) -> str:
    value = summary["min_runway_years"]
    if not isinstance(value, float):
        return "-" if summary["min_runway_pool"] is None else "unlimited"
    return f"{value:.1f} y ({summary['min_runway_pool']})"


def _summary_rows(reports: list[TopologyReport]) -> list[list[str]]:
    rows = []
    for report in reports:
        if report.loaded is None:
            rows.append([str(report.path), *["-"] * 6, str(report.errors), "0", "invalid"])
            continue
        topology = report.loaded.topology
        counts = summarise(topology)
        engineering = engineering_summary(topology)
        rows.append(
            [
                topology.name,
                str(counts["sites"]),
                str(counts["devices"]),
                str(counts["private_lines"]),
                str(counts["onts"]),
                _availability(engineering),
                _runway(engineering),
                str(report.errors),
                str(report.warnings),
                "valid" if report.ok else "invalid",
            ]
        )
    return rows


def _all_diagnostics(reports: list[TopologyReport]) -> list[Diagnostic]:
    """Every diagnostic, a load error without diagnostics as one of its own."""
    diagnostics = []
    for report in reports:
        if report.load_error:
            diagnostics.append(Diagnostic("MI-LOAD-001", Severity.ERROR, report.load_error))
        diagnostics.extend(report.diagnostics)
    return diagnostics


def _text(reports: list[TopologyReport]) -> str:
    lines = []
    for diagnostic in _all_diagnostics(reports):
        suffix = "" if diagnostic.severity is Severity.ERROR else f" {diagnostic.severity.value}"
        lines.append(f"{diagnostic.format()} [{diagnostic.code}{suffix}]")
    for report in reports:
        if report.checks is None or report.loaded is None:
            continue
        for item, suppression in report.checks.suppressed:
            where = report.loaded.sources.locate(item.finding.path)
            lines.append(
                f"{where or report.path}: suppressed [{item.rule.id}]: {suppression.reason}"
            )
    return "\n".join(lines)


def _suppressed(report: TopologyReport) -> list[dict[str, str]]:
    """Findings a suppression in the topology silenced, with the reason on record."""
    if report.checks is None:
        return []
    return [
        {
            "code": item.rule.id,
            "path": format_path(item.finding.path),
            "message": item.finding.message,
            "suppressed_by": suppression.rule,
            "reason": suppression.reason,
        }
        for item, suppression in report.checks.suppressed
    ]


def _json(reports: list[TopologyReport]) -> str:
    return json.dumps(
        [
            {
                "path": str(report.path),
                "valid": report.ok,
                "error": report.load_error,
                "summary": (
                    {
                        **summarise(report.loaded.topology),
                        **engineering_summary(report.loaded.topology),
                    }
                    if report.loaded
                    else None
                ),
                "suppressed": _suppressed(report),
                "diagnostics": [d.to_json() for d in report.diagnostics],
            }
            for report in reports
        ],
        indent=2,
    )


def _print_summary(reports: list[TopologyReport]) -> None:
    console().print(
        table(
            "Topologies",
            [
                "topology",
                "sites",
                "devices",
                "private lines",
                "ONTs",
                "worst availability",
                "shortest runway",
                "errors",
                "warnings",
                "status",
            ],
            _summary_rows(reports),
        )
    )


def _document(
    reports: list[TopologyReport], output_format: OutputFormat, rules: list[CheckRule]
) -> str:
    if output_format is OutputFormat.JSON:
        return _json(reports)
    if output_format is OutputFormat.SARIF:
        return json.dumps(to_sarif(_all_diagnostics(reports), rules), indent=2)
    if output_format is OutputFormat.GITHUB:
        return "\n".join(annotation(d) for d in _all_diagnostics(reports))
    return _text(reports)


def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            exists=True,
            help="Topology directories (with topology.yaml), single YAML files, or a directory "
            "of topology directories (inventory/).",
        ),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json, sarif or github.")
    ] = OutputFormat.TEXT,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Run only these rules (ids or prefixes, e.g. MI-SEC)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rules (ids or prefixes, e.g. MI-STO-002)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the findings to this file, not stdout."),
    ] = None,
) -> None:
    """Validate topology files: YAML, schema, references, then every check rule.

    Exit 1 when any error (warnings and information do not fail).
    """
    paths = _expand(paths)
    if output is not None:
        refuse_inputs(output, [file for path in paths for file in input_files(path)])
    chosen, ignored = _split(select), _split(ignore)
    if chosen or ignored:
        rules = list(select_rules(chosen, ignored))
        reports = [validate_path(path, rules) for path in paths]
    else:
        rules = list(select_rules())
        reports = [validate_path(path) for path in paths]
    document = _document(reports, output_format, rules)
    if output is not None:
        write_atomic(output, document + "\n")
    elif document:
        typer.echo(document)
    if output_format is OutputFormat.TEXT:
        _print_summary(reports)
    if not all(report.ok for report in reports):
        raise typer.Exit(1)
