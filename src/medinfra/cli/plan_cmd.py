"""``medinfra plan``: the cloud resources a topology declares, from Pulumi's mock runtime.

Pulumi is imported when a plan runs, not when the CLI starts.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from medinfra.cli.output import console, print_json
from medinfra.diagnostics import format_path

if TYPE_CHECKING:
    from medinfra.cloud.plan import Plan


class PlanFormat(StrEnum):
    """Output formats of ``plan``."""

    TABLE = "table"
    JSON = "json"


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    """A table of plain text: names such as ``medinfra:cloud:X`` are not markup or emoji."""
    result = Table(title=title, title_justify="left")
    for column in columns:
        result.add_column(column, overflow="fold", justify="right" if column == "count" else "left")
    for row in rows:
        result.add_row(*(Text(cell) for cell in row))
    return result


def _print_table(plan: Plan, violations: list[tuple[str, str]]) -> None:
    from medinfra.cloud.plan import DISCLAIMER
    from medinfra.cloud.plan_view import key_properties

    out = console()
    out.print(Text(DISCLAIMER))
    rows = [
        [r.short_type, r.name, plan.parent_name(r) or "-", key_properties(r)]
        for r in plan.resources
    ]
    out.print(
        _table(
            f"Declared resources of {plan.topology} (stack {plan.stack})",
            ["type", "logical name", "parent", "key properties"],
            rows,
        )
    )
    counts = [[kind, str(count)] for kind, count in plan.counts().items()]
    counts.append(["total", str(len(plan.resources))])
    out.print(_table("Resources per type", ["type", "count"], counts))
    providers = [
        [name, str(len(served)), ", ".join(sorted({r.short_type for r in served}))]
        for name, served in plan.providers().items()
    ]
    out.print(
        _table(
            "Providers and the resources each serves (default: the stack's openstack:cloud)",
            ["provider", "resources", "types"],
            providers,
        )
    )
    out.print(Text(f"baseline policies: {len(violations)} violation(s)"))


def plan(
    topology: Annotated[
        Path, typer.Argument(exists=True, help="Topology directory (with topology.yaml) or file.")
    ],
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.TABLE,
    data_centre: Annotated[
        str | None,
        typer.Option("--data-centre", help="Plan the stack of one data centre (active-active)."),
    ] = None,
    storage_pools: Annotated[
        list[str] | None,
        typer.Option("--storage-pool", help="Only these storage pools (repeatable)."),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            exists=True,
            help="A previous 'medinfra plan --format json' or 'pulumi stack export' file: "
            "report changes that would replace a protected image store.",
        ),
    ] = None,
) -> None:
    """Offline plan: the resources the healthcare-cloud stack declares (not a cloud preview).

    Runs the stack program in-process under Pulumi's mock runtime: no Pulumi CLI, no cloud.
    Exit 1 when the topology does not validate, a baseline policy is violated or (with
    --previous) a model change would replace a protected image store.
    """
    from medinfra.cloud.errors import CloudError
    from medinfra.cloud.plan import baseline_violations, plan_topology
    from medinfra.cloud.program import StackSelection, load_checked

    loaded = load_checked(topology)
    selection = StackSelection(
        data_centre=data_centre, storage_pools=tuple(storage_pools) if storage_pools else None
    )
    try:
        result = plan_topology(loaded.topology, selection)
    except CloudError as error:
        location = loaded.sources.locate(error.path) if error.path else None
        where = f"{location}: {format_path(error.path)}: " if location else ""
        raise CloudError(f"{where}{error}", error.path) from error
    violations = baseline_violations(result)
    replacements = _replacements(result, previous) if previous else []
    if output_format is PlanFormat.JSON:
        document = result.to_json()
        document["baseline_violations"] = [{"urn": u, "message": m} for u, m in violations]
        document["replacements"] = replacements
        print_json(document)
    else:
        _print_table(result, violations)
        for urn, message in violations:
            typer.echo(f"{urn}: {message} [baseline]")
        for message in replacements:
            typer.echo(f"{message} [replacement]")
    if violations or replacements:
        raise typer.Exit(1)


def _replacements(result: Plan, previous: Path) -> list[str]:
    from medinfra.cloud.replacement import StoredResource, read_previous, replacement_findings

    current = [
        StoredResource(r.type, r.name, r.properties, bool((r.options or {}).get("protect")))
        for r in result.resources
    ]
    return replacement_findings(read_previous(previous), current)
