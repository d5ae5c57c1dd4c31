"""Locks so that two pushes never work on the same device or the same site at once.

- **Device lock**: an exclusive ``flock`` on ``<lock_dir>/device-<HOST>.lock`` held while the
  device is being pushed. The kernel drops it when the holder exits, so a crashed push leaves
  no stale lock.
- **Site lock**: owned by a *run*, not by a process: ``medinfra push`` owns the sites it works
  on for its whole run; an ``ansible-playbook`` run owns them through the playbook process
  (its module invocations are separate processes that share the owner). The owner is recorded
  in ``<lock_dir>/site-<ID>.owner`` (host, pid and process start time, so a reused pid is not
  taken for a live owner); an owner on this host that no longer runs is stale: it is replaced
  and reported (a run that was killed). An owner on another host (a lock directory shared over
  the network) cannot be checked from here and counts as live.

The lock directory never depends on the working directory, so every push of a user meets
every other: ``$MEDINFRA_LOCK_DIR`` when set (the Ansible roles honour it too), otherwise
``/run/lock/medinfra`` for root (one directory for the machine, writable by root only), and
``$XDG_RUNTIME_DIR/medinfra/locks`` or ``~/.cache/medinfra/locks`` for any other user. Pushes
of *different* users meet only through a shared ``MEDINFRA_LOCK_DIR`` (e.g. a group-writable
directory). Lock files are opened without following symbolic links.
"""

import fcntl
import json
import os
import re
import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from medinfra.push.errors import LockBusyError

LOCK_DIR_ENV = "MEDINFRA_LOCK_DIR"
ROOT_LOCK_DIR = Path("/run/lock/medinfra")


def default_lock_dir(environ: Mapping[str, str] | None = None, uid: int | None = None) -> Path:
    """Where locks live when nothing says otherwise (see the module's docstring).

    Examples:
        >>> default_lock_dir({"MEDINFRA_LOCK_DIR": "/srv/locks"}, 1000)
        PosixPath('/srv/locks')
        >>> default_lock_dir({}, 0)
        PosixPath('/run/lock/medinfra')
        >>> default_lock_dir({"XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/h"}, 1000)
        PosixPath('/run/user/1000/medinfra/locks')
    """
    env = os.environ if environ is None else environ
    if env.get(LOCK_DIR_ENV):
        return Path(env[LOCK_DIR_ENV]).expanduser()
    if (os.geteuid() if uid is None else uid) == 0:
        return ROOT_LOCK_DIR
    if env.get("XDG_RUNTIME_DIR"):
        return Path(env["XDG_RUNTIME_DIR"]) / "medinfra" / "locks"
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    return home / ".cache" / "medinfra" / "locks"


def this_host() -> str:
    """This machine's name, as recorded in owner files."""
    return socket.gethostname()


@dataclass(frozen=True)
class RunOwner:
    """The process that owns a run: its host, pid and start time (clock ticks since boot)."""

    pid: int
    started: int
    name: str = ""
    host: str = field(default_factory=this_host)

    def alive(self) -> bool:
        """True when that very process still runs (always assumed on another host)."""
        if self.host != this_host():
            return True
        return _start_time(self.pid) == self.started

    def describe(self) -> str:
        """``ansible-playbook pid 123 on host h``."""
        return f"{self.name or 'run'} pid {self.pid} on host {self.host}"


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


def _make_dir(directory: Path) -> None:
    """Create the lock directory, private to its user unless it is the machine's."""
    try:
        directory.mkdir(
            parents=True, exist_ok=True, mode=0o755 if directory == ROOT_LOCK_DIR else 0o700
        )
    except OSError as error:
        raise LockBusyError(
            f"cannot create the lock directory {directory}: {error.strerror}; "
            f"set {LOCK_DIR_ENV} to a writable directory"
        ) from None


@contextmanager
def _flock(path: Path, *, blocking: bool) -> Iterator[int | None]:
    _make_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        raise LockBusyError(f"cannot open the lock file {path}: {error.strerror}") from None
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
        host = str(data.get("host") or this_host())
        return RunOwner(int(data["pid"]), int(data["started"]), str(data.get("name", "")), host)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_owner(path: Path, owner: RunOwner) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(owner)))


def claim_site(lock_dir: Path, site: str, owner: RunOwner) -> RunOwner | None:
    """Make ``owner`` the owner of the site; raise when another live run owns it.

    Returns the stale owner replaced (a ``medinfra push`` run that ended without giving the
    site up: killed), so that the caller reports it; None otherwise. An ``ansible-playbook``
    owner is not returned: its module invocations cannot release the site when the playbook
    ends, so a finished playbook and a killed one look alike.
    """
    guard = lock_dir / f"site-{_safe_name(site)}.lock"
    owner_file = lock_dir / f"site-{_safe_name(site)}.owner"
    with _flock(guard, blocking=True):
        current = _read_owner(owner_file)
        if current is not None and current != owner and current.alive():
            raise LockBusyError(
                f"site {site}: another push is rolling it out ({current.describe()}); "
                f"wait for it to finish (owner file {owner_file})"
            )
        _write_owner(owner_file, owner)
    if current is None or current == owner or current.name == "ansible-playbook":
        return None  # a playbook's modules never give a site up: its end looks like a kill
    return current


def release_site(lock_dir: Path, site: str, owner: RunOwner) -> None:
    """Give the site up, if ``owner`` still owns it."""
    guard = lock_dir / f"site-{_safe_name(site)}.lock"
    owner_file = lock_dir / f"site-{_safe_name(site)}.owner"
    with _flock(guard, blocking=True):
        if _read_owner(owner_file) == owner:
            owner_file.unlink(missing_ok=True)


@contextmanager
def site_locks(lock_dir: Path, sites: list[str], owner: RunOwner) -> Iterator[dict[str, RunOwner]]:
    """Own every site of ``sites`` for the duration; all or none.

    Yields the stale owners replaced, by site (runs that ended without giving the site up).
    """
    claimed: list[str] = []
    stale: dict[str, RunOwner] = {}
    try:
        for site in sorted(set(sites)):
            previous = claim_site(lock_dir, site, owner)
            if previous is not None:
                stale[site] = previous
            claimed.append(site)
        yield stale
    finally:
        for site in claimed:
            release_site(lock_dir, site, owner)
