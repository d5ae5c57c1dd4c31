"""Restoring an unprotected device after a failed push, verified before anything is reported.

The restore undoes the push (:func:`undo`) and verifies the device is at
the configuration read before the change. When it cannot reach the device or fails on it, the
device is read once more: found at its old configuration it is reported restored (a restore
whose lines all arrived before the link went); a restore that lost its connection is tried
again. Only then is a restore reported failed, with what was last seen and how to finish by
hand (:mod:`medinfra.push.unreachable`).
"""

from pathlib import Path

from medinfra.push import journal, unreachable
from medinfra.push.credentials import Credentials, CredentialStore
from medinfra.push.failures import FAILURES, describe
from medinfra.push.job import DeviceJob, Progress
from medinfra.push.restore_scope import RestorePlan, restore_remediation
from medinfra.push.results import DeviceResult
from medinfra.push.session import Session
from medinfra.push.verify import verify_restored

RESTORE_ATTEMPTS = 3
"""Restores tried on a device that keeps dropping the connection (each after a look)."""


def restore(
    job: DeviceJob,
    store: CredentialStore,
    progress: Progress,
    result: DeviceResult,
    lock_dir: Path | None,
) -> None:
    """Bring the device back to ``progress.before`` and verify it; record the outcome.

    When the restore cannot reach the device or fails on it, the device is read once more:
    found at its old configuration it is reported restored (a restore whose lines all arrived
    before the link went); a restore that lost its connection is tried again, up to
    RESTORE_ATTEMPTS times. Otherwise the report says what was last seen and how to finish by
    hand (the journal entry stays for the next run).
    """
    login = store.login(job.device.credentials)
    host = job.device.hostname
    error: BaseException | None = None
    for attempt in range(1, RESTORE_ATTEMPTS + 1):
        error, dropped = _restore_once(job, login, progress, result)
        if error is not None and _back_already(job, login, progress):
            result.notes.append(
                f"{host}: the restore failed ({describe(job, error)}), but the device, read "
                "again, is at its old configuration (verified)"
            )
            error = None
        elif error is None and attempt > 1:
            result.notes.append(
                f"{host}: the restore lost its connection and was tried again; restored at "
                f"attempt {attempt} of {RESTORE_ATTEMPTS} (verified)"
            )
        if error is None or not dropped:
            break
    if error is not None:
        hand = unreachable.by_hand(
            job.device.platform,
            job.intended,
            progress.before,
            base_commit=progress.base_commit,
            commit_id=progress.commit_id,
            scope=progress.scope,
            last_seen=progress.last_seen,
            pushed=result.diff,
        )
        result.error = f"{result.error}; restore failed: {describe(job, error)}; {hand}"
        return
    result.rolled_back = result.restore_verified = True
    result.changed = False
    if lock_dir is not None:
        journal.settle(lock_dir, host)


def _restore_once(
    job: DeviceJob, login: Credentials, progress: Progress, result: DeviceResult
) -> tuple[BaseException | None, bool]:
    """One restore and its verification: the error (None: restored) and whether the
    connection was lost on the way (worth another try)."""
    try:
        session = Session.open(job.endpoint, login, progress.durations)
    except FAILURES as error:
        return error, False
    try:
        undo(job, session, progress, result)
        verify_restored(job, session, progress, "after the restore")
    except FAILURES as error:
        dropped = session.lost()
        session.abandon()
        return error, dropped
    session.close()
    return None, False


def _back_already(job: DeviceJob, login: Credentials, progress: Progress) -> bool:
    """Read the device once more: is it at its old configuration after all?"""
    try:
        session = Session.open(job.endpoint, login, progress.durations)
    except FAILURES:
        return False
    try:
        verify_restored(job, session, progress, "on a second look")
    except FAILURES:
        session.abandon()
        return False
    session.close()
    return True


def undo(job: DeviceJob, session: Session, progress: Progress, result: DeviceResult) -> None:
    """Roll a VRPv8 commit back, then apply whatever inverse remediation is still needed.

    The rollback alone restores the config of the last commit before the push; a change made
    on the device outside any commit would not be in it, so the running config is compared
    with the pre-change one afterwards and the remaining difference is undone line by line --
    over the push's scope (:mod:`medinfra.push.restore_scope`): lines the device added itself
    or that are not the model's stay, and are listed in a note.
    """
    committed = session.latest_commit() not in (None, progress.base_commit)
    if session.spec.two_stage_commit and committed:
        session.rollback_to(progress.base_commit)
        result.rollback_commit_id = session.latest_commit()
    running = progress.last_seen = session.running()
    plan = restore_remediation(
        job.device.platform, running, progress.before, job.intended, progress.scope
    )
    _note_left(job, plan, result)
    if not plan.empty:
        session.send(plan.remediation.commands, progress.marks.commit("restore"))


def _note_left(job: DeviceJob, plan: RestorePlan, result: DeviceResult) -> None:
    """Say which lines the restore leaves on the device (once per device)."""
    host = job.device.hostname
    if not plan.left or any(note.startswith(f"{host}: the restore left ") for note in result.notes):
        return
    lines = "; ".join(str(finding) for finding in plan.left)
    result.notes.append(f"{host}: the restore left lines the push did not write: {lines}")
