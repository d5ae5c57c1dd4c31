"""A run forked into push processes (medinfra.push.processes), at the engine's boundary.

The engine's ``push_device`` is replaced (before the fork, so every push process has the
replacement) by a fake that records when and in which process it ran, and that can die,
raise or honour the stop flag. Over real SSH: tests/push/test_processes_lab.py.
"""

import itertools
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import replace

import pytest

import medinfra.push.processes as processes
from medinfra.errors import UsageError
from medinfra.load import load_topology
from medinfra.push.credentials import load_store
from medinfra.push.engine import DeviceJob, PushOptions
from medinfra.push.processes import auto_processes, shares
from medinfra.push.results import DeviceResult, RunResult
from medinfra.push.runner import build_jobs, phases, run_push, select_devices
from tests.conftest import INVENTORY

Fake = Callable[[DeviceJob, object, PushOptions], DeviceResult]


@pytest.fixture(scope="module")
def campus():
    return load_topology(INVENTORY / "union-shenzhen-campus").topology


def many_jobs(campus, copies: int) -> list[DeviceJob]:
    """``copies`` jobs per device of the campus, each under its own hostname."""
    jobs = build_jobs(campus, select_devices(campus), lambda topology, host: "")
    return [
        replace(
            job, device=job.device.model_copy(update={"hostname": f"{n}-{job.device.hostname}"})
        )
        for n in range(copies)
        for job in jobs
    ]


def recording(seconds: float = 0.02, *, die: str = "", raise_on: str = "") -> Fake:
    """A push that takes ``seconds`` and records its process and its start and end; it kills
    its own process on ``die``, raises on ``raise_on``, and starts nothing once stopping."""

    def fake(job: DeviceJob, store: object, options: PushOptions) -> DeviceResult:
        host = job.device.hostname
        result = DeviceResult(host, job.site, job.device.platform.value)
        if options.stopping():
            result.not_started = True
            return result
        result.durations = {"start": time.time(), "pid": float(os.getpid())}
        if host == die:
            os.kill(os.getpid(), signal.SIGKILL)
        if host == raise_on:
            raise RuntimeError("a bug with secret Bench-Secret-1 in its message")
        time.sleep(seconds)
        result.changed = True
        result.durations["end"] = time.time()
        return result

    return fake


def run(jobs, monkeypatch, fake: Fake, *, workers: int, count: int, **options) -> RunResult:
    monkeypatch.setattr(processes, "push_device", fake)
    store = load_store(push_env_for_jobs())
    return run_push(jobs, store, PushOptions(**options), workers=workers, processes=count)


def push_env_for_jobs() -> dict[str, str]:
    return {"MEDINFRA_USERNAME": "medinfra", "MEDINFRA_PASSWORD": "medinfra-lab"}


@pytest.mark.parametrize(("workers", "count"), [(1, 1), (2, 2), (7, 3), (50, 2), (3, 8), (200, 2)])
def test_shares_add_up_to_the_workers_and_differ_by_one_at_most(workers, count):
    parts = shares(workers, min(count, workers))
    assert sum(parts) == workers
    assert max(parts) - min(parts) <= 1
    assert min(parts) >= 1


@pytest.mark.parametrize(
    ("devices", "workers", "cpus", "expected"),
    [
        (500, 50, 2, 2),
        (500, 100, 2, 2),
        (500, 101, 2, 3),  # more than 50 workers per process: one more process
        (500, 200, 2, 4),
        (100, 200, 2, 3),  # but never fewer than 32 devices each
        (500, 50, 8, 8),
        (500, 3, 8, 3),  # never more processes than workers
        (63, 50, 2, 1),  # fewer than 32 devices for each of two processes
        (64, 50, 2, 2),
        (10, 10, 2, 1),
        (0, 10, 2, 1),
        (100000, 1000, 1, 2),  # at most two per core
        (100000, 1000, 8, 16),
    ],
)
def test_auto_processes(monkeypatch, devices, workers, cpus, expected):
    monkeypatch.setattr(processes, "usable_cpus", lambda: cpus)
    assert auto_processes(devices, workers) == expected


def test_every_job_gets_one_result_phase_after_phase_from_every_process(campus, monkeypatch):
    jobs = many_jobs(campus, 6)
    result = run(jobs, monkeypatch, recording(), workers=4, count=2)
    assert sorted(result.results) == sorted(job.device.hostname for job in jobs)
    assert all(r.changed and not r.failed for r in result.results.values())
    pids = {r.durations["pid"] for r in result.results.values()}
    assert len(pids) == 2 and float(os.getpid()) not in pids
    spans = [
        [(result.results[job.device.hostname].durations) for job in phase] for phase in phases(jobs)
    ]
    for earlier, later in itertools.pairwise(spans):
        assert max(d["end"] for d in earlier) <= min(d["start"] for d in later)


def test_never_more_devices_at_once_than_workers(campus, monkeypatch):
    jobs = many_jobs(campus, 8)
    result = run(jobs, monkeypatch, recording(0.03), workers=3, count=2)
    events = sorted(
        (moment, step)
        for r in result.results.values()
        for moment, step in ((r.durations["start"], 1), (r.durations["end"], -1))
    )
    at_once, most = 0, 0
    for _, step in events:
        at_once += step
        most = max(most, at_once)
    assert 2 <= most <= 3


