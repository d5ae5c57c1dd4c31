"""``medinfra describe TOPOLOGY [--site S]``: the platform in words and figures, per site."""

import math
from pathlib import Path
from typing import Annotated

import typer

from medinfra.checks import catalogue
from medinfra.checks.quantities import percent, rate
from medinfra.cli.diagram_cmd import checked
from medinfra.diagnostics import Diagnostic
from medinfra.errors import UsageError
from medinfra.summary import PortSummary, SiteSummary, TopologySummary, summarise_topology
from medinfra.validation import TopologyReport


def _site_lines(site: SiteSummary) -> list[str]:
    where = f", {site.region}" if site.region else ""
    lines = [f"{site.id}: {site.name} ({site.kind.value}{where})"]
    for hostname, platform, role, address in site.devices:
        lines.append(f"  device   {hostname}  {platform} {role}  {address}")
    for line in site.lines:
        far = f" ({line.far_site})" if line.far_site else ""
        crypt = ", encrypted" if line.encrypted else ""
        lines.append(
            f"  line     {line.id}  {rate(line.bandwidth)} {line.technology}  path "
            f"{line.path_id}  to {line.far_end}{far}{crypt}"
        )
    if site.lines:
        lines.append(f"  1+1      {site.protection}")
    if site.availability is not None and site.downtime is not None:
        lines.append(
            f"  uptime   {percent(site.availability)} ({site.downtime:.1f} min/year down), "
            f"target {percent(site.target)}"
        )
    if site.upload and site.utilisation is not None:
        lines.append(
            f"  imaging  {rate(site.upload)} upload in the busy window over "
            f"{rate(site.capacity)} of uplinks: {percent(site.utilisation, 1)} used "
            f"(limit {percent(site.max_utilisation, 1)})"
        )
    if site.received_from:
        capacity = (
            f" over a WAN capacity of {rate(site.wan_capacity)}: "
            f"{percent(site.received / site.wan_capacity, 1)} used "
            f"(limit {percent(site.max_utilisation, 1)})"
            if site.wan_capacity
            else " (no wan_capacity to rate it against)"
        )
        lines.append(
            f"  WAN      receives {rate(site.received)} from {site.received_from} site(s){capacity}"
        )
    lines += [_port_line(port) for port in site.ports]
    return lines


def _port_line(port: PortSummary) -> str:
    splitters = ", ".join(
        f"{s.id} 1:{s.ratio} {s.onts} ONTs {s.loss:.1f} dB" for s in port.splitters
    )
    return (
        f"  PON      {port.olt} {port.port} {port.technology} class {port.optical_class} "
        f"(max {port.max_loss:g} dB): {port.onts} ONTs; {splitters}"
    )


def _header(summary: TopologySummary) -> list[str]:
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.kinds().items()))
    return [
        f"{summary.title} ({summary.name}): {len(summary.sites)} sites ({kinds})",
        f"data centres: {', '.join(summary.data_centres)} ({summary.mode}); availability "
        f"target {percent(summary.target)}",
    ]


def _cloud_lines(summary: TopologySummary) -> list[str]:
    lines = ["cloud"]
    for tenant, zones in summary.zones.items():
        shown = ", ".join(f"{zone} ({kind}, {ranges})" for zone, kind, ranges in zones)
        lines.append(f"  tenant   {tenant}: zones {shown}")
    for pool in summary.pools:
        runway = "unlimited" if math.isinf(pool.runway_years) else f"{pool.runway_years:.1f} y"
        lines.append(f"  storage  {pool.tenant}/{pool.id}: runway {runway}")
    return lines


def describe_text(summary: TopologySummary, site: str | None = None) -> str:
    """The text ``describe`` prints (one site when ``site`` is given)."""
    sites = [s for s in summary.sites if site is None or s.id == site]
    if not sites:
        known = ", ".join(s.id for s in summary.sites[:10])
        more = ", ..." if len(summary.sites) > 10 else ""
        raise UsageError(f"no site '{site}' in {summary.name} (sites: {known}{more})")
    blocks = [_header(summary)] if site is None else []
    blocks += [_site_lines(s) for s in sites]
    if site is None:
        blocks.append(_cloud_lines(summary))
    return "\n\n".join("\n".join(block) for block in blocks)


def describe(
    topology: Annotated[Path, typer.Argument(exists=True, help="Topology directory or file.")],
    site: Annotated[str | None, typer.Option("--site", "-s", help="Only this site.")] = None,
) -> None:
    """Summarise a topology per site: devices, lines, 1+1, availability, load, PON, zones.

    A topology with load errors is described as far as it loads; the errors go to standard
    error and the exit code is 1.
    """
    report = checked(topology)
    assert report.loaded is not None
    typer.echo(describe_text(summarise_topology(report.loaded.topology), site))
    if not report.salvage.partial and not _load_errors(report):
        return
    for diagnostic in _load_errors(report):
        typer.echo(f"{diagnostic.format()} [{diagnostic.code}]", err=True)
    typer.echo(
        "the summary leaves out the parts with load errors; fix them and run it again", err=True
    )
    raise typer.Exit(1)


def _load_errors(report: TopologyReport) -> list[Diagnostic]:
    """The report's load errors: YAML, schema, references (the rules' findings are validate's)."""
    rules = {rule.id for rule in catalogue()}
    return [d for d in report.diagnostics if d.code not in rules]
