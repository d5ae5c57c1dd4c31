"""Many devices at once: a bounded thread pool over the devices of a topology.

Devices are pushed in role order — data-centre edges first, then CPE routers, then OLTs,
then anything else — as ``site.yml`` does; within a phase up to ``workers`` devices are
pushed at once. A device's failure never stops the others. With ``processes`` above one the
devices are pushed by that many forked push processes sharing the workers
(:mod:`medinfra.push.processes`); by default a run gets one per core once it has enough
devices (:func:`medinfra.push.processes.auto_processes`).

The objects alive when the run starts (the topology, the jobs with their rendered configs) are
moved out of the cyclic garbage collector's reach for the run (``gc.freeze``): they live until
the end anyway, and otherwise every full collection, triggered by the sessions' allocations,
walks all of them again.
"""

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path

from medinfra.errors import UsageError
from medinfra.model import Device, DeviceRole, Site, Topology
from medinfra.push.connection import Endpoint
from medinfra.push.credentials import CredentialStore
from medinfra.push.engine import DeviceJob, PushOptions, push_device
from medinfra.push.override import LabOverride
from medinfra.push.results import Reporter, RunResult

ROLE_ORDER: tuple[DeviceRole, ...] = (DeviceRole.DC_EDGE, DeviceRole.CPE, DeviceRole.OLT)
"""Roll-out order of the roles; roles not listed come last."""

Renderer = Callable[[Topology, str], str]
"""Renders the intended config of one device: (topology, hostname) -> config text."""


def select_devices(
    topology: Topology, sites: Sequence[str] = (), hostnames: Sequence[str] = ()
) -> list[tuple[Site, Device]]:
    """The devices a push works on; unknown site ids or hostnames are usage errors."""
    known_sites = {site.id for site in topology.sites}
    known_hosts = {device.hostname for _, device in topology.all_devices()}
    unknown = [s for s in sites if s not in known_sites] + [
        h for h in hostnames if h not in known_hosts
    ]
    if unknown:
        raise UsageError(
            f"not in topology {topology.name}: {', '.join(unknown)} "
            f"(sites: {', '.join(sorted(known_sites))})"
        )
    return [
        (site, device)
        for site, device in topology.all_devices()
        if (not sites or site.id in sites) and (not hostnames or device.hostname in hostnames)
    ]


def endpoint_for(
    device: Device,
    override: LabOverride | None,
    known_hosts: Path | None,
    accept_new: bool,
    timeout: float = 20.0,
) -> Endpoint:
    """Where to reach a device: the lab's address when an override is given, else the model's."""
    if override is None:
        host, port = str(device.management.address.ip), 22
    else:
        entry = override.devices.get(device.hostname)
        if entry is None:
            raise UsageError(
                f"{device.hostname} is not in the lab override (the lab runs "
                f"{', '.join(sorted(override.devices)) or 'no device'}); restart the lab for "
                "this topology"
            )
        host, port = str(entry.address), entry.port
        known_hosts = known_hosts or override.known_hosts
    return Endpoint(device.hostname, device.platform, host, port, known_hosts, accept_new, timeout)


def build_jobs(
    topology: Topology,
    selected: Iterable[tuple[Site, Device]],
    render: Renderer,
    *,
    override: LabOverride | None = None,
    known_hosts: Path | None = None,
    accept_new: bool = False,
    timeout: float = 20.0,
) -> list[DeviceJob]:
    """One job per selected device, its intended config rendered from the model."""
    return [
        DeviceJob(
            site.id,
            device,
            render(topology, device.hostname),
            endpoint_for(device, override, known_hosts, accept_new, timeout),
            topology.management.networks,
        )
        for site, device in selected
    ]


def phases(jobs: Sequence[DeviceJob]) -> list[list[DeviceJob]]:
    """The jobs grouped by role, in roll-out order (empty phases dropped)."""

    def rank(job: DeviceJob) -> int:
        role = job.device.role
        return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)

    grouped: dict[int, list[DeviceJob]] = {}
    for job in jobs:
        grouped.setdefault(rank(job), []).append(job)
    return [grouped[key] for key in sorted(grouped)]


Run = Callable[[Reporter | None], RunResult]
"""A prepared run: call it (with a reporter, or None) to push."""


def check_concurrency(workers: int, processes: int | None) -> None:
    """Usage errors for a worker or process count that cannot be."""
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    if processes is not None and processes < 0:
        raise UsageError(f"--processes must be 0 (one per core) or more, got {processes}")


@contextmanager
def prepare_push(
    jobs: Sequence[DeviceJob],
    store: CredentialStore,
    options: PushOptions,
    *,
    workers: int = 10,
    processes: int | None = 1,
) -> Iterator[Run]:
    """A run of every job, ready to be called: with more than one process, the push processes
    are forked here (enter it before any other thread starts, e.g. a progress display) and end
    with the block. ``processes`` 0 or None: :func:`auto_processes`."""
    from medinfra.push.processes import auto_processes, start_fleet

    check_concurrency(workers, processes)
    count = auto_processes(len(jobs), workers) if not processes else min(processes, workers)
    if count <= 1:
        yield lambda on_done: _run_threads(jobs, store, options, workers, on_done)
        return
    grouped = phases(jobs)
    position = {id(job): index for index, job in enumerate(jobs)}
    indices = [[position[id(job)] for job in phase] for phase in grouped]
    with start_fleet(jobs, indices, store, options, workers=workers, processes=count) as fleet:
        yield fleet.run


def run_push(
    jobs: Sequence[DeviceJob],
    store: CredentialStore,
    options: PushOptions,
    *,
    workers: int = 10,
    on_done: Reporter | None = None,
    processes: int | None = 1,
) -> RunResult:
    """Push every job, at most ``workers`` at a time, phase after phase, in ``processes``
    processes (1: this one; 0 or None: :func:`medinfra.push.processes.auto_processes`)."""
    with prepare_push(jobs, store, options, workers=workers, processes=processes) as run:
        return run(on_done)


def _run_threads(
    jobs: Sequence[DeviceJob],
    store: CredentialStore,
    options: PushOptions,
    workers: int,
    on_done: Reporter | None,
) -> RunResult:
    start = time.monotonic()
    run = RunResult("check" if options.check else "push")
    gc.freeze()
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="push") as pool:
            for phase in phases(jobs):
                futures = [pool.submit(push_device, job, store, options) for job in phase]
                for future in as_completed(futures):
                    result = future.result()
                    run.add(result)
                    if on_done is not None:
                        on_done(result)
    finally:
        gc.unfreeze()
    run.seconds = time.monotonic() - start
    return run
