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


def validator(path: str) -> jsonschema.protocols.Validator:
    """A validator of the committed schema at ``path``, the schema itself checked once
    (``jsonschema.validate`` checks the schema again on every call: ~1 s for the site schema,
    minutes for an example with a few hundred sites)."""
    schema = json.loads((REPO / path).read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_carry_the_language_server_line_and_validate(name: str) -> None:
    topology_schema = validator("schema/topology.schema.json")
    site_schema = validator("schema/site.schema.json")
    directory = INVENTORY / name
    first = (directory / "topology.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/topology.schema.json"
    data = read_yaml(directory / "topology.yaml").data
    topology_schema.validate(data)
    for site in sorted((directory / "sites").glob("*.yaml")):
        head = site.read_text().splitlines()[0]
        assert head == "# yaml-language-server: $schema=../../../schema/site.schema.json", site
        site_schema.validate(read_yaml(site).data)
