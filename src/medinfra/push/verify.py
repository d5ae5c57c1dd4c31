"""Reading the running config back and requiring it to be what it should be."""

import time

from medinfra.push.errors import VerificationError
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.job import DeviceJob, Progress
from medinfra.push.restore_scope import restore_remediation
from medinfra.push.session import Session


def verify_scoped(job: DeviceJob, session: Session, scope: ScopeContext) -> None:
    """After a push: the model's lines (its scope) must all be on the device."""
    start = time.monotonic()
    left = safe_remediation(job.device.platform, session.running(), job.intended, scope)
    session.timed("verify", start)
    if not left.empty:
        raise VerificationError(
            f"{job.device.hostname}: after the push the running config still differs from the "
            f"intended one:\n{left.remediation.diff}"
        )


def verify_restored(job: DeviceJob, session: Session, progress: Progress, when: str) -> None:
    """After a restore: the device is at the config read before the push, over the push's scope
    (lines the device added itself, or that are not the model's, are not the push's to undo)."""
    start = time.monotonic()
    running = progress.last_seen = session.running()
    left = restore_remediation(
        job.device.platform, running, progress.before, job.intended, progress.scope
    )
    session.timed("verify", start)
    if not left.empty:
        raise VerificationError(
            f"{job.device.hostname}: {when} the running config still differs from the "
            f"expected one:\n{left.remediation.diff}"
        )
