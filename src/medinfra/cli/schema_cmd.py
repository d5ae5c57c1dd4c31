"""``medinfra schema``: the JSON Schema of topology and site files, for editors and CI."""

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from medinfra.fileio import write_atomic
from medinfra.model.site import Site
from medinfra.model.topology import Topology

SCHEMA_FILES = {"topology": "topology.schema.json", "site": "site.schema.json"}


class SchemaKind(StrEnum):
    """Which file kind's schema to print."""

    TOPOLOGY = "topology"
    SITE = "site"


def schema_document(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a topology file or a site file."""
    model = Topology if kind is SchemaKind.TOPOLOGY else Site
    document = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://medinfra.dev/schema/{SCHEMA_FILES[kind.value]}",
        **document,
    }


def schema_text(kind: SchemaKind) -> str:
    """The schema as the committed file holds it."""
    return json.dumps(schema_document(kind), indent=2, sort_keys=True) + "\n"


def schema(
    kind: Annotated[SchemaKind, typer.Option("--kind", help="File kind.")] = SchemaKind.TOPOLOGY,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", file_okay=False, help="Write both schema files into this directory instead."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of topology (or site) files; editors validate as you type."""
    if out is None:
        typer.echo(schema_text(kind), nl=False)
        return
    for each in SchemaKind:
        target = out / SCHEMA_FILES[each.value]
        write_atomic(target, schema_text(each))
        typer.echo(f"wrote {target}")
