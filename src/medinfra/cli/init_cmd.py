"""``medinfra init DIR``: a first topology of one's own, valid and commented, checked at once.

Each choice is a flag; on a terminal, the choices not given are asked (Enter keeps the
default). Without a terminal (standard input not a TTY: scripts, CI) nothing is asked and
the defaults are taken.
"""

import re
import sys
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from medinfra.cli.schema_cmd import SchemaKind, schema_text
from medinfra.synth.starter import StarterSpec, starter, write_starter
from medinfra.validation import validate_path

T = TypeVar("T", int, str, float)
DEFAULTS = StarterSpec(name="starter")


def interactive() -> bool:
    """True when standard input is a terminal: then the choices not given are asked."""
    return sys.stdin.isatty()


def _ask(value: T | None, question: str, default: T) -> T:
    """``value`` when given; else the answer on a terminal, else ``default``."""
    if value is not None:
        return value
    if not interactive():
        return default
    answer: T = typer.prompt(question, default=default, type=type(default))
    return answer


def _name_of(directory: Path) -> str:
    """A topology id from the directory's name: 'My Alliance' -> 'my-alliance'."""
    return re.sub(r"[^a-z0-9]+", "-", directory.resolve().name.lower()).strip("-") or "starter"


def init(  # noqa: PLR0917 - a Typer command: one parameter per option
    directory: Annotated[Path, typer.Argument(help="New (or empty) directory to write.")],
    name: Annotated[str | None, typer.Option("--name", help="Topology id.")] = None,
    hospitals: Annotated[
        int | None, typer.Option("--hospitals", min=1, help="Hospitals (1+1 lines each).")
    ] = None,
    clinics: Annotated[
        int | None, typer.Option("--clinics", min=0, help="Community health centres.")
    ] = None,
    data_centres: Annotated[
        int | None,
        typer.Option("--data-centres", min=1, max=2, help="1 (single) or 2 (active-active)."),
    ] = None,
    campus_olts: Annotated[
        int | None,
        typer.Option("--campus-olts", min=0, help="Hospitals with an all-optical campus OLT."),
    ] = None,
    onts_per_olt: Annotated[
        int | None, typer.Option("--onts-per-olt", min=1, help="ONTs on each campus OLT.")
    ] = None,
    mlps_level: Annotated[
        int | None, typer.Option("--mlps-level", min=1, max=4, help="China MLPS level.")
    ] = None,
    hipaa: Annotated[bool, typer.Option("--hipaa", help="HIPAA baseline as well.")] = False,
    availability_target: Annotated[
        str | None, typer.Option("--availability-target", help="Target of every site.")
    ] = None,
    clinic_target: Annotated[
        str | None, typer.Option("--clinic-target", help="Target of each clinic (one line).")
    ] = None,
    min_runway: Annotated[
        float | None, typer.Option("--min-runway", min=0, help="Minimum storage runway (years).")
    ] = None,
) -> None:
    """Write a valid, commented starter topology and validate it at once."""
    spec = StarterSpec(
        name=name or _name_of(directory),
        hospitals=_ask(hospitals, "Hospitals", DEFAULTS.hospitals),
        clinics=_ask(clinics, "Community health centres", DEFAULTS.clinics),
        data_centres=_ask(data_centres, "Data centres (1 or 2)", DEFAULTS.data_centres),
        campus_olts=_ask(campus_olts, "Hospitals with a campus OLT", DEFAULTS.campus_olts),
        onts_per_olt=_ask(onts_per_olt, "ONTs per campus OLT", DEFAULTS.onts_per_olt),
        mlps_level=_ask(mlps_level, "MLPS level (1-4)", DEFAULTS.mlps_level or 3),
        hipaa=hipaa,
        availability_target=_ask(
            availability_target, "Availability target", DEFAULTS.availability_target
        ),
        clinic_target=_ask(clinic_target, "Clinic availability target", DEFAULTS.clinic_target),
        min_runway_years=_ask(min_runway, "Minimum storage runway (years)", 3.0),
    )
    synthetic = starter(spec)
    schemas = {kind.value: schema_text(kind) for kind in SchemaKind}
    written = write_starter(synthetic, directory, schemas)
    typer.echo(
        f"wrote {spec.name}: {len(synthetic.sites)} sites ({spec.hospitals} hospitals, "
        f"{spec.clinics} clinics, {spec.data_centres} data centre(s)), {len(written)} files "
        f"under {directory}"
    )
    report = validate_path(directory)
    if not report.ok:
        for diagnostic in report.diagnostics:
            typer.echo(diagnostic.format(), err=True)
        raise typer.Exit(1)
    typer.echo(
        f"validated: 0 errors, {report.warnings} warnings. Next: medinfra describe {directory}"
    )
