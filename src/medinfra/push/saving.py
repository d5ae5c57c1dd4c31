"""Saving a verified configuration: a save that drops or fails never undoes the change.

``save`` comes after the running configuration was verified (and, on a protected change,
confirmed), so a connection lost during the save or its confirmation dialog leaves the
running configuration where it is. A new session then reads the saved configuration: equal
to the running one, the save had completed before the link went; otherwise it saves again
and reads it back. When neither can be done the device is reported failed, with its state
exactly: running configuration at the model (verified), saved configuration unconfirmed
(the old one or the new one, never a mix: a device writes its file whole), and the next
``medinfra push`` saves it (it compares the saved configuration with the running one).
"""

from medinfra.push.credentials import CredentialStore
from medinfra.push.errors import VerificationError
from medinfra.push.failures import FAILURES, describe
from medinfra.push.job import DeviceJob
from medinfra.push.remediation import remediation
from medinfra.push.results import DeviceResult
from medinfra.push.session import Session


def save_verified(
    job: DeviceJob,
    store: CredentialStore,
    session: Session,
    result: DeviceResult,
) -> bool:
    """Save on ``session``; after a failure, finish from a new session. True when saved."""
    try:
        session.save()
    except FAILURES as error:
        session.abandon()
        first = describe(job, error)
    else:
        return True
    try:
        fresh = Session.open(job.endpoint, store.login(job.device.credentials), session.durations)
    except FAILURES as error:
        _unsaved(job, result, f"{first}; a new session: {describe(job, error)}")
        return False
    try:
        how = _finish(job, fresh)
    except FAILURES as error:
        fresh.abandon()
        _unsaved(job, result, f"{first}; from a new session: {describe(job, error)}")
        return False
    fresh.close()
    result.notes.append(f"{job.device.hostname}: the save was interrupted ({first}); {how}")
    return True


def _finish(job: DeviceJob, fresh: Session) -> str:
    """Read the saved configuration; save again when it is not the running one."""
    running = fresh.running()
    saved = fresh.saved()
    if saved is not None and _same(job, saved, running):
        return "a new session found the saved configuration equal to the running one"
    fresh.save()
    again = fresh.saved()
    if again is None:  # the device shows no saved configuration: its save answer is all
        return "saved again from a new session"
    if not _same(job, again, running):
        raise VerificationError(
            f"{job.device.hostname}: after a second save the saved configuration still "
            "differs from the running one"
        )
    return "saved again from a new session (verified)"


def _same(job: DeviceJob, saved: str, running: str) -> bool:
    return remediation(job.device.platform, saved, running).empty


def _unsaved(job: DeviceJob, result: DeviceResult, why: str) -> None:
    host = job.device.hostname
    result.failed = True
    result.error_type = result.error_type or "SaveError"
    result.error = (
        f"{host}: the running configuration is at the model (verified), but the save did not "
        f"complete: {why}; the saved configuration is the old one or the new one (see "
        "'display saved-configuration'), so a reboot may bring back the old one; the next "
        "'medinfra push' compares it with the running one and saves"
    )
