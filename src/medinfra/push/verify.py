"""Reading the running config back and requiring it to be what it should be."""

import time

from medinfra.push.errors import VerificationError
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.job import DeviceJob
from medinfra.push.remediation import remediation
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


def verify(
    job: DeviceJob, session: Session, expected: str, when: str, *, restore: bool = False
) -> None:
    """The running config must equal ``expected`` (with ``restore``: as a restore compares)."""
    start = time.monotonic()
    left = remediation(job.device.platform, session.running(), expected, restore=restore)
    session.timed("verify", start)
    if not left.empty:
        raise VerificationError(
            f"{job.device.hostname}: {when} the running config still differs from the "
            f"expected one:\n{left.diff}"
        )
