"""``medinfra push``: render, diff, push, commit, verify and (on failure) roll back devices.

netmiko and hier_config are imported when a push runs, not when the CLI starts.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from medinfra.cli.output import console, diagnostic_line, table
from medinfra.errors import TopologyError
from medinfra.push.audit import default_audit_path
from medinfra.push.credentials import load_store
from medinfra.push.interrupt import interruptible
from medinfra.push.limits import DEFAULT_MAX_REMOVALS
from medinfra.push.locks import RunOwner, default_lock_dir, run_owner, site_locks
from medinfra.push.marks import CommitMarks
from medinfra.push.override import LAB_STATE_ENV, real_address_warning
from medinfra.push.results import DeviceResult, RunResult

if TYPE_CHECKING:
    from medinfra.push.engine import PushOptions
    from medinfra.push.plan import PushPlan


def _summary(run: RunResult, plan: PushPlan) -> list[list[str]]:
    rows = []
    for job in plan.jobs:
        result = run.results.get(job.device.hostname)
        if result is None:
            continue
        rows.append(
            [
                result.host,
                result.site,
                result.platform,
                result.outcome.value,
                str(len(result.diff.splitlines())),
                result.commit_id or "-",
                f"{result.total_seconds:.1f}",
                (result.error or "").splitlines()[0] if result.error else "",
            ]
        )
    return rows


def _print_diffs(run: RunResult) -> None:
    out = console()
    for host, result in sorted(run.results.items()):
        if result.diff or result.unmanaged:
            out.print(f"[bold]--- {host} ({result.outcome.value})[/bold]")
        if result.diff:
            out.print(result.diff, markup=False)
        if result.unmanaged:
            out.print(f"[bold]unmanaged on {host} (left as they are):[/bold]")
            out.print("\n".join(f"  {line}" for line in result.unmanaged), markup=False)
        if result.refused and result.error:
            out.print(result.error, markup=False)


def _lab_state(lab: Path | None) -> Path | None:
    if lab is not None:
        return lab
    value = os.environ.get(LAB_STATE_ENV)
    return Path(value) if value else None


def _run(
    plan: PushPlan, options: PushOptions, workers: int, processes: int, quiet: bool
) -> RunResult:
    from medinfra.push.runner import prepare_push

    store = load_store(forbidden_roots=(plan.root,))
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(),
        disable=quiet,
    )
    # the push processes (if any) are forked before the progress display starts its thread
    with (
        prepare_push(plan.jobs, store, options, workers=workers, processes=processes) as run,
        progress,
    ):
        task = progress.add_task("check" if options.check else "push", total=len(plan.jobs))

        def done(result: DeviceResult) -> None:
            progress.update(task, advance=1, description=f"{result.host}: {result.outcome.value}")

        return run(done)


def push(  # noqa: PLR0917 - a Typer command: one parameter per option
    topology: Annotated[Path, typer.Argument(exists=True, help="Topology directory or file.")],
    check: Annotated[
        bool, typer.Option("--check", help="Compute and show what would change; change nothing.")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print each device's remediation.")] = False,
    site: Annotated[
        list[str] | None, typer.Option("--site", "-s", help="Only this site (repeatable).")
    ] = None,
    device: Annotated[
        list[str] | None, typer.Option("--device", "-d", help="Only this device (repeatable).")
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Devices at once (at most 16 logging in).")
    ] = 50,
    processes: Annotated[
        int,
        typer.Option(
            "--processes",
            min=0,
            help="Push processes sharing the workers (0: one per CPU core, or one per 50 "
            "workers if more, up to two per core; at least 32 devices per process).",
        ),
    ] = 0,
    lab: Annotated[
        Path | None,
        typer.Option(
            "--lab", help="Push to the lab in this state directory (env MEDINFRA_LAB_STATE)."
        ),
    ] = None,
    known_hosts: Annotated[
        Path | None,
        typer.Option(
            "--known-hosts", help="known_hosts file (default: the lab's, or ~/.ssh/known_hosts)."
        ),
    ] = None,
    accept_new: Annotated[
        bool, typer.Option("--accept-new", help="Record host keys seen for the first time.")
    ] = False,
    audit_log: Annotated[
        Path | None,
        typer.Option("--audit-log", help="JSON-lines audit log (default .medinfra/audit.jsonl)."),
    ] = None,
    templates: Annotated[
        list[Path] | None, typer.Option("--templates", help="Template overrides (repeatable).")
    ] = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not save the running config after a push.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for each answer of a device.")
    ] = 20.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
    max_removals: Annotated[
        int,
        typer.Option(
            "--max-removals", min=0, help="Refuse a device whose push would remove more lines."
        ),
    ] = DEFAULT_MAX_REMOVALS,
    trial_seconds: Annotated[
        int,
        typer.Option(
            "--trial-seconds",
            help="VRPv8: commit trial N, confirmed from a new session (>= 60; 0: plain commit).",
        ),
    ] = 300,
    reboot_delay: Annotated[
        int,
        typer.Option(
            "--reboot-delay",
            min=0,
            help="VRP5: schedule reboot delay M minutes as a dead-man switch (0: off).",
        ),
    ] = 10,
    allow_management_change: Annotated[
        bool,
        typer.Option(
            "--allow-management-change",
            help="Push a change that breaks the management path, under the trial/dead-man "
            "protection only (else the device is refused).",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Push a change that breaks the management path even with no protection "
            "(an OLT, a VRP5 with no_reboot): a cut cannot be undone remotely.",
        ),
    ] = False,
) -> None:
    """Push the intended configs to the devices (or the lab); exit 1 when any device failed."""
    from medinfra.push.engine import PushOptions
    from medinfra.push.plan import plan_push
    from medinfra.push.protect import ProtectOptions

    lab_state = _lab_state(lab)
    try:
        plan = plan_push(
            topology,
            sites=site or (),
            hostnames=device or (),
            lab_state=lab_state,
            known_hosts=known_hosts,
            accept_new=accept_new,
            template_dirs=templates or (),
            timeout=timeout,
        )
    except TopologyError as error:
        for diagnostic in error.diagnostics:
            typer.echo(diagnostic_line(diagnostic), err=True)
        raise
    warning = real_address_warning(plan.topology, plan.root) if lab_state is None else None
    if warning:
        typer.echo(f"warning: {warning}", err=True)
    with interruptible() as interruption:
        options = PushOptions(
            check=check,
            save=not no_save,
            audit_log=audit_log or default_audit_path(),
            lock_dir=default_lock_dir(),
            max_removals=max_removals,
            stop=interruption.event,
            protect=ProtectOptions(
                trial_seconds=trial_seconds,
                reboot_minutes=reboot_delay,
                allow_management_change=allow_management_change,
                force=force,
            ),
        )
        with site_locks(default_lock_dir(), plan.sites, run_owner()) as stale:
            _report_stale(stale)
            run = _run(plan, options, workers, processes, quiet)
        _report(run, plan, diff=diff or check, check=check)
    if interruption.requested:
        typer.echo(f"interrupted: {_count(run.results.values())}", err=True)
        raise typer.Exit(interruption.exit_code)
    if run.failed:
        raise typer.Exit(1)


def _report_stale(stale: dict[str, RunOwner]) -> None:
    for site, owner in sorted(stale.items()):
        typer.echo(
            f"warning: site {site}: an earlier run ({owner.describe()}) ended without giving "
            "the site up (killed?); every device is checked against what that run left before "
            "it is changed",
            err=True,
        )


def _count(results: Iterable[DeviceResult]) -> str:
    outcomes = Counter(result.outcome.value for result in results)
    return ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))


def _report_run_id(run: RunResult, *, check: bool) -> None:
    """``run: ID``, as the VRPv8 commits of this run name it, when something was sent."""
    sent = [r.run_id for r in run.results.values() if r.run_id and (r.changed or r.failed)]
    if sent and not check:
        marks = CommitMarks(sent[0])
        typer.echo(
            f"run: {marks.run_id} (VRPv8 commits: label {marks.label}, "
            f"description '{marks.description('push')}')"
        )


def _report(run: RunResult, plan: PushPlan, *, diff: bool, check: bool) -> None:
    if diff:
        _print_diffs(run)
    columns = ["device", "site", "platform", "result", "lines", "commit", "seconds", "error"]
    console().print(table(f"{run.name}: {plan.topology.name}", columns, _summary(run, plan)))
    for _, result in sorted(run.results.items()):
        for note in result.notes:
            typer.echo(f"note: {note}")
        if result.ended:
            typer.echo(f"ended: {result.host}: {result.ended}")
    _report_run_id(run, check=check)
    changed, failed = len(run.changed_hosts), len(run.failed_hosts)
    for host, result in sorted(run.failed_hosts.items()):
        # the table shows the first line; the whole error (with the device's text) is here
        text = " ".join((result.error or "failed").split())
        typer.echo(text if text.startswith(f"{host}:") else f"{host}: {text}", err=True)
    verb = "would change" if check else "changed"
    typer.echo(f"{len(run)} device(s): {changed} {verb}, {failed} failed in {run.seconds:.1f}s")
