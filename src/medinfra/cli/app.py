"""The ``medinfra`` command: one Typer app, errors turned into messages and exit codes here.

Exit codes: 0 success, 1 findings (or a failed operation), 2 usage errors. A traceback is
shown only with ``--debug`` (accepted anywhere on the command line) or MEDINFRA_DEBUG=1.
"""

import os
from typing import Any

import typer
from typer.core import TyperGroup

from medinfra import __version__
from medinfra.cli.extras import missing_extra
from medinfra.errors import MedinfraError, UsageError

DEBUG_KEY = "medinfra.debug"


def _is_cli_control(error: Exception) -> bool:
    """Exit, abort and usage exceptions belong to the CLI framework (typer vendors click)."""
    return type(error).__module__.startswith(("click", "typer"))


class MedinfraGroup(TyperGroup):
    """Catches medinfra's errors in one place and turns them into messages and exit codes.

    ``ctx`` is typer's context (a ``typer.Context`` at run time). Its base class lives in
    typer's private vendored click, which medinfra does not import; the overrides take
    ``Any`` so they stay compatible with the base signatures.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Accept ``--debug`` anywhere on the command line."""
        if "--debug" in args or os.environ.get("MEDINFRA_DEBUG") == "1":
            ctx.meta[DEBUG_KEY] = True
            args = [arg for arg in args if arg != "--debug"]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; report errors without a traceback unless debugging."""
        debug = bool(ctx.meta.get(DEBUG_KEY))
        try:
            return super().invoke(ctx)
        except UsageError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
        except MedinfraError as error:
            if debug:
                raise
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        except Exception as error:
            if debug or _is_cli_control(error):
                raise
            message = missing_extra(error) if isinstance(error, ModuleNotFoundError) else None
            if message is not None:
                typer.echo(f"error: {message}", err=True)
                raise typer.Exit(2) from None
            typer.echo(
                f"internal error: {type(error).__name__}: {error} "
                "(this is a bug in medinfra; run again with --debug for the traceback)",
                err=True,
            )
            raise typer.Exit(1) from None


app = typer.Typer(
    name="medinfra",
    cls=MedinfraGroup,
    help="Provision regional medical-imaging platforms from one validated topology model.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"medinfra {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Show tracebacks (also accepted after the command)."
    ),
) -> None:
    """medinfra: model -> checks -> render -> push / cloud."""


def main() -> None:
    """Console-script entry point."""
    app()
