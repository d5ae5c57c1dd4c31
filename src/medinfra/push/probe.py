"""Read-only looks at a device: is it the one the model names, does it hold the intended config.

Used by the Ansible roles' pre-checks (identity) and post-checks (verify); they never enter
configuration mode.
"""

import time
from dataclasses import dataclass, field

from medinfra.push.credentials import CredentialStore
from medinfra.push.engine import FAILURES, DeviceJob, scope_context
from medinfra.push.errors import PushError
from medinfra.push.guard import safe_remediation
from medinfra.push.identity import confirm_identity, sysname_of
from medinfra.push.session import Session


@dataclass
class ProbeResult:
    """What a look at a device found."""

    host: str
    sysname: str | None = None
    diff: str = ""
    failed: bool = False
    error: str | None = None
    """What went wrong, in the user's words (secrets masked)."""
    error_type: str | None = None
    """The class of the exception behind ``error``."""
    durations: dict[str, float] = field(default_factory=dict)


def probe_device(job: DeviceJob, store: CredentialStore, *, verify: bool) -> ProbeResult:
    """Confirm identity; with ``verify`` also require an empty remediation."""
    result = ProbeResult(job.device.hostname)
    start = time.monotonic()
    try:
        session = Session.open(job.endpoint, store.login(job.device.credentials), result.durations)
    except FAILURES as error:
        result.failed, result.error = True, str(error)
        result.error_type = type(error).__name__
        return result
    try:
        running = session.running()
        result.sysname = sysname_of(running)
        confirm_identity(job.device, session.connection, running, job.endpoint.key_name)
        if verify:
            login = store.login(job.device.credentials).username
            scope = scope_context(job.device, login)
            plan = safe_remediation(job.device.platform, running, job.intended, scope)
            result.diff = plan.remediation.diff
            if result.diff:
                raise PushError(
                    f"{job.device.hostname}: the running config does not hold the intended "
                    f"lines; missing or surplus:\n{result.diff}"
                )
    except FAILURES as error:
        result.failed, result.error = True, str(error)
        result.error_type = type(error).__name__
    finally:
        session.close()
    result.durations["total"] = time.monotonic() - start
    result.error = store.masker().optional(result.error)
    return result
