"""Many devices across processes: one push process per core, each with its own thread pool.

One Python process runs one thread at a time. With every session in one process, the threads
(two per session: netmiko's and paramiko's transport) pass one interpreter lock at every
packet, and the controller's CPU per device grew with the workers (benchmarks/README.md,
fourth pass: 294 ms at 10 workers, 804 ms at 200, nearly all of the growth system time).
Here the run forks ``processes`` push processes, and the ``workers`` are shared out between
them: each child has its own interpreter lock and its own threads.

- **The parent forks before anything else runs a thread** (:func:`start_fleet` is entered
  before the progress display starts), so a child inherits no lock held by another thread.
  Everything already loaded -- the topology, the rendered configs, the credentials, the
  compiled templates -- is inherited, not sent; the objects alive are frozen out of the
  garbage collector first (``gc.freeze``), so a child's collections neither walk nor copy
  them.
- **The parent hands out the work.** Each child has its own pipe; the parent sends it a job's
  index whenever it has a thread free, so a slow child gets fewer devices. Phases stay as in
  one process (data-centre edges, then CPE routers, then OLTs): a phase starts when every
  result of the one before is in. Each child pushes with the engine unchanged
  (:func:`medinfra.push.engine.push_device`) and sends back the :class:`DeviceResult`.
- **What a device's push relies on is already safe across processes**: the device and site
  locks, the audit log and the journal are files under ``flock``, and known_hosts additions
  are locked. The login limit (:data:`medinfra.push.connection.MAX_LOGINS`) is shared out
  between the children.
- **Signals**: a Ctrl-C reaches every process of the terminal's group; a signal sent to the
  parent alone is passed on to each child. A child is born with both signals held back until
  its own handler is in place, so a stop passed on at once never kills it. A child's signal
  sets its own stop flag quietly (the parent says what happens), and its devices behave as in
  one process: none starts after it, a device in flight finishes or is restored. Once
  stopping, the parent hands out no more work: the devices left are reported not started by
  the parent itself.
- **A child that dies** (``kill -9``, a crash) loses only its devices in flight: each is
  reported failed, naming the process and how it ended (the device's journal entry makes the
  next run check it before changing anything, :mod:`medinfra.push.journal`); the other
  children take the rest. With no child left, the devices not yet handed out are reported
  failed without being touched. A child whose parent dies finishes its devices in flight and
  ends.
"""

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import FrameType

from medinfra.push import connection
from medinfra.push.credentials import CredentialStore
from medinfra.push.engine import DeviceJob, PushOptions, push_device
from medinfra.push.results import DeviceResult, Reporter, RunResult

MIN_DEVICES_PER_PROCESS = 32
"""A run gets a second process only when each would push at least this many devices: below
that, forking buys nothing a thread pool does not (see :func:`auto_processes`)."""

THREADS_PER_PROCESS = 50
"""Workers per push process above which :func:`auto_processes` forks more processes than
cores: at 200 workers on two cores, 4 processes of 50 pushed 257 devices/min where 2 of 100
pushed 205 (benchmarks/README.md, fifth pass)."""

PROCESSES_PER_CPU = 2
"""At most this many push processes per core (as many as were measured)."""

WAKE_SECONDS = 0.2
"""Longest the parent waits for a child's message before it looks at the stop flag and at
the children's health again."""

JOIN_SECONDS = 30.0
"""How long the parent waits for a child to end after its last device (then it is killed:
it has nothing left in flight)."""

STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})
"""The signals that stop a run (:mod:`medinfra.push.interrupt`)."""


