"""``medinfra diagram TOPOLOGY --out FILE.svg|.png``: the topology as a picture (Graphviz)."""

from pathlib import Path
from typing import Annotated

import typer

from medinfra.errors import TopologyError, UsageError
from medinfra.fileio import refuse_inputs, write_atomic_bytes
from medinfra.load import input_files
from medinfra.validation import TopologyReport, error_sites, validate_path


def checked(topology: Path) -> TopologyReport:
    """``topology`` validated as far as it loads (a picture of a partial model is still useful).

    Raises:
        TopologyError: when not even part of the topology loads.
    """
    report = validate_path(topology)
    if report.loaded is None:
        raise TopologyError(
            f"{topology}: the topology does not load; run 'medinfra validate {topology}'",
            report.diagnostics,
        )
    return report


def diagram(
    topology: Annotated[Path, typer.Argument(exists=True, help="Topology directory or file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Picture to write: FILE.svg or .png.")],
) -> None:
    """Draw data centres, sites, private lines, PON trees and the cloud; errors in red."""
    from medinfra.diagram import FORMATS, Picture, render
    from medinfra.summary import summarise_topology

    output_format = out.suffix.lower().lstrip(".")
    if output_format not in FORMATS:
        raise UsageError(f"--out {out}: the file name ends in .svg or .png")
    refuse_inputs(out, input_files(topology))
    report = checked(topology)
    assert report.loaded is not None
    picture = Picture(summarise_topology(report.loaded.topology), error_sites(report))
    write_atomic_bytes(out, render(picture, output_format))
    bad = len(picture.error_sites)
    grouped = " (sites grouped by kind and region)" if picture.grouped else ""
    typer.echo(
        f"wrote {out}: {len(picture.summary.sites)} sites{grouped}, {bad} with errors drawn in red"
    )
