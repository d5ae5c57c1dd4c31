"""Locks so that two pushes never work on the same device or the same site at once.

- **Device lock**: an exclusive ``flock`` on ``<lock_dir>/device-<HOST>.lock`` held while the
  device is being pushed. The kernel drops it when the holder exits, so a crashed push leaves
  no stale lock.
- **Site lock**: owned by a *run*, not by a process: ``medinfra push`` owns the sites it works
  on for its whole run; an ``ansible-playbook`` run owns them through the playbook process
  (its module invocations are separate processes that share the owner). The owner is recorded
  in ``<lock_dir>/site-<ID>.owner`` (pid and process start time, so a reused pid is not taken
  for a live owner); an owner that no longer runs is replaced.

The lock directory is ``$MEDINFRA_LOCK_DIR`` or ``.medinfra/locks`` under the working directory.
"""

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from medinfra.push.errors import LockBusyError

LOCK_DIR_ENV = "MEDINFRA_LOCK_DIR"
DEFAULT_LOCK_DIR = Path(".medinfra/locks")


def default_lock_dir() -> Path:
    """``$MEDINFRA_LOCK_DIR`` or ``.medinfra/locks``."""
    return Path(os.environ.get(LOCK_DIR_ENV) or DEFAULT_LOCK_DIR)


@dataclass(frozen=True)
class RunOwner:
    """The process that owns a run: its pid and start time (clock ticks since boot)."""

    pid: int
    started: int
    name: str = ""

    def alive(self) -> bool:
        """True when that very process still runs."""
        return _start_time(self.pid) == self.started


def _start_time(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[19])


def _parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    return int(stat.rsplit(")", 1)[1].split()[1])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def run_owner(pid: int | None = None) -> RunOwner:
    """The owner of the current run.

    Inside an ``ansible-playbook`` run that is the outermost ``ansible-playbook`` process
    among our ancestors (module invocations of one playbook share it); otherwise ``pid``
    (default: this process).
    """
    own = os.getpid() if pid is None else pid
    owner, name, current = own, "medinfra", own
    for _ in range(64):
        if current <= 1:
            break
        if "ansible-playbook" in _cmdline(current):
            owner, name = current, "ansible-playbook"
        current = _parent(current)
    return RunOwner(owner, _start_time(owner) or 0, name)


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


@contextmanager
def _flock(path: Path, *, blocking: bool) -> Iterator[int | None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield None
            return
        try:
            yield descriptor
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _holder_note() -> str:
    since = datetime.now(UTC).isoformat(timespec="seconds")
    return json.dumps({"pid": os.getpid(), "since": since})


@contextmanager
def device_lock(lock_dir: Path, hostname: str) -> Iterator[None]:
    """Hold the device's lock; raise :class:`LockBusyError` when another push holds it."""
    path = lock_dir / f"device-{_safe_name(hostname)}.lock"
    with _flock(path, blocking=False) as descriptor:
        if descriptor is None:
            holder = path.read_text(encoding="utf-8").strip() or "unknown"
            raise LockBusyError(
                f"{hostname}: another push is working on this device ({holder}); "
                f"wait for it to finish (lock file {path})"
            )
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, _holder_note().encode(), 0)
        yield


def _read_owner(path: Path) -> RunOwner | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RunOwner(int(data["pid"]), int(data["started"]), str(data.get("name", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def claim_site(lock_dir: Path, site: str, owner: RunOwner) -> None:
    """Make ``owner`` the owner of the site; raise when another live run owns it."""
    guard = lock_dir / f"site-{_safe_name(site)}.lock"
    owner_file = lock_dir / f"site-{_safe_name(site)}.owner"
    with _flock(guard, blocking=True):
        current = _read_owner(owner_file)
        if current is not None and current != owner and current.alive():
            raise LockBusyError(
                f"site {site}: another push is rolling it out ({current.name or 'run'} pid "
                f"{current.pid}); wait for it to finish (owner file {owner_file})"
            )
        owner_file.write_text(json.dumps(asdict(owner)), encoding="utf-8")


def release_site(lock_dir: Path, site: str, owner: RunOwner) -> None:
    """Give the site up, if ``owner`` still owns it."""
    guard = lock_dir / f"site-{_safe_name(site)}.lock"
    owner_file = lock_dir / f"site-{_safe_name(site)}.owner"
    with _flock(guard, blocking=True):
        if _read_owner(owner_file) == owner:
            owner_file.unlink(missing_ok=True)


@contextmanager
def site_locks(lock_dir: Path, sites: list[str], owner: RunOwner) -> Iterator[None]:
    """Own every site of ``sites`` for the duration; all or none."""
    claimed: list[str] = []
    try:
        for site in sorted(set(sites)):
            claim_site(lock_dir, site, owner)
            claimed.append(site)
        yield
    finally:
        for site in claimed:
            release_site(lock_dir, site, owner)
