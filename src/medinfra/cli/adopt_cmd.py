"""``medinfra adopt``: write what a running OLT already holds of medinfra's objects into the model.

hier_config, netmiko and the push layer are imported when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medinfra.cli.output import console

if TYPE_CHECKING:
    from medinfra.push.adopt import Adoption


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


def _adopt(topology: Path, hostname: str, running: str) -> Adoption:
    """The adoption of ``hostname``: an OLT's ONTs, or a CPE's uplink sub-interfaces."""
    from medinfra.load import load_topology
    from medinfra.model import DeviceRole
    from medinfra.push.adopt import adopt_olt
    from medinfra.push.adopt_cpe import adopt_cpe

    for site in load_topology(topology).topology.sites:
        for candidate in site.devices:
            if candidate.hostname == hostname and candidate.role is DeviceRole.CPE:
                return adopt_cpe(topology, hostname, running)
    return adopt_olt(topology, hostname, running)


def adopt(  # noqa: PLR0917 - a Typer command: one parameter per option
    topology: Annotated[Path, typer.Argument(exists=True, help="Topology directory or file.")],
    device: Annotated[str, typer.Option("--device", "-d", help="The OLT or CPE to adopt from.")],
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
    """Write what a device holds of medinfra's objects into its site file (comments and order kept).

    An OLT: the ONTs the model lacks. A CPE: its uplink sub-interfaces (VLAN, port, address,
    description of the private lines they match). Exit 1 on a conflict with the model (an
    OLT's conflicting ONT is left out; a CPE's conflict changes nothing).
    """
    from medinfra.push.adopt import write

    if from_file is not None:
        running = from_file.read_text(encoding="utf-8")
    else:
        running = _read_device(topology, device, lab, timeout)
    adoption = _adopt(topology, device, running)
    out = console()
    name = adoption.site_file.name
    if adoption.changed:
        out.print(adoption.diff(name), markup=False, end="")
    for line in adoption.adopted:
        out.print(f"adopted: {line}", markup=False)
    for line in adoption.skipped:
        out.print(f"not adopted: {line}", markup=False)
    for line in adoption.notes:
        out.print(f"note: {line}", markup=False)
    for line in adoption.conflicts:
        out.print(f"conflict: {line}", markup=False)
    if not adoption.changed:
        typer.echo(f"{adoption.site_file}: nothing to adopt from {device}")
    elif check:
        typer.echo(
            f"{adoption.site_file}: would change ({len(adoption.adopted)} {adoption.what}); --check"
        )
    else:
        write(adoption)
        typer.echo(
            f"{adoption.site_file}: changed ({len(adoption.adopted)} {adoption.what} adopted)"
        )
    if adoption.conflicts:
        raise typer.Exit(1)
