"""Helpers for the push and Ansible tests that run against the device lab over real SSH."""

import os
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from medinfra.lab import LabHandle, run_lab
from medinfra.lab.deadman import TIME_SCALE_ENV
from medinfra.load import load_topology
from medinfra.model import Topology
from medinfra.push.credentials import load_store, placeholders, secret_env_name
from medinfra.push.engine import DeviceJob, PushOptions, push_device, scope_context
from medinfra.push.guard import safe_remediation
from medinfra.push.locks import LOCK_DIR_ENV
from medinfra.push.plan import PushPlan, plan_push
from medinfra.push.results import DeviceResult, Outcome, RunResult
from medinfra.push.runner import run_push
from medinfra.render import render_device
from tests.conftest import INVENTORY, free_port
from tests.fixtures.brownfield import FIXTURES, TOPOLOGY

LAB_USER = "medinfra"
LAB_PASSWORD = "medinfra-lab"


def secret_env(topology: Topology) -> dict[str, str]:
    """A value for every secret the topology's rendered configs name."""
    refs: set[str] = set()
    for _, device in topology.all_devices():
        refs.update(placeholders(render_device(topology, device.hostname)))
    return {secret_env_name(ref): f"Lab-{ref.replace('/', '-')}-9" for ref in sorted(refs)}


def push_env(topology: Topology) -> dict[str, str]:
    """The environment of a push to the lab: lab login, every secret, and the test run's own
    lock directory (a push subprocess would otherwise lock in the machine's, which parallel
    test workers and other test runs share)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDINFRA_")}
    if os.environ.get(LOCK_DIR_ENV):
        env[LOCK_DIR_ENV] = os.environ[LOCK_DIR_ENV]
    env.update(MEDINFRA_USERNAME=LAB_USER, MEDINFRA_PASSWORD=LAB_PASSWORD)
    env.update(secret_env(topology))
    return env


@contextmanager
def example_lab(
    name: str,
    state: Path,
    base: str,
    *,
    scale: float | None = None,
    configs: Mapping[str, Path] | None = None,
) -> Iterator[tuple[Topology, LabHandle]]:
    """A lab of one example topology on ``base`` and a free port, stopped at exit; with
    ``scale``, its dead-man timers (trials, scheduled reboots) run at that many lab seconds per
    device second while it runs; with ``configs`` (hostname -> file), those devices start
    from that brownfield configuration."""
    topology = load_topology(INVENTORY / name).topology
    with pytest.MonkeyPatch.context() as patch:
        if scale is not None:
            patch.setenv(TIME_SCALE_ENV, str(scale))
        with run_lab(topology, state, base_address=base, port=free_port(), configs=configs) as lab:
            yield topology, lab


BrownfieldLab = tuple[Topology, LabHandle, Path]
"""The topology, the lab and the test's state directory (the lab in ``state / "lab"``, the
audit log and the locks beside it), as :func:`job_with_edits` and :func:`push_job` take it."""


@contextmanager
def brownfield_lab(
    state: Path,
    base: str,
    *,
    hosts: Collection[str] | None = None,
    scale: float | None = None,
    name: str = TOPOLOGY,
) -> Iterator[BrownfieldLab]:
    """A lab of ``name`` (union-shenzhen-campus) whose devices start from the real-layout
    brownfield dumps (tests/fixtures/brownfield; with ``hosts``, only those devices do), on
    ``base``, in ``state / "lab"``; ``scale`` as for :func:`example_lab`."""
    configs = {host: path for host, (_, path) in FIXTURES.items() if hosts is None or host in hosts}
    with example_lab(name, state / "lab", base, scale=scale, configs=configs) as (topology, lab):
        yield topology, lab, state


def job_with_edits(
    state: Path, host: str, *edits: tuple[str, str], name: str = TOPOLOGY
) -> DeviceJob:
    """The push job of ``host`` against the lab in ``state / "lab"``, its intended config
    changed by each ``(old, new)`` edit in turn (``old`` must be there; its first occurrence
    is replaced)."""
    (job,) = plan_for(name, state / "lab", hostnames=[host]).jobs
    intended = job.intended
    for old, new in edits:
        assert old in intended, (host, old)
        intended = intended.replace(old, new, 1)
    return replace(job, intended=intended)


def push_job(topology: Topology, state: Path, job: DeviceJob, options: PushOptions) -> DeviceResult:
    """Push one job with the lab's credentials, ``options``, and the audit log and the locks
    in ``state``."""
    settings = replace(options, audit_log=state / "audit.jsonl", lock_dir=state / "locks")
    return push_device(job, load_store(push_env(topology)), settings)


def push_host(topology: Topology, state: Path, host: str, **options: Any) -> DeviceResult:
    """Push one device of an example topology to the lab in ``state / "lab"``, with the audit
    log and the locks in ``state`` and the other ``options`` of PushOptions."""
    jobs = {job.device.hostname: job for job in plan_for(topology.name, state / "lab").jobs}
    settings = PushOptions(audit_log=state / "audit.jsonl", lock_dir=state / "locks", **options)
    return push_device(jobs[host], load_store(push_env(topology)), settings)


def plan_for(name: str, state: Path, **selection: object) -> PushPlan:
    """The push plan of an example topology against the lab in ``state``."""
    return plan_push(INVENTORY / name, lab_state=state, timeout=5.0, **selection)  # type: ignore[arg-type]


def push_all(
    plan: PushPlan,
    topology: Topology,
    tmp: Path,
    *,
    check: bool = False,
    workers: int = 4,
    processes: int = 1,
) -> RunResult:
    """Push every job of the plan with the lab's credentials and an audit log in ``tmp``, in
    ``processes`` push processes."""
    store = load_store(push_env(topology))
    options = PushOptions(check=check, audit_log=tmp / "audit.jsonl", lock_dir=tmp / "locks")
    return run_push(plan.jobs, store, options, workers=workers, processes=processes)


DEVICE_ADDED = (
    "ntp-service server disable",
    "ntp-service ipv6 server disable",
    "snmp-agent local-engineid ",
)
"""Lines the lab (like a real device) adds itself at the first NTP server / SNMP line: a
restore leaves them (push/restore_scope.py)."""


def but_device_lines(config: str) -> list[str]:
    """A config's lines (stripped, no ``#``) without the lines the device adds itself."""
    lines = [line.strip() for line in config.splitlines() if line.strip() != "#"]
    return [line for line in lines if not line.startswith(DEVICE_ADDED)]


