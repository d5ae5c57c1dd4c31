"""``medinfra generate``: a synthetic topology of any size, deterministic from its seed."""

from pathlib import Path
from typing import Annotated

import typer

from medinfra.synth import SyntheticSpec, build, write_topology


def generate(
    hospitals: Annotated[int, typer.Option("--hospitals", help="Hospitals (1+1 to both DCs).")],
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write (empty or earlier output).")
    ],
    clinics: Annotated[
        int, typer.Option("--clinics", help="Community health centres (one line each).")
    ] = 0,
    onts_per_site: Annotated[
        int, typer.Option("--onts-per-site", help="ONTs on each hospital's campus (0: no OLT).")
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = 1,
) -> None:
    """Write a valid synthetic topology directory (topology.yaml and sites/*.yaml)."""
    synthetic = build(SyntheticSpec(hospitals, clinics, onts_per_site, seed))
    files = write_topology(synthetic, out)
    typer.echo(f"wrote {synthetic.name}: {len(synthetic.sites)} sites, {files} files under {out}")
