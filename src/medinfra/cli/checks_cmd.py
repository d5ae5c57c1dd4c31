"""``medinfra rules`` lists the check catalogue; ``medinfra explain RULE_ID`` explains a rule."""

from enum import StrEnum
from typing import Annotated

import typer

from medinfra.checks import catalogue, get_rule, rules_markdown
from medinfra.cli.output import console, print_json, table


class RulesFormat(StrEnum):
    """Output formats of ``rules``."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def rules(
    output_format: Annotated[
        RulesFormat,
        typer.Option("--format", "-f", help="text, json or markdown (docs/rules.md)."),
    ] = RulesFormat.TEXT,
) -> None:
    """List every check rule: id, severity, family and summary."""
    entries = catalogue()
    if output_format is RulesFormat.MARKDOWN:
        typer.echo(rules_markdown(), nl=False)
    elif output_format is RulesFormat.JSON:
        print_json(
            [
                {
                    "id": rule.id,
                    "family": rule.family.value,
                    "severity": rule.severity.value,
                    "default": rule.default,
                    "summary": rule.summary,
                    "explanation": rule.explanation,
                }
                for rule in entries
            ]
        )
    else:
        rows = [
            [
                rule.id,
                rule.severity.value + ("" if rule.default else " (opt-in)"),
                rule.family.value,
                rule.summary,
            ]
            for rule in entries
        ]
        console().print(table("Check rules", ["rule", "severity", "family", "summary"], rows))


def explain(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. MI-AV-001.")],
) -> None:
    """Show what a rule checks, how it computes, and how to silence it on one object."""
    rule = get_rule(rule_id)
    opt_in = "" if rule.default else ", opt-in: runs only with --select"
    typer.echo(f"{rule.id} ({rule.severity.value}, {rule.family.value}{opt_in})")
    typer.echo(rule.summary)
    typer.echo("")
    typer.echo(rule.explanation)
    typer.echo("")
    if rule.fix:
        typer.echo(f"Way out: {rule.fix}.")
        typer.echo("")
    typer.echo(
        f"Silence it on one object with: suppress: [{{rule: {rule.id}, reason: <why>}}]; "
        f"skip it in a run with --ignore {rule.id}."
    )
