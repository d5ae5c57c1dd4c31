"""Printing for the CLI: plain lines for diagnostics, rich tables for summaries."""

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from medinfra.diagnostics import Diagnostic


def console() -> Console:
    """A console on the current stdout (the test runner swaps stdout per invocation)."""
    width = None if sys.stdout.isatty() else 160
    return Console(file=sys.stdout, highlight=False, soft_wrap=True, width=width, emoji=False)


def diagnostic_line(diagnostic: Diagnostic) -> str:
    """``FILE:LINE:COL: path: message [CODE]``."""
    return f"{diagnostic.format()} [{diagnostic.code}]"


def print_json(document: Any) -> None:
    """Print a JSON document on stdout."""
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=False) + "\n")


def table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    """A rich table with right-aligned numeric columns."""
    result = Table(title=title, title_justify="left")
    for column in columns:
        numeric = bool(rows) and all(
            row[columns.index(column)].replace(".", "").isdigit() for row in rows
        )
        result.add_column(column, justify="right" if numeric else "left")
    for row in rows:
        result.add_row(*row)
    return result
