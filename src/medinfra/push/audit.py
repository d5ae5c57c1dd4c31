"""The audit log: one JSON line per device a push touched (or tried to).

Each entry: ``time`` (UTC, ISO 8601), ``user`` (the operating-system user running the push),
``login`` (the device account used), ``device``, ``site``, ``check`` (check mode), ``result``
(changed, rolled-back, failed, refused, would-change), ``diff`` (the remediation, secrets as
placeholders), ``commit_id``, ``error``, ``notes`` (what the operator must know: an earlier
run left the device unsettled, the saved configuration was repaired), ``ended`` (how a
protected change ended) and ``run_id`` (the run, as VRPv8 commits name it). Appends are serialised
with a lock on the file, so parallel pushes (threads or Ansible forks) never interleave lines.
"""

import fcntl
import getpass
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

from medinfra.push.results import DeviceResult, Outcome

AUDIT_ENV = "MEDINFRA_AUDIT_LOG"
DEFAULT_AUDIT_LOG = Path(".medinfra/audit.jsonl")
_THREAD_LOCK = threading.Lock()


def default_audit_path() -> Path:
    """``$MEDINFRA_AUDIT_LOG`` or ``.medinfra/audit.jsonl`` under the working directory."""
    return Path(os.environ.get(AUDIT_ENV) or DEFAULT_AUDIT_LOG)


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def audit_entry(result: DeviceResult, login: str | None) -> dict[str, object]:
    """The audit record of one device result."""
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": _operator(),
        "login": login,
        "device": result.host,
        "site": result.site,
        "check": result.check,
        "result": result.outcome.value,
        "diff": result.diff,
        "commit_id": result.commit_id,
        "error": result.error,
        "error_type": result.error_type,
        "notes": result.notes,
        "ended": result.ended,
        "run_id": result.run_id,
    }


def should_audit(result: DeviceResult) -> bool:
    """Every change, attempted change and refusal is logged, and whatever carries a note;
    untouched devices and devices an interrupted run never started are not."""
    if result.notes:
        return True
    return result.outcome not in (Outcome.UNCHANGED, Outcome.NOT_STARTED)


def append(path: Path, entry: dict[str, object]) -> None:
    """Append one JSON line to the audit log, creating it (mode 600) when needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n"
    with _THREAD_LOCK:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            os.write(descriptor, line.encode("utf-8"))
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)


def record(path: Path | None, result: DeviceResult, login: str | None) -> None:
    """Log one device's result when it is worth logging and a log is configured."""
    if path is not None and should_audit(result):
        append(path, audit_entry(result, login))


def read_entries(path: Path) -> list[dict[str, object]]:
    """Every entry of an audit log, oldest first."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
