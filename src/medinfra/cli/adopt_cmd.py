"""``medinfra adopt``: write what a running OLT already holds of medinfra's objects into the model.

hier_config, netmiko and the push layer are imported when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medinfra.cli.output import console


def _read_device(topology: Path, hostname: str, lab: Path | None, timeout: float) -> str:
    """The running config of ``hostname``, over SSH (the lab's address with ``--lab``)."""
    from medinfra.push.credentials import load_store
    from medinfra.push.identity import confirm_identity
    from medinfra.push.plan import plan_push
    from medinfra.push.session import Session

    plan = plan_push(topology, hostnames=[hostname], lab_state=lab, timeout=timeout)
    (job,) = plan.jobs
    store = load_store(forbidden_roots=(plan.root,))
    session = Session.open(job.endpoint, store.login(job.device.credentials), {})
    try:
        running = session.running()
        confirm_identity(job.device, session.connection, running, job.endpoint.key_name)
    finally:
        session.close()
    return running


def adopt(  # noqa: PLR0917 - a Typer command: one parameter per option
    topology: Annotated[Path, typer.Argument(exists=True, help="Topology directory or file.")],
    device: Annotated[str, typer.Option("--device", "-d", help="The OLT to adopt from.")],
    from_file: Annotated[
        Path | None,
        typer.Option("--from", exists=True, help="A saved running configuration of the device."),
    ] = None,
    lab: Annotated[
        Path | None, typer.Option("--lab", help="Read the device from the lab in this state dir.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Show the change to the site file; write nothing.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for each answer of a device.")
    ] = 20.0,
) -> None:
    """Write the ONTs an OLT holds and the model lacks into its site file (comments and order kept).

    Exit 1 when the device and the model disagree about an ONT (nothing is changed for it).
    """
    from medinfra.push.adopt import adopt_olt, write

    if from_file is not None:
        running = from_file.read_text(encoding="utf-8")
    else:
        running = _read_device(topology, device, lab, timeout)
    adoption = adopt_olt(topology, device, running)
    out = console()
    name = adoption.site_file.name
    if adoption.changed:
        out.print(adoption.diff(name), markup=False, end="")
    for line in adoption.adopted:
        out.print(f"adopted: {line}", markup=False)
    for line in adoption.skipped:
        out.print(f"not adopted: {line}", markup=False)
    for line in adoption.conflicts:
        out.print(f"conflict: {line}", markup=False)
    if not adoption.changed:
        typer.echo(f"{adoption.site_file}: nothing to adopt from {device}")
    elif check:
        typer.echo(f"{adoption.site_file}: would change ({len(adoption.adopted)} ONT(s)); --check")
    else:
        write(adoption)
        typer.echo(f"{adoption.site_file}: changed ({len(adoption.adopted)} ONT(s) adopted)")
    if adoption.conflicts:
        raise typer.Exit(1)
