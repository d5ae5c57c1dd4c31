"""From a topology path and a selection to the jobs of a push (shared by the CLI and Ansible)."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from medinfra.errors import UsageError
from medinfra.model import Topology
from medinfra.push.engine import DeviceJob
from medinfra.push.override import LabOverride, check_lab_topology, read_override
from medinfra.push.runner import build_jobs, select_devices
from medinfra.validation import load_validated


@dataclass(frozen=True)
class PushPlan:
    """What a push will work on."""

    topology: Topology
    root: Path
    jobs: list[DeviceJob]
    override: LabOverride | None

    @property
    def sites(self) -> list[str]:
        """The site ids the push touches."""
        return sorted({job.site for job in self.jobs})


def plan_push(
    topology_path: Path,
    *,
    sites: Sequence[str] = (),
    hostnames: Sequence[str] = (),
    lab_state: Path | None = None,
    known_hosts: Path | None = None,
    accept_new: bool = False,
    template_dirs: Sequence[Path] = (),
    timeout: float = 20.0,
) -> PushPlan:
    """Load the topology, select devices, render their intended configs, locate them."""
    from medinfra.render import render_device

    check_timeout(timeout)

    loaded = load_validated(topology_path)
    override = read_override(lab_state) if lab_state is not None else None
    if override is not None and lab_state is not None:
        check_lab_topology(override, loaded.topology, loaded.root, lab_state)
    selected = select_devices(loaded.topology, sites, hostnames)

    def render(topology: Topology, hostname: str) -> str:
        return render_device(topology, hostname, template_dirs)

    jobs = build_jobs(
        loaded.topology,
        selected,
        render,
        override=override,
        known_hosts=known_hosts,
        accept_new=accept_new,
        timeout=timeout,
    )
    return PushPlan(loaded.topology, loaded.root, jobs, override)


MAX_TIMEOUT = 3600.0
"""Longest wait for one answer of a device (an hour: a save or a reboot takes minutes)."""


def check_timeout(seconds: float) -> None:
    """A usage error unless ``seconds`` is a wait a connection can take (above 0, finite).

    Examples:
        >>> check_timeout(20.0)
        >>> check_timeout(float("nan"))
        Traceback (most recent call last):
        ...
        medinfra.errors.UsageError: --timeout nan: seconds above 0 and at most 3600 (e.g. 20)
    """
    if not 0 < seconds <= MAX_TIMEOUT:  # nan fails every comparison
        raise UsageError(
            f"--timeout {seconds:g}: seconds above 0 and at most {MAX_TIMEOUT:g} (e.g. 20)"
        )
