"""The committed JSON Schemas match the model, and the examples point editors at them."""

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.cli.schema_cmd import SCHEMA_FILES, SchemaKind, schema_text
from medinfra.load.yaml_reader import read_yaml
from tests.conftest import EXAMPLES, INVENTORY, REPO


@pytest.mark.parametrize("kind", list(SchemaKind))
def test_committed_schema_is_in_sync(kind: SchemaKind) -> None:
    committed = (REPO / "schema" / SCHEMA_FILES[kind.value]).read_text()
    assert committed == schema_text(kind), "run `make schema` and commit schema/"


def test_schema_command_prints_the_topology_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Topology"


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_carry_the_language_server_line_and_validate(name: str) -> None:
    topology_schema = json.loads((REPO / "schema/topology.schema.json").read_text())
    site_schema = json.loads((REPO / "schema/site.schema.json").read_text())
    directory = INVENTORY / name
    first = (directory / "topology.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/topology.schema.json"
    data = read_yaml(directory / "topology.yaml").data
    jsonschema.validate(data, topology_schema)
    for site in sorted((directory / "sites").glob("*.yaml")):
        head = site.read_text().splitlines()[0]
        assert head == "# yaml-language-server: $schema=../../../schema/site.schema.json", site
        jsonschema.validate(read_yaml(site).data, site_schema)
