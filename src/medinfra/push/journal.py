"""The push journal: what a device held before a change, kept until the change is settled.

Before the first line goes to a device, the engine writes ``<lock_dir>/device-<HOST>.journal``
(the run that changes it, and digests of the configuration read before the change and of the
intended one); it removes the entry once the device is at its new configuration or verified
back at its old one. An entry found at the start of a push is the trace of a run that was
killed (``kill -9``, a power cut) or whose restore could not reach the device: the next push
reports what the device holds now compared with both, before it changes anything.
"""

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from medinfra.push.locks import RunOwner, run_owner


def digest(config: str) -> str:
    """The digest recorded for a configuration text.

    Examples:
        >>> digest("sysname A\\n")[:12]
        'e0ca33858e26'
    """
    return hashlib.sha256(config.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class JournalEntry:
    """An unsettled change of one device."""

    owner: RunOwner
    since: str
    before: str
    intended: str


def _path(lock_dir: Path, hostname: str) -> Path:
    return lock_dir / f"device-{re.sub(r'[^A-Za-z0-9_.-]', '_', hostname)}.journal"


def begin(lock_dir: Path, hostname: str, before: str, intended: str) -> None:
    """Record that a change of ``hostname`` starts (called while holding the device lock)."""
    owner = run_owner()
    entry = {
        "pid": owner.pid,
        "started": owner.started,
        "name": owner.name,
        "host": owner.host,
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
        "before": digest(before),
        "intended": digest(intended),
    }
    path = _path(lock_dir, hostname)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    with os.fdopen(os.open(path, flags, 0o600), "w", encoding="utf-8") as handle:
        handle.write(json.dumps(entry))
        handle.flush()
        os.fsync(handle.fileno())


def settle(lock_dir: Path, hostname: str) -> None:
    """The change is settled (new config in place, or old one verified back)."""
    _path(lock_dir, hostname).unlink(missing_ok=True)


def unsettled(lock_dir: Path, hostname: str) -> JournalEntry | None:
    """The entry an earlier run left for ``hostname``, if any."""
    try:
        data = json.loads(_path(lock_dir, hostname).read_text(encoding="utf-8"))
        owner = RunOwner(int(data["pid"]), int(data["started"]), data["name"], data["host"])
        return JournalEntry(owner, str(data["since"]), str(data["before"]), str(data["intended"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def describe(entry: JournalEntry, hostname: str, *, at_before: bool, at_model: bool) -> str:
    """What the next run reports about a device an earlier run left unsettled."""
    where = (
        "it is at the model"
        if at_model
        else "it holds its configuration from before that push"
        if at_before
        else "it holds NEITHER the model NOR its configuration from before that push "
        "(half-changed); pushing the model now"
    )
    return (
        f"{hostname}: an earlier push ({entry.owner.describe()}, since {entry.since}) did not "
        f"finish on this device (killed, or its restore could not reach it); {where}"
    )
