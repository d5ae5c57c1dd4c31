"""The command line: ``medinfra validate | schema | demo | ...``."""

from medinfra.cli import (
    adopt_cmd,
    checks_cmd,
    demo_cmd,
    describe_cmd,
    diagram_cmd,
    generate_cmd,
    init_cmd,
    lab_cmd,
    plan_cmd,
    push_cmd,
    render_cmd,
    report_cmd,
    schema_cmd,
    trace_cmd,
    validate_cmd,
)
from medinfra.cli.app import app, main

app.command("init")(init_cmd.init)
app.command("validate")(validate_cmd.validate)
app.command("describe")(describe_cmd.describe)
app.command("diagram")(diagram_cmd.diagram)
app.command("report")(report_cmd.report)
app.command("rules")(checks_cmd.rules)
app.command("explain")(checks_cmd.explain)
app.command("generate")(generate_cmd.generate)
app.command("schema")(schema_cmd.schema)
app.command("demo")(demo_cmd.demo)
app.command("render")(render_cmd.render)
app.command("plan")(plan_cmd.plan)
app.command("push")(push_cmd.push)
app.command("adopt")(adopt_cmd.adopt)
app.command("trace")(trace_cmd.trace_command)
app.add_typer(lab_cmd.app, name="lab")

__all__ = ["app", "main"]
