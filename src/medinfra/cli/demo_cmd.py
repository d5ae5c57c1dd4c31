"""``medinfra demo``: the whole job on an example, with no device and no cloud.

1. validate every example topology (schema, references, engineering and security rules);
2. render the intended configs of the chosen example to ``build/``;
3. start the device lab, run the real ``ansible-playbook site.yml`` against it, run it again
   (``changed=0``), drift one device by hand and show ``--check --diff`` catching it, repair;
4. print the offline cloud plan;
5. stop the lab. Exit 1 when any step failed.
"""

import re
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from medinfra.cli.demo_steps import (
    DEMO_LAB_ADDRESS,
    DEMO_LAB_PORT,
    DemoError,
    PlaybookProgress,
    PlaybookRun,
    demo_lab,
    demo_secrets,
    plan_step,
    playbook,
    render_step,
    validate_examples,
)
from medinfra.cli.output import console, table
from medinfra.errors import UsageError
from medinfra.load import LoadedTopology, load_topology
from medinfra.model.devices import DeviceRole

OWNED_LINE = re.compile(r"^\s*(info-center loghost \d\S*)", re.MULTILINE)
"""A line the model owns on every CPE (its audit-log target): the demo removes it by hand."""


EXAMPLE_MARKER = "EXAMPLE.md"
"""The file that marks a directory of ``inventory/`` as one of medinfra's shipped examples."""


@dataclass(frozen=True)
class LabAddress:
    """Where the demo's lab listens: the first device address and the SSH port."""

    base_address: str = DEMO_LAB_ADDRESS
    port: int = DEMO_LAB_PORT


def example_topologies(inventory: Path) -> list[Path]:
    """Every shipped example under ``inventory`` (a topology with the example marker)."""
    return sorted(
        p
        for p in inventory.iterdir()
        if (p / "topology.yaml").is_file() and (p / EXAMPLE_MARKER).is_file()
    )


def _step(out: Console, number: int, title: str) -> float:
    out.rule(f"[bold]{number}. {title}", align="left")
    return time.monotonic()


def _done(out: Console, started: float, text: str, ok: bool = True) -> None:
    mark = "[green]✔[/green]" if ok else "[red]✘[/red]"
    out.print(f"{mark} {text} [dim]({time.monotonic() - started:.1f} s)[/dim]")


def _validate(out: Console, inventory: Path) -> bool:
    started = _step(out, 1, "Validate every example topology")
    rows, ok = [], True
    for report, summary in validate_examples(example_topologies(inventory)):
        ok = ok and report.ok
        availability = summary.get("min_availability")
        runway = summary.get("min_runway_years")
        rows.append(
            [
                report.loaded.topology.name if report.loaded else str(report.path),
                str(report.errors),
                str(report.warnings),
                str(sum(1 for d in report.diagnostics if d.severity.value == "info")),
                f"{availability * 100:.4f}% ({summary['min_availability_site']})"
                if isinstance(availability, float)
                else "-",
                f"{summary['min_availability_downtime_minutes']:.1f}"
                if isinstance(availability, float)
                else "-",
                f"{runway:.1f} ({summary['min_runway_pool']})"
                if isinstance(runway, float)
                else "-",
            ]
        )
    out.print(
        table(
            "Findings and engineering figures",
            [
                "topology",
                "errors",
                "warnings",
                "info",
                "worst site availability",
                "min down/year",
                "shortest storage runway (years)",
            ],
            rows,
        )
    )
    _done(out, started, "all examples valid" if ok else "some examples have errors", ok)
    return ok


def _recap_rows(run: PlaybookRun) -> list[list[str]]:
    return [
        [host, str(c["changed"]), str(c["failed"] + c["unreachable"])]
        for host, c in sorted(run.recap.items())
    ]


def _require(run: PlaybookRun, condition: bool, what: str) -> None:
    if not condition:
        tail = "\n".join(run.output.splitlines()[-40:])
        raise DemoError(f"{what}\n$ {' '.join(run.command)}\n{tail}")


def _playbook(out: Console, title: str, hosts: int, *args: Any) -> PlaybookRun:
    """``playbook(*args)`` with a status line naming the task and the devices done so far."""
    progress = PlaybookProgress(title, hosts)
    with out.status(progress.text()) as status:

        def show(line: str) -> None:
            if progress.feed(line):
                status.update(progress.text())

        return playbook(*args, progress=show)


def _owned_line(running: str, host: str) -> str:
    """The audit-log target line the model gave ``host`` (a scoped push owns it)."""
    found = OWNED_LINE.search(running)
    if found is None:
        raise UsageError(f"{host}: no 'info-center loghost' line to drift in the demo")
    return found.group(1)


