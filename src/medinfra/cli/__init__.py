"""The command line: ``medinfra validate | schema | demo | ...``."""

from medinfra.cli import demo_cmd, schema_cmd, validate_cmd
from medinfra.cli.app import app, main

app.command("validate")(validate_cmd.validate)
app.command("schema")(schema_cmd.schema)
app.command("demo")(demo_cmd.demo)

__all__ = ["app", "main"]