def usable_cpus() -> int:
    """The CPU cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """True where the push processes can be forked (Linux, macOS)."""
    return "fork" in multiprocessing.get_all_start_methods()


def auto_processes(devices: int, workers: int) -> int:
    """Push processes for ``devices`` devices and ``workers`` workers: one per usable core, or
    more when a core's share of the workers is above :data:`THREADS_PER_PROCESS` (up to
    :data:`PROCESSES_PER_CPU` per core); at most one per worker and one per
    :data:`MIN_DEVICES_PER_PROCESS` devices, at least one.

    >>> auto_processes(10, 50)
    1
    >>> auto_processes(500, 1)
    1
    """
    if not can_fork():
        return 1
    cpus = usable_cpus()
    wanted = min(max(cpus, -(-workers // THREADS_PER_PROCESS)), PROCESSES_PER_CPU * cpus)
    return max(1, min(wanted, workers, devices // MIN_DEVICES_PER_PROCESS))


def shares(workers: int, processes: int) -> list[int]:
    """The workers of each process: ``workers`` shared out as evenly as possible.

    >>> shares(50, 2), shares(7, 3), shares(2, 2)
    ([25, 25], [3, 2, 2], [1, 1])
    """
    return [workers // processes + (1 if n < workers % processes else 0) for n in range(processes)]


def _internal_failure(job: DeviceJob, store: CredentialStore, error: Exception) -> DeviceResult:
    """A bug in the push of one device (the engine raises only for those): that device fails,
    with what was raised (masked), and the process goes on with the others."""
    host = job.device.hostname
    result = DeviceResult(host, job.site, job.device.platform.value, failed=True)
    text = f"{host}: internal error in the push ({type(error).__name__}: {error}); please report it"
    result.error, result.error_type = store.masker().text(text), type(error).__name__
    return result


@dataclass(frozen=True)
class _Work:
    """What every push process is given (inherited by the fork, never sent)."""

    jobs: Sequence[DeviceJob]
    store: CredentialStore
    options: PushOptions
    logins: int


def _child(work_of: _Work, threads: int, pipe: Connection, others: Sequence[Connection]) -> None:
    """A push process: ``threads`` threads pushing the jobs whose indices come down ``pipe``
    (``others``: the parent's ends of the pipes, inherited by the fork and closed here, so that
    the parent's death ends the pipe)."""
    jobs, store, options = work_of.jobs, work_of.store, work_of.options
    for end in others:
        end.close()
    stop = threading.Event()
    if options.stopping():
        stop.set()

    def quiet(signum: int, frame: FrameType | None) -> None:
        stop.set()  # the parent tells the user; every process stops the same way

    for sig in STOP_SIGNALS:
        signal.signal(sig, quiet)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held since the fork
    connection.share_logins(work_of.logins)
    settings = replace(options, stop=stop)
    work: list[int | None] = []
    ready = threading.Condition()
    send = threading.Lock()

    def worker() -> None:
        while True:
            with ready:
                ready.wait_for(lambda: bool(work))
                index = work.pop(0)
            if index is None:
                return
            job = jobs[index]
            try:
                result = push_device(job, store, settings)
            except Exception as error:  # noqa: BLE001 - a bug fails its device, not the run
                result = _internal_failure(job, store, error)
            with send:
                try:
                    pipe.send((index, result))
                except OSError:  # the parent is gone: nobody to report to
                    stop.set()

    pool = [threading.Thread(target=worker, name=f"push-{n}") for n in range(threads)]
    for thread in pool:
        thread.start()
    while True:
        try:
            index = pipe.recv()
        except (EOFError, OSError):  # the parent is gone: finish what is in flight, then end
            stop.set()
            index = None
        with ready:
            work.extend([None] * threads if index is None else [index])
            ready.notify_all()
        if index is None:
            break
    for thread in pool:
        thread.join()


@dataclass
class _Child:
    process: BaseProcess
    pipe: Connection
    threads: int
    assigned: set[int] = field(default_factory=set)
    alive: bool = True

    @property
    def free(self) -> int:
        return self.threads - len(self.assigned) if self.alive else 0


class Fleet:
    """The push processes of one run (see the module's docstring); made by :func:`start_fleet`."""

    def __init__(
        self,
        jobs: Sequence[DeviceJob],
        store: CredentialStore,
        options: PushOptions,
        children: list[_Child],
        phases: list[list[int]],
    ) -> None:
        self.jobs, self.store, self.options = jobs, store, options
        self.children, self.phases = children, phases
        self._forwarded = False

    def run(self, on_done: Reporter | None = None) -> RunResult:
        """Push every job, phase after phase; every job gets exactly one result."""
        start = time.monotonic()
        run = RunResult("check" if self.options.check else "push")

        def report(result: DeviceResult) -> None:
            run.add(result)
            if on_done is not None:
                on_done(result)

        for phase in self.phases:
            self._run_phase(list(phase), report)
        run.seconds = time.monotonic() - start
        return run

    def _run_phase(self, pending: list[int], report: Reporter) -> None:
        pending.reverse()  # popped from the end: handed out in the phase's order
        while pending or any(child.assigned for child in self.children):
            self._forward_stop()
            if self.options.stopping() or not any(child.alive for child in self.children):
                while pending:
                    report(self._never_pushed(pending.pop()))
            for child in self.children:
                while child.free and pending:
                    index = pending.pop()
                    try:
                        child.pipe.send(index)
                    except OSError:
                        pending.append(index)
                        self._lost(child, report)
                        break
                    child.assigned.add(index)
            busy = {id(child.pipe): child for child in self.children if child.assigned}
            pipes = [child.pipe for child in busy.values()]
            for pipe in wait(pipes, timeout=WAKE_SECONDS) if pipes else ():
                self._receive(busy[id(pipe)], report)

    def _receive(self, child: _Child, report: Reporter) -> None:
        try:
            index, result = child.pipe.recv()
        except (EOFError, OSError):
            self._lost(child, report)
            return
        child.assigned.discard(index)
        report(result)

    def _never_pushed(self, index: int) -> DeviceResult:
        """A device not handed out: not started once stopping (the engine says so without
        touching it), else failed because no push process is left."""
        job = self.jobs[index]
        if self.options.stopping():
            return push_device(job, self.store, self.options)
        host = job.device.hostname
        result = DeviceResult(host, job.site, job.device.platform.value, failed=True)
        result.error = f"{host}: not started: every push process of this run ended"
        result.error_type = "ProcessLostError"
        return result

    def _lost(self, child: _Child, report: Reporter) -> None:
        """A child ended without reporting its devices in flight: each of them fails."""
        child.alive = False
        child.process.join(timeout=JOIN_SECONDS)
        how = _how_it_ended(child.process)
        for index in sorted(child.assigned):
            job = self.jobs[index]
            host = job.device.hostname
            result = DeviceResult(host, job.site, job.device.platform.value, failed=True)
            result.error = (
                f"{host}: the push process pushing it (pid {child.process.pid}) {how} before it "
                "reported: the device may hold part of the change; the next push checks it "
                "against what this run left before changing anything"
            )
            result.error_type = "ProcessLostError"
            report(result)
        child.assigned.clear()

    def _forward_stop(self) -> None:
        """Once the parent is stopping, each child is told (once): a SIGTERM, which a child
        takes as its quiet stop."""
        if self._forwarded or not self.options.stopping():
            return
        self._forwarded = True
        for child in self.children:
            if child.alive and child.process.pid is not None:
                with suppress(ProcessLookupError):
                    os.kill(child.process.pid, signal.SIGTERM)

    def close(self) -> None:
        """Tell every child there is no more work and wait for it to end: for as long as it
        takes while it has a device in flight (only when the run itself failed: it finishes
        or restores them), else :data:`JOIN_SECONDS`, then it is killed."""
        for child in self.children:
            with suppress(OSError):
                child.pipe.send(None)
        deadline = time.monotonic() + JOIN_SECONDS
        for child in self.children:
            if child.assigned and child.alive:
                child.process.join()
            child.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if child.process.is_alive():  # nothing in flight: it only has to end
                child.process.kill()
                child.process.join()
            child.pipe.close()


def _how_it_ended(process: BaseProcess) -> str:
    code = process.exitcode
    if code is None:
        return "stopped answering"
    if code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return f"ended with exit code {code}"


@contextmanager
def start_fleet(
    jobs: Sequence[DeviceJob],
    phases: list[list[int]],
    store: CredentialStore,
    options: PushOptions,
    *,
    workers: int,
    processes: int,
) -> Iterator[Fleet]:
    """Fork ``processes`` push processes sharing ``workers`` (call it before any other thread
    starts); they end when the block does."""
    context = multiprocessing.get_context("fork")
    work_of = _Work(jobs, store, options, max(1, connection.MAX_LOGINS // processes))
    fleet = Fleet(jobs, store, options, [], phases)
    gc.collect()
    gc.freeze()
    # a child is born with SIGINT and SIGTERM held back until its own handler is in place (a
    # stop passed on at once must not kill it); the parent takes them again after the forks
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        for threads in shares(workers, processes):
            parent_end, child_end = context.Pipe()
            others = [child.pipe for child in fleet.children] + [parent_end]
            process = context.Process(
                target=_child,
                args=(work_of, threads, child_end, others),
                name="medinfra-push",
                daemon=False,
            )
            process.start()
            child_end.close()
            fleet.children.append(_Child(process, parent_end, threads))
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        yield fleet
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        fleet.close()
        gc.unfreeze()
