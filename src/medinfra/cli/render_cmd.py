"""``medinfra render``: write each device's intended configuration, ``DIR/<site>/<host>.cfg``."""

from pathlib import Path
from typing import Annotated

import typer

from medinfra.cli.output import console, diagnostic_line, table
from medinfra.errors import TopologyError
from medinfra.render import config_path, render_topology, write_configs
from medinfra.validation import load_validated


def render(
    topology: Annotated[
        Path,
        typer.Argument(exists=True, help="Topology directory (with topology.yaml) or YAML file."),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write DIR/<site>/<hostname>.cfg into.")
    ],
    site: Annotated[
        list[str] | None,
        typer.Option("--site", "-s", help="Render only this site (repeatable)."),
    ] = None,
    device: Annotated[
        list[str] | None,
        typer.Option("--device", "-d", help="Render only this device hostname (repeatable)."),
    ] = None,
    templates: Annotated[
        list[Path] | None,
        typer.Option(
            "--templates",
            "-t",
            help="Template folder searched before the built-in ones (repeatable): "
            "DIR/<platform>/_<feature>.j2 replaces that feature.",
        ),
    ] = None,
) -> None:
    """Render intended device configurations from a topology; secrets stay placeholders."""
    try:
        loaded = load_validated(topology)
    except TopologyError as error:
        for diagnostic in error.diagnostics:
            typer.echo(diagnostic_line(diagnostic), err=True)
        raise
    configs = render_topology(loaded.topology, tuple(templates or ()), sites=site, hostnames=device)
    write_configs(out, configs)
    rows = [
        [config.site, config.hostname, config.platform, str(config.lines), str(path)]
        for config in configs
        for path in [config_path(out, config)]
    ]
    console().print(
        table(
            f"Rendered {len(configs)} configuration(s) of {loaded.topology.name}",
            ["site", "device", "platform", "lines", "file"],
            rows,
        )
    )
