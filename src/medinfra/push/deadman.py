"""The protected steps of a push (see :mod:`medinfra.push.protect`): arm the dead-man reboot,
confirm from a new session, and recover when management was lost."""

from medinfra.push import journal, saving
from medinfra.push.credentials import CredentialStore
from medinfra.push.errors import PushError
from medinfra.push.failures import FAILURES, describe
from medinfra.push.guard import ScopeContext
from medinfra.push.job import DeviceJob, Progress, PushOptions
from medinfra.push.protect import (
    BOOT_SECONDS,
    Ended,
    Protection,
    wait_for_session,
)
from medinfra.push.remediation import remediation
from medinfra.push.restore import undo
from medinfra.push.restore_scope import restore_remediation
from medinfra.push.results import DeviceResult
from medinfra.push.session import Session
from medinfra.push.verify import verify_restored, verify_scoped


class ManagementLostError(PushError):
    """A new session could not log in after the change: management no longer reaches it."""


def arm_reboot(
    job: DeviceJob, session: Session, options: PushOptions, result: DeviceResult
) -> None:
    """Make the saved config the one to return to, then ``schedule reboot delay M``."""
    saved = session.saved()
    running = session.running()
    if saved is not None and not remediation(job.device.platform, saved, running).empty:
        session.save()
        if saved.strip():  # never saved: nothing of the operator's is overwritten, no note
            result.notes.append(
                f"{job.device.hostname}: saved the running config first, so that the dead-man "
                "reboot returns to it (the saved configuration differed)"
            )
    session.schedule_reboot(options.protect.reboot_minutes)


def confirm_from_new_session(
    job: DeviceJob,
    store: CredentialStore,
    options: PushOptions,
    *,
    progress: Progress,
    scope: ScopeContext,
    result: DeviceResult,
) -> None:
    """Log in again, verify there, and confirm: ``commit`` (trial) or ``undo schedule reboot``."""
    try:
        fresh = Session.open(job.endpoint, store.login(job.device.credentials), progress.durations)
    except FAILURES as error:
        raise ManagementLostError(
            f"{job.device.hostname}: after the change a new SSH session could not log in "
            f"(management lost?): {describe(job, error)}"
        ) from None
    progress.fresh = fresh
    verify_scoped(job, fresh, scope)
    if progress.kind is Protection.TRIAL:
        fresh.confirm_trial(progress.marks.persist)
    else:
        fresh.cancel_reboot()
    result.ended = Ended.CONFIRMED.value
    if options.save:  # confirmed: a failed save is reported, never undoes the change
        saving.save_verified(job, store, fresh, result)
    fresh.close()
    progress.fresh = None


def _abort_trial(progress: Progress, session: Session) -> bool:
    """``abort trial`` from whichever session still answers."""
    for candidate in (progress.fresh, session):
        if candidate is None:
            continue
        try:
            candidate.abort_trial(progress.marks.persist)
        except FAILURES:
            continue
        return True
    return False


def recover(
    job: DeviceJob,
    store: CredentialStore,
    session: Session,
    *,
    progress: Progress,
    result: DeviceResult,
    options: PushOptions,
) -> None:
    """Bring a protected change back: abort or wait for the trial / the reboot, reconnect,
    verify the old configuration; record how the device ended."""
    host = job.device.hostname
    if progress.kind is Protection.TRIAL:
        how = "abort trial" if _abort_trial(progress, session) else "the trial timer"
        wait = options.protect.trial_seconds + 60.0
    else:
        how = "the scheduled reboot"
        wait = options.protect.reboot_minutes * 60.0 + BOOT_SECONDS
    for open_session in (progress.fresh, session):
        if open_session is not None:
            open_session.abandon()
    login = store.login(job.device.credentials)
    attempts: list[int] = []

    def opener() -> Session:
        attempts.append(1)
        return Session.open(job.endpoint, login, progress.durations)

    try:
        back = wait_for_session(opener, wait, FAILURES)
    except FAILURES as error:
        result.error = (
            f"{result.error}; the device did not answer within {wait:g} s: {describe(job, error)}"
        )
        return
    try:
        how = _settle(job, back, progress, result, waited=len(attempts) > 1, how=how)
    except FAILURES as error:
        back.abandon()
        result.error = f"{result.error}; restore failed: {describe(job, error)}"
        return
    back.close()
    result.rolled_back = result.restore_verified = True
    result.changed = False
    result.notes.append(f"{host}: {result.ended} ({how}); the old configuration is verified")
    if options.lock_dir is not None:
        journal.settle(options.lock_dir, host)  # settled: the next run has nothing to report


def _settle(
    job: DeviceJob,
    back: Session,
    progress: Progress,
    result: DeviceResult,
    *,
    waited: bool,
    how: str,
) -> str:
    """On the session after the revert: verify (undoing line by line what is left); returns
    how the device got back."""
    left = restore_remediation(
        job.device.platform, back.running(), progress.before, job.intended, progress.scope
    ).remediation
    if progress.kind is Protection.TRIAL:
        if not left.empty:
            undo(job, back, progress, result)
        result.ended = Ended.REVERTED_BY_TRIAL.value
    else:
        rebooted = waited and left.empty
        if not left.empty:
            back.send(left.commands)
        back.cancel_reboot()
        result.ended = (Ended.RESTORED_BY_REBOOT if rebooted else Ended.RESTORED_LINE_BY_LINE).value
        if not rebooted:
            how = "the device still answered: undone line by line, the scheduled reboot cancelled"
    verify_restored(job, back, progress, "after the restore")
    return how