def _rollout(
    out: Console, loaded: LoadedTopology, repo: Path, state_dir: Path, where: LabAddress
) -> None:
    started = _step(out, 3, "Site rollout with Ansible against the device lab")
    inventory = loaded.root / "medinfra.yml"
    if not inventory.is_file():
        raise UsageError(f"{inventory}: no Ansible inventory file for this topology")
    devices = [device for _, device in loaded.topology.all_devices()]
    drift_host = next(
        (d.hostname for d in devices if d.role is DeviceRole.CPE), devices[0].hostname
    )
    with (
        out.status("starting the lab"),
        demo_lab(loaded, state_dir.resolve(), where.base_address, where.port) as lab,
    ):
        out.print(
            f"lab: {len(lab.devices)} simulated devices on {where.base_address}+ port {where.port}"
        )
        env = {
            "MEDINFRA_LAB_STATE": str(state_dir.resolve()),
            "MEDINFRA_USERNAME": lab.credentials.username,
            "MEDINFRA_PASSWORD": lab.credentials.password,
            **demo_secrets(loaded),
        }
        count = len(devices)
        first = _playbook(out, "ansible-playbook site.yml, first run", count, repo, inventory, env)
        _require(
            first,
            first.returncode == 0 and first.changed == len(devices),
            f"first run: expected {len(devices)} changed devices, got {first.changed}",
        )
        out.print(
            table(
                "First run: every device changed",
                ["device", "changed", "failed"],
                _recap_rows(first),
            )
        )
        second = _playbook(
            out, "ansible-playbook site.yml, second run", count, repo, inventory, env
        )
        _require(
            second,
            second.returncode == 0 and second.changed == 0,
            f"second run: expected changed=0, got {second.changed} changed devices",
        )
        out.print(f"second run: changed=0 on all {len(second.recap)} devices (idempotent)")
        owned = _owned_line(lab.running_config(drift_host), drift_host)
        drift_line = f"undo {owned}"
        lab.apply_lines(drift_host, [drift_line])
        drifted = lab.running_config(drift_host)
        out.print(f"drift: '{drift_line}' typed by hand on {drift_host}")
        check = _playbook(
            out,
            "--check --diff",
            1,
            repo,
            inventory,
            env,
            "--check",
            "--diff",
            "--limit",
            drift_host,
        )
        _require(
            check,
            check.returncode == 0 and check.changed == 1,
            "--check --diff did not report the drifted device as changed",
        )
        _require(check, lab.running_config(drift_host) == drifted, "--check changed the device")
        for line in check.diff_lines():
            out.print(Text(f"  {line}", style="yellow"))
        out.print("check mode caught the drift and changed nothing")
        repair = _playbook(out, "repair", 1, repo, inventory, env, "--limit", drift_host)
        _require(
            repair,
            repair.returncode == 0 and owned in lab.running_config(drift_host),
            "the repair run did not undo the drift",
        )
        out.print(f"repair run: {drift_host} back to its intended configuration")
    _done(out, started, "rollout, idempotency and drift detection verified")


def _lab_is_down(where: LabAddress) -> bool:
    try:
        with socket.create_connection((where.base_address, where.port), timeout=1):
            return False
    except OSError:
        return True


def demo(
    topology: Annotated[
        Path, typer.Option("--topology", exists=True, file_okay=False, help="Example to roll out.")
    ] = Path("inventory/union-shenzhen-campus"),
    inventory: Annotated[
        Path, typer.Option("--inventory", file_okay=False, exists=True, help="Examples directory.")
    ] = Path("inventory"),
    out_dir: Annotated[Path, typer.Option("--out", help="Where rendered configs go.")] = Path(
        "build"
    ),
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="SSH port of the lab devices.")
    ] = DEMO_LAB_PORT,
    base_address: Annotated[
        str,
        typer.Option("--base-address", help="First lab device address (in 127.0.0.0/8)."),
    ] = DEMO_LAB_ADDRESS,
) -> None:
    """Validate, render, roll out to the device lab with Ansible, and plan the cloud."""
    out = console()
    repo = Path.cwd()
    if not (repo / "site.yml").is_file():
        raise UsageError("run the demo from the repository root (site.yml not found)")
    where = LabAddress(base_address, port)
    ok = _validate(out, inventory)
    loaded = load_topology(topology)
    started = _step(out, 2, f"Render the intended configs of {loaded.topology.name}")
    written = render_step(loaded, out_dir)
    _done(out, started, f"{len(written)} configs written under {out_dir / loaded.topology.name}")
    # a fresh lab every run: devices start factory-fresh, and nothing is left behind
    state_root = repo / ".medinfra"
    state_root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="demo-lab-", dir=state_root) as state_dir:
        _rollout(out, loaded, repo, Path(state_dir), where)
    started = _step(out, 4, "Offline cloud plan (declared resources, not a cloud preview)")
    plan = plan_step(loaded)
    out.print(
        table(
            "Resources per type", ["type", "count"], [[t, str(n)] for t, n in plan.counts().items()]
        )
    )
    _done(out, started, f"{len(plan.resources)} resources declared for stack {plan.stack}")
    started = _step(out, 5, "Stop the lab")
    down = _lab_is_down(where)
    _done(
        out, started, "the lab is stopped, nothing left running" if down else "lab still up", down
    )
    if not (ok and down):
        raise typer.Exit(1)
