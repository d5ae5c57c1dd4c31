"""``medinfra report TOPOLOGY --out report.html``: one self-contained HTML file for CI."""

import os
from pathlib import Path
from typing import Annotated

import typer

from medinfra.cli.diagram_cmd import checked
from medinfra.diagnostics import Diagnostic
from medinfra.fileio import refuse_inputs, write_atomic
from medinfra.load import input_files
from medinfra.report import LinkFor
from medinfra.validation import error_sites


def links(out: Path, base: str | None) -> LinkFor:
    """How a finding links to its file and line.

    ``base`` (``--link-base``) first, then the commit on GitHub when run in GitHub Actions
    (``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``, ``GITHUB_SHA``), else the file relative to
    the report, so the link works where the report sits beside the checkout.
    """
    github = [os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")]
    root = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    if base is None and all(github):
        base = f"{github[0]}/{github[1]}/blob/{github[2]}"

    def link(diagnostic: Diagnostic) -> str | None:
        where = diagnostic.location
        if where is None:
            return None
        if base is not None:
            relative = os.path.relpath(Path(where.file).absolute(), root)
            return f"{base.rstrip('/')}/{Path(relative).as_posix()}#L{where.line}"
        relative = os.path.relpath(Path(where.file).absolute(), out.absolute().parent)
        return f"{Path(relative).as_posix()}#L{where.line}"

    return link


def report(
    topology: Annotated[Path, typer.Argument(exists=True, help="Topology directory or file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    link_base: Annotated[
        str | None,
        typer.Option(
            "--link-base", help="URL the findings' file links start with (e.g. a repository's)."
        ),
    ] = None,
) -> None:
    """Write one HTML file: findings (sortable, linked to file:line), sites, runway, diagram.

    Exit 1 when the topology has errors (the report is written all the same).
    """
    from medinfra.diagram import Picture, render
    from medinfra.report import report_html
    from medinfra.summary import summarise_topology

    refuse_inputs(out, input_files(topology))
    checked_report = checked(topology)
    assert checked_report.loaded is not None
    model = checked_report.loaded.topology
    summary = summarise_topology(model)
    svg = render(Picture(summary, error_sites(checked_report)), "svg").decode("utf-8")
    html = report_html(
        summary,
        checked_report.diagnostics,
        svg,
        links(out, link_base),
        valid=checked_report.ok,
        min_runway_years=model.settings.min_runway_years,
    )
    write_atomic(out, html)
    typer.echo(
        f"wrote {out}: {checked_report.errors} error(s), {checked_report.warnings} warning(s), "
        f"{len(summary.sites)} sites"
    )
    if not checked_report.ok:
        raise typer.Exit(1)