def use_push_env(monkeypatch: pytest.MonkeyPatch, topology: Topology) -> None:
    """Set the ``MEDINFRA_*`` variables of :func:`push_env` for an in-process push (CLI, task)."""
    for name, value in push_env(topology).items():
        if name.startswith("MEDINFRA_"):
            monkeypatch.setenv(name, value)


def assert_push_keeps_what_the_model_does_not_state(
    name: str,
    configs: dict[str, Path],
    base: str,
    tmp: Path,
    *,
    kept: dict[str, list[str]] | None = None,
    undo_of_stated: bool = False,
    processes: int = 1,
) -> None:
    """Start a lab of example ``name`` whose devices run ``configs``, on ``base``, and prove:
    the lab holds the configs as given; a check proposes a change and sends nothing; a push
    changes every device and takes away only lines the model restates (the guard's
    ``replaced`` lines and, with ``undo_of_stated``, a device's ``undo X`` where the model
    states ``X``), ``!`` banner lines aside (a VRPv8 commit rewrites "!Last configuration was
    updated at ... by USER", as the device does); every line of ``kept`` stays; a second
    push changes nothing. Every run goes through ``processes`` push processes."""
    state = tmp / "lab"
    with example_lab(name, state, base, configs=configs) as (topology, lab):
        plan = plan_for(name, state, hostnames=sorted(configs))
        before = {host: lab.running_config(host) for host in configs}
        assert before == {host: path.read_text() for host, path in configs.items()}  # loaded
        check = push_all(plan, topology, tmp, check=True, processes=processes)
        assert {check[host].outcome for host in configs} == {Outcome.WOULD_CHANGE}
        assert {host: lab.running_config(host) for host in configs} == before
        first = push_all(plan, topology, tmp, processes=processes)
        for job in plan.jobs:
            host = job.device.hostname
            assert first[host].outcome is Outcome.CHANGED, (host, first[host].error)
            guard = safe_remediation(
                job.device.platform, before[host], job.intended, scope_context(job.device, "x")
            )
            restated = {f.line for f in guard.removals if f.reason == "replaced"}
            if undo_of_stated:
                restated |= {f"undo {line.strip()}" for line in job.intended.splitlines()}
            after = lab.running_config(host).splitlines()
            gone = {
                line.strip()
                for line in before[host].splitlines()
                if line not in after and not line.startswith("!")
            }
            assert gone <= restated, (host, gone - restated)
            for line in (kept or {}).get(host, []):
                assert line in after, (host, line)
        second = push_all(plan, topology, tmp, processes=processes)
        assert {second[host].outcome for host in configs} == {Outcome.UNCHANGED}
