"""``medinfra validate``: schema, references (and engineering checks) of topology files."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from medinfra.cli.output import console, diagnostic_line, print_json, table
from medinfra.validation import TopologyReport, summarise, validate_path


class OutputFormat(StrEnum):
    """Output formats of ``validate``."""

    TEXT = "text"
    JSON = "json"


def _summary_rows(reports: list[TopologyReport]) -> list[list[str]]:
    rows = []
    for report in reports:
        if report.loaded is None:
            rows.append([str(report.path), "-", "-", "-", "-", str(report.errors), "invalid"])
            continue
        counts = summarise(report.loaded.topology)
        rows.append(
            [
                report.loaded.topology.name,
                str(counts["sites"]),
                str(counts["devices"]),
                str(counts["private_lines"]),
                str(counts["onts"]),
                str(report.errors),
                "valid" if report.ok else "invalid",
            ]
        )
    return rows


def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            exists=True, help="Topology directories (with topology.yaml) or single YAML files."
        ),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TEXT,
) -> None:
    """Validate topology files: YAML, schema and cross-references. Exit 1 when any error."""
    reports = [validate_path(path) for path in paths]
    if output_format is OutputFormat.JSON:
        print_json(
            [
                {
                    "path": str(report.path),
                    "valid": report.ok,
                    "error": report.load_error,
                    "summary": summarise(report.loaded.topology) if report.loaded else None,
                    "diagnostics": [d.to_json() for d in report.diagnostics],
                }
                for report in reports
            ]
        )
    else:
        for report in reports:
            if report.load_error:
                typer.echo(f"{report.load_error} [MI-LOAD-001]")
            for diagnostic in report.diagnostics:
                typer.echo(diagnostic_line(diagnostic))
        console().print(
            table(
                "Topologies",
                ["topology", "sites", "devices", "private lines", "ONTs", "errors", "status"],
                _summary_rows(reports),
            )
        )
    if not all(report.ok for report in reports):
        raise typer.Exit(1)
