"""``medinfra demo``: the main job on the example topologies."""

from pathlib import Path
from typing import Annotated

import typer

from medinfra.cli.validate_cmd import validate


def example_topologies(inventory: Path) -> list[Path]:
    """Every example topology directory under ``inventory``."""
    return sorted(p for p in inventory.iterdir() if (p / "topology.yaml").is_file())


def demo(
    inventory: Annotated[
        Path, typer.Option("--inventory", file_okay=False, exists=True, help="Examples directory.")
    ] = Path("inventory"),
) -> None:
    """Validate every example topology and print the summary table."""
    validate(example_topologies(inventory))
