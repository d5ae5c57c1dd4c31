"""``medinfra lab up | status | down | show``: simulated devices for rehearsals and tests.

The lab's SSH server (asyncssh) is imported when a lab command runs, not when the CLI starts.
"""

import shlex
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from medinfra.cli.output import console, print_json, table
from medinfra.errors import UsageError

app = typer.Typer(
    help="Simulated Huawei devices over real SSH (a CLI simulator, not a device).",
    no_args_is_help=True,
)

DEFAULT_STATE_DIR = Path(".medinfra/lab")
StateDir = Annotated[
    Path, typer.Option("--state-dir", help="Lab state directory (keys, startup configs, pid).")
]


class StatusFormat(StrEnum):
    """Output formats of ``lab status``."""

    TEXT = "text"
    JSON = "json"


def _pairs(values: list[str], what: str) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for value in values:
        host, sep, rest = value.partition("=")
        if not sep or not host or not rest:
            raise UsageError(f"--{what} {value!r}: expected HOST=VALUE")
        pairs.setdefault(host, []).append(rest)
    return pairs


def _state_option(state_dir: Path) -> str:
    """`` --state-dir DIR`` when the user chose one, so a hint's command works as printed."""
    if state_dir == DEFAULT_STATE_DIR:
        return ""
    return f" --state-dir {shlex.quote(str(state_dir))}"


def _not_running(state_dir: Path) -> str:
    return (
        f"no lab runs in {state_dir}; start one with "
        f"'medinfra lab up TOPOLOGY{_state_option(state_dir)}'"
    )


def _print_devices(rows: list[dict[str, Any]], state_dir: Path) -> None:
    console().print(
        table(
            "Lab devices",
            ["device", "platform", "address", "port"],
            [[r["hostname"], r["platform"], r["address"], str(r["port"])] for r in rows],
        )
    )
    typer.echo(f"override: {(state_dir / 'override.yaml').resolve()}")


def up(
    topology: Annotated[Path, typer.Argument(exists=True, help="Topology directory or file.")],
    *,
    site: Annotated[
        list[str] | None, typer.Option("--site", help="Only this site's devices (repeatable).")
    ] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="SSH port.")] = 2222,
    base_address: Annotated[
        str, typer.Option("--base-address", help="First device address (127.0.0.0/8).")
    ] = "127.0.10.1",
    config: Annotated[
        list[str] | None,
        typer.Option("--config", help="HOST=FILE: start HOST from a brownfield config."),
    ] = None,
    fault: Annotated[
        list[str] | None,
        typer.Option("--fault", help="HOST=FAULT: reject:RE, drop:N, latency:S, refuse-auth, ..."),
    ] = None,
    foreground: Annotated[
        bool, typer.Option("--foreground", help="Run in this process until Ctrl-C.")
    ] = False,
    state_dir: StateDir = DEFAULT_STATE_DIR,
) -> None:
    """Start a lab device per topology device and write the inventory override."""
    from medinfra.lab.daemon import LabOptions, serve, start_background
    from medinfra.lab.device import AddressInUseError
    from medinfra.lab.faults import parse_fault

    faults = _pairs(fault or [], "fault")
    for specs in faults.values():
        for spec in specs:
            parse_fault(spec)
    options = LabOptions(
        topology=str(topology.resolve()),
        state_dir=str(state_dir.resolve()),
        base_address=base_address,
        port=port,
        sites=site or None,
        configs={
            host: str(Path(p[-1]).resolve()) for host, p in _pairs(config or [], "config").items()
        },
        faults=faults,
    )
    try:
        if foreground:
            serve(options, lambda rows: _print_devices(rows, state_dir))
            return
        status = start_background(options)
    except AddressInUseError as error:
        raise AddressInUseError(
            f"{error}; another lab or program listens there: choose another port or address, "
            f"e.g. 'medinfra lab up {shlex.quote(str(topology))} --port {_next_port(port)} "
            f"--base-address {base_address}{_state_option(state_dir)}', or stop the other lab "
            "with 'medinfra lab down --state-dir ITS_DIR'"
        ) from None
    _print_devices(status["devices"], state_dir)
    typer.echo(
        f"lab running in the background (pid {status['pid']}); stop it with "
        f"'medinfra lab down{_state_option(state_dir)}'"
    )


def _next_port(port: int) -> int:
    return port + 1 if port < 65535 else 2222


def status(
    output_format: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StatusFormat.TEXT,
    state_dir: StateDir = DEFAULT_STATE_DIR,
) -> None:
    """Show the running lab's devices (JSON: hostname, platform, address, port)."""
    from medinfra.lab.daemon import running_status

    current = running_status(state_dir.resolve())
    rows: list[dict[str, Any]] = current["devices"] if current else []
    if output_format is StatusFormat.JSON:
        print_json(rows)
        return
    if current is None:
        typer.echo(_not_running(state_dir))
        return
    _print_devices(rows, state_dir)


def down(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Stop the lab (every listener closed, the background process gone)."""
    from medinfra.lab.daemon import stop_background

    pid = stop_background(state_dir)
    typer.echo(f"lab stopped (pid {pid})")


def show(
    host: Annotated[str, typer.Argument(help="Device hostname.")],
    state_dir: StateDir = DEFAULT_STATE_DIR,
) -> None:
    """Print a lab device's running configuration."""
    from medinfra.lab.control import request
    from medinfra.lab.daemon import running_status
    from medinfra.lab.device import LabError

    current = running_status(state_dir.resolve())
    if current is None:
        raise LabError(_not_running(state_dir))
    reply = request(Path(current["socket"]), {"op": "show", "host": host})
    typer.echo(reply["config"], nl=False)


def fault(
    host: Annotated[str, typer.Argument(help="Device hostname.")],
    spec: Annotated[
        str | None,
        typer.Argument(help="reject:RE, drop:N, latency:S, refuse-auth, hang or host-key."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove every fault of HOST.")] = False,
    state_dir: StateDir = DEFAULT_STATE_DIR,
) -> None:
    """Give a running lab device a fault, or clear its faults."""
    from medinfra.lab.control import request
    from medinfra.lab.daemon import running_status
    from medinfra.lab.device import LabError
    from medinfra.lab.faults import parse_fault

    if (spec is None) == (not clear):
        raise UsageError("give a FAULT to inject, or --clear (not both)")
    current = running_status(state_dir.resolve())
    if current is None:
        raise LabError(_not_running(state_dir))
    if clear:
        request(Path(current["socket"]), {"op": "clear", "host": host})
        typer.echo(f"{host}: faults cleared")
        return
    assert spec is not None
    parse_fault(spec)
    request(Path(current["socket"]), {"op": "inject", "host": host, "fault": spec})
    typer.echo(f"{host}: {spec}")


app.command("up")(up)
app.command("status")(status)
app.command("down")(down)
app.command("show")(show)
app.command("fault")(fault)