def test_a_killed_process_fails_only_its_device_in_flight_and_the_other_finishes(
    campus, monkeypatch
):
    jobs = many_jobs(campus, 4)
    victim = jobs[len(jobs) // 2].device.hostname
    result = run(jobs, monkeypatch, recording(die=victim), workers=2, count=2)
    assert len(result.results) == len(jobs)
    failed = result.failed_hosts
    assert set(failed) == {victim}
    assert failed[victim].error_type == "ProcessLostError"
    assert "was killed by SIGKILL before it reported" in (failed[victim].error or "")
    assert "the next push checks it" in (failed[victim].error or "")
    assert all(r.changed for host, r in result.results.items() if host != victim)


def test_with_every_process_dead_the_rest_fail_untouched(campus, monkeypatch):
    jobs = many_jobs(campus, 2)
    first, second = (job.device.hostname for job in phases(jobs)[0][:2])

    def fake(job, store, options):
        if job.device.hostname in {first, second}:
            os.kill(os.getpid(), signal.SIGKILL)
        return recording()(job, store, options)

    result = run(jobs, monkeypatch, fake, workers=2, count=2)
    assert len(result.results) == len(jobs)
    assert "killed by SIGKILL" in (result.results[first].error or "")
    rest = [r for host, r in result.results.items() if host not in {first, second}]
    assert rest and all(
        r.failed and "every push process of this run ended" in (r.error or "") for r in rest
    )


def test_a_bug_in_one_push_fails_that_device_masked_and_not_the_run(campus, monkeypatch):
    jobs = many_jobs(campus, 2)
    buggy = jobs[1].device.hostname
    monkeypatch.setattr(processes, "push_device", recording(raise_on=buggy))
    store = load_store({**push_env_for_jobs(), "MEDINFRA_SECRET_BENCH": "Bench-Secret-1"})
    result = run_push(jobs, store, PushOptions(), workers=2, processes=2)
    assert set(result.failed_hosts) == {buggy}
    error = result.results[buggy].error or ""
    assert "internal error in the push (RuntimeError" in error
    assert "Bench-Secret-1" not in error
    assert len(result.results) == len(jobs)


def test_a_stop_hands_out_nothing_more_and_every_process_stops(campus, monkeypatch):
    jobs = many_jobs(campus, 10)
    stop = threading.Event()
    stopped_at: list[float] = []

    def on_done(result: DeviceResult) -> None:
        if not stop.is_set() and result.changed:
            stop.set()
            stopped_at.append(time.time())

    monkeypatch.setattr(processes, "push_device", recording(0.05))
    store = load_store(push_env_for_jobs())
    result = run_push(jobs, store, PushOptions(stop=stop), workers=4, processes=2, on_done=on_done)
    assert len(result.results) == len(jobs)
    started = [r for r in result.results.values() if not r.not_started]
    assert 1 <= len(started) < len(jobs) // 2
    # a device already handed out may start until its process is told (a signal): no later
    assert all(r.durations["start"] <= stopped_at[0] + 1.0 for r in started)
    assert sum(r.not_started for r in result.results.values()) == len(jobs) - len(started)


def test_a_negative_process_count_is_a_usage_error(campus):
    jobs = many_jobs(campus, 1)
    with pytest.raises(UsageError, match="--processes must be 0"):
        run_push(jobs, load_store(push_env_for_jobs()), PushOptions(), processes=-1)


def test_one_process_runs_in_this_one(campus, monkeypatch):
    """``processes=1`` (the library's default) is the thread pool of this process: nothing is
    forked, and a replaced engine in this process is the one used."""
    jobs = many_jobs(campus, 1)
    monkeypatch.setattr("medinfra.push.runner.push_device", recording())
    result = run_push(jobs, load_store(push_env_for_jobs()), PushOptions(), workers=2)
    assert {r.durations["pid"] for r in result.results.values()} == {float(os.getpid())}


def test_a_stop_reaches_the_devices_in_flight_in_every_process(campus, monkeypatch):
    """The parent tells each push process (a signal): a device in flight there sees the stop
    at once, as in one process (before its first line it stops there), and no process is
    killed by it."""
    jobs = many_jobs(campus, 4)
    first = phases(jobs)[0][0].device.hostname
    stop = threading.Event()

    def fake(job: DeviceJob, store: object, options: PushOptions) -> DeviceResult:
        result = DeviceResult(job.device.hostname, job.site, job.device.platform.value)
        if options.stopping():
            result.not_started = True  # as the engine does
            return result
        start = time.monotonic()
        if job.device.hostname == first:
            time.sleep(0.3)  # every process has started its devices when this one ends
        else:
            while not options.stopping() and time.monotonic() - start < 5:
                time.sleep(0.01)
        result.durations = {"waited": time.monotonic() - start, "pid": float(os.getpid())}
        result.changed = True
        return result

    monkeypatch.setattr(processes, "push_device", fake)
    result = run_push(
        jobs,
        load_store(push_env_for_jobs()),
        PushOptions(stop=stop),
        workers=4,
        processes=2,
        on_done=lambda r: stop.set(),
    )
    in_flight = [r for r in result.results.values() if r.changed and r.host != first]
    assert not result.failed_hosts, {h: r.error for h, r in result.failed_hosts.items()}
    assert in_flight, "no device was in flight when the stop came"
    assert len({r.durations["pid"] for r in in_flight}) == 2  # both processes had one
    assert all(r.durations["waited"] < 2 for r in in_flight), [
        r.durations["waited"] for r in in_flight
    ]
