"""``medinfra trace TOPOLOGY SRC DST [SERVICE]``: a flow hop by hop, both ways.

Exit codes: 0 both paths arrive (with every ``--fail`` element down in turn too), 1 a path
breaks, 2 usage errors.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from medinfra.checks import run_checks, select_rules
from medinfra.cli.output import diagnostic_line, print_json
from medinfra.diagnostics import Severity, format_path
from medinfra.errors import TopologyError
from medinfra.flow import Break, Hop, Trace, trace
from medinfra.flow import Path as FlowPath
from medinfra.flow.lines import RenderedLines
from medinfra.load import LoadedTopology, load_topology
from medinfra.validation import by_position, check_diagnostics


class TraceFormat(StrEnum):
    """Output formats of ``trace``."""

    TEXT = "text"
    JSON = "json"


def _load(path: Path) -> LoadedTopology:
    """Load ``path`` and require every error-level rule but the flow rules to pass (the
    renderer trusts the model; a broken flow is what the trace is there to show)."""
    loaded = load_topology(path)
    run = run_checks(loaded.topology, select_rules(ignore=["MI-FLOW"]))
    errors = [d for d in check_diagnostics(loaded, run) if d.severity is Severity.ERROR]
    if errors:
        for diagnostic in by_position(errors):
            typer.echo(diagnostic_line(diagnostic), err=True)
        raise TopologyError(f"{path}: {len(errors)} error(s) in the model; nothing traced")
    return loaded


class _Printer:
    def __init__(self, loaded: LoadedTopology) -> None:
        self.loaded = loaded
        self.lines = RenderedLines(loaded.topology)

    def where(self, path: tuple[str | int, ...]) -> str:
        resolved = self.loaded.sources.resolve(path)
        if resolved is None:
            return format_path(path)
        return f"{resolved.location} {resolved.path_in_file}".rstrip()

    def hop(self, hop: Hop) -> dict[str, Any]:
        found = self.lines.find(hop)
        rendered = str(found) if found else hop.line
        return {
            "layer": hop.layer.value,
            "summary": hop.summary,
            "model": self.where(hop.path),
            "rendered": rendered,
        }

    def missing(self, broken: Break) -> dict[str, Any]:
        return {
            "layer": broken.layer.value,
            "missing": True,
            "reason": broken.reason,
            "model": self.where(broken.path),
        }

    def path(self, path: FlowPath) -> dict[str, Any]:
        hops = [self.hop(hop) for hop in path.hops]
        for position, gap in reversed(path.gaps):
            hops.insert(position, self.missing(gap))
        return {
            "from": path.source,
            "to": path.destination,
            "arrives": path.arrives,
            "hops": hops,
            "end": None if path.end is None else self.missing(path.end),
        }

    def trace(self, result: Trace) -> dict[str, Any]:
        return {
            "failure": result.failure.label or None,
            "forward": self.path(result.forward),
            "return": self.path(result.back),
        }


def _text(document: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for direction in ("forward", "return"):
        path = document[direction]
        lines.append(f"{direction}: {path['from']} -> {path['to']}")
        for number, hop in enumerate([*path["hops"], *filter(None, [path["end"]])], start=1):
            if hop.get("missing"):
                lines.append(f"  {number:>2}. {hop['layer']:<16} MISSING: {hop['reason']}")
                lines.append(f"      model    {hop['model']}")
                continue
            lines.append(f"  {number:>2}. {hop['layer']:<16} {hop['summary']}")
            lines.append(f"      model    {hop['model']}")
            if hop["rendered"]:
                lines.append(f"      rendered {hop['rendered']}")
        lines.append("  arrives" if path["arrives"] else "  does not arrive")
    return lines


def trace_command(  # noqa: PLR0917 - a Typer command: one parameter per option
    topology: Annotated[
        Path,
        typer.Argument(exists=True, help="Topology directory (with topology.yaml) or YAML file."),
    ],
    source: Annotated[
        str,
        typer.Argument(help="Site, device, zone, ONT (OLT:F/S/P:ID), imaging gateway or address."),
    ],
    destination: Annotated[str, typer.Argument(help="The same kinds of name as SOURCE.")],
    service: Annotated[
        str | None, typer.Argument(help="Catalogue service id (its ports meet the firewall).")
    ] = None,
    fail: Annotated[
        list[str] | None,
        typer.Option(
            "--fail",
            help="Trace again with this private line, device or data centre down (repeatable: "
            "one trace per element).",
        ),
    ] = None,
    output_format: Annotated[
        TraceFormat, typer.Option("--format", "-f", help="text or json.")
    ] = TraceFormat.TEXT,
) -> None:
    """Trace a flow hop by hop both ways, each hop with its model object (file:line) and the
    rendered line that forwards or permits it."""
    loaded = _load(topology)
    printer = _Printer(loaded)
    runs = [trace(loaded.topology, source, destination, service)]
    runs += [trace(loaded.topology, source, destination, service, [item]) for item in fail or []]
    documents = [printer.trace(run) for run in runs]
    first = runs[0]
    if output_format is TraceFormat.JSON:
        print_json(
            {
                "topology": loaded.topology.name,
                "source": first.source,
                "destination": first.destination,
                "service": first.service,
                "traces": documents,
            }
        )
    else:
        header = f"trace {first.source} -> {first.destination}"
        header += f", service {first.service}" if first.service else ""
        for document in documents:
            typer.echo(header + (f", {document['failure']}" if document["failure"] else ""))
            for line in _text(document):
                typer.echo(line)
    if not all(run.forward.arrives and run.back.arrives for run in runs):
        raise typer.Exit(1)
