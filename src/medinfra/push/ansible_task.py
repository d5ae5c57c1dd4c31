"""The work behind the Ansible action ``medinfra_config``, kept here so the plugin stays thin.

The action plugin runs this in Ansible's worker process on the controller (no module process,
no second Python start-up). The topology comes from :mod:`medinfra.push.shared_topology`
(loaded once per run by the inventory plugin, inherited by every worker); this renders the
host's intended config once, locates the device (the lab override, the inventory's
``ansible_host``/``ansible_port``, or the model's management address), waits for its SSH port
when asked, claims the site for the playbook run, and runs the push engine -- whose identity
check and post-push verification are the role's pre- and post-checks -- or a read-only
identity/verify probe. It returns the task's result dictionary.
"""

import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from medinfra.errors import UsageError
from medinfra.push.credentials import Credentials, load_store
from medinfra.push.engine import DeviceJob, PushOptions, push_device
from medinfra.push.errors import PushError
from medinfra.push.limits import DEFAULT_MAX_REMOVALS
from medinfra.push.locks import claim_site, default_lock_dir, run_owner
from medinfra.push.override import check_lab_topology, read_override
from medinfra.push.probe import probe_device
from medinfra.push.protect import (
    DEFAULT_REBOOT_MINUTES,
    DEFAULT_TRIAL_SECONDS,
    ProtectOptions,
)
from medinfra.push.results import DeviceResult
from medinfra.push.runner import build_jobs, select_devices
from medinfra.push.shared_topology import cached_topology

OPERATIONS = ("push", "identity", "verify")


def _job(params: Mapping[str, Any]) -> tuple[DeviceJob, Path]:
    from medinfra.render import render_device

    loaded = cached_topology(Path(params["topology"]))
    selected = select_devices(loaded.topology, hostnames=[params["hostname"]])
    state = Path(params["lab_state"]) if params.get("lab_state") else None
    lab = read_override(state) if state is not None else None
    if state is not None and lab is not None:
        check_lab_topology(lab, loaded.topology, loaded.root, state)
    templates: Sequence[Path] = [Path(p) for p in params.get("templates") or ()]
    (job,) = build_jobs(
        loaded.topology,
        selected,
        lambda topology, hostname: render_device(topology, hostname, templates),
        override=lab,
        known_hosts=Path(params["known_hosts"]) if params.get("known_hosts") else None,
        accept_new=bool(params.get("accept_new")),
        timeout=float(params.get("timeout") or 20.0),
    )
    if lab is None and params.get("host"):
        endpoint = replace(job.endpoint, host=str(params["host"]), port=int(params["port"] or 22))
        job = replace(job, endpoint=endpoint)
    return job, loaded.root


def _store(params: Mapping[str, Any], root: Path) -> Any:
    explicit = None
    if params.get("username") and params.get("password") is not None:
        explicit = Credentials(str(params["username"]), str(params["password"]))
    credentials_file = Path(params["credentials_file"]) if params.get("credentials_file") else None
    return load_store(path=credentials_file, forbidden_roots=(root,), explicit=explicit)


def wait_reachable(job: DeviceJob, seconds: float) -> None:
    """Wait up to ``seconds`` for the device's SSH port to accept a connection."""
    deadline = time.monotonic() + seconds
    host, port = job.endpoint.host, job.endpoint.port
    while True:
        try:
            with socket.create_connection((host, port), timeout=max(0.5, min(seconds, 5.0))):
                return
        except OSError as error:
            if time.monotonic() >= deadline:
                raise PushError(
                    f"{job.device.hostname}: SSH port {host}:{port} did not answer within "
                    f"{seconds:g}s: {error}"
                ) from None
            time.sleep(0.5)


def _push_result(result: DeviceResult, want_diff: bool) -> dict[str, Any]:
    document: dict[str, Any] = {
        "changed": result.changed,
        "failed": result.failed,
        "commit_id": result.commit_id,
        "rolled_back": result.rolled_back,
        "restore_verified": result.restore_verified,
        "refused": result.refused,
        "outcome": result.outcome.value,
        "ended": result.ended,
        "run_id": result.run_id,
        "remediation": result.diff.splitlines(),
        "unmanaged": result.unmanaged,
        "durations": {step: round(seconds, 3) for step, seconds in result.durations.items()},
    }
    if want_diff and result.diff:
        document["diff"] = {"prepared": result.diff + "\n"}
    if result.failed or result.refused:
        document["msg"] = result.error
        document["error_type"] = result.error_type
    if result.notes:
        document["warnings"] = list(result.notes)
    return document


def _max_removals(params: Mapping[str, Any]) -> int:
    value = params.get("max_removals")
    return DEFAULT_MAX_REMOVALS if value is None else int(value)


def _probe(job: DeviceJob, store: Any, operation: str) -> dict[str, Any]:
    probe = probe_device(job, store, verify=operation == "verify")
    document: dict[str, Any] = {"changed": False, "failed": probe.failed}
    document.update(sysname=probe.sysname, remediation=probe.diff.splitlines())
    if probe.failed:
        document["msg"] = probe.error
        document["error_type"] = probe.error_type
    return document


def run_task(params: Mapping[str, Any], *, check_mode: bool, want_diff: bool) -> dict[str, Any]:
    """Run one ``medinfra_config`` task; the returned dict has ``failed`` set on failure."""
    operation = params.get("operation") or "push"
    if operation not in OPERATIONS:
        raise UsageError(f"operation must be push, identity or verify, not {operation!r}")
    job, root = _job(params)
    store = _store(params, root)
    if params.get("reachability_timeout"):
        try:
            wait_reachable(job, float(params["reachability_timeout"]))
        except PushError as error:
            return {"changed": False, "failed": True, "rolled_back": False, "msg": str(error)}
    if operation != "push":
        return _probe(job, store, operation)
    lock_dir = Path(params["lock_dir"]) if params.get("lock_dir") else default_lock_dir()
    stale = claim_site(lock_dir, job.site, run_owner())
    audit_log = Path(params["audit_log"]) if params.get("audit_log") else None
    options = PushOptions(
        check_mode,
        bool(params.get("save", True)),
        audit_log,
        lock_dir,
        max_removals=_max_removals(params),
        protect=ProtectOptions(
            trial_seconds=int(params.get("trial_seconds", DEFAULT_TRIAL_SECONDS)),
            reboot_minutes=int(params.get("reboot_delay", DEFAULT_REBOOT_MINUTES)),
            allow_management_change=bool(params.get("allow_management_change", False)),
            force=bool(params.get("force", False)),
        ),
    )
    document = _push_result(push_device(job, store, options), want_diff)
    if stale is not None:
        document.setdefault("warnings", []).insert(
            0,
            f"site {job.site}: an earlier run ({stale.describe()}) ended without giving the "
            "site up (killed?)",
        )
    return document
