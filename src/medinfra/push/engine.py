"""The push engine: one device ends at its old configuration or its new one, never half.

For each device: connect (host key checked), confirm identity, read the running config,
compute the remediation; stop there in check mode or when there is nothing to do (no config
mode is entered then); otherwise push the lines with the platform's error pattern, commit on
VRPv8 (recording the commit id), read the running config again and require an empty
remediation, then save.

On any failure after the first line was sent (rejected line, timeout, lost connection,
verification mismatch, failed save) the engine reconnects and restores the pre-change state:
on VRPv8 ``rollback configuration to commit-id`` (the last commit before the push) when the
push had been committed, otherwise the inverse remediation (the lines that take the device's
current running config back to the one read before the change). The restore is verified the
same way: the remediation from the device back to its pre-change config must be empty.

Protected devices (:mod:`medinfra.push.protect`) instead commit on trial (VRPv8) or arm a
dead-man reboot (VRP5), confirm from a new session and recover in
:mod:`medinfra.push.deadman` when management was lost.
"""

import time
from pathlib import Path

from medinfra.model import Device, Platform
from medinfra.platforms import management_interface
from medinfra.push import audit, journal, restore, saving
from medinfra.push.connection import controller_address
from medinfra.push.credentials import CredentialStore
from medinfra.push.deadman import arm_reboot, confirm_from_new_session, recover
from medinfra.push.errors import IdentityError, PushError, RefusedError
from medinfra.push.failures import FAILURES, describe
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.identity import confirm_identity
from medinfra.push.job import DeviceJob, Progress, PushOptions
from medinfra.push.locks import device_lock
from medinfra.push.marks import CommitMarks
from medinfra.push.mgmt_gate import refuse_management_break
from medinfra.push.protect import Protection, protection, reboot_refusal
from medinfra.push.remediation import same_config
from medinfra.push.results import DeviceResult
from medinfra.push.session import Session
from medinfra.push.verify import verify_scoped

__all__ = ["FAILURES", "DeviceJob", "PushOptions", "push_device", "scope_context"]
"""The engine's API; the job, the options and the failures live in their own modules."""


def push_device(job: DeviceJob, store: CredentialStore, options: PushOptions) -> DeviceResult:
    """Push one device and return its result; never raises for a device's own failure."""
    start = time.monotonic()
    result = DeviceResult(
        job.device.hostname, job.site, job.device.platform.value, check=options.check
    )
    result.run_id = options.run_id
    login: str | None = None
    if options.stopping():
        result.not_started, result.error = True, f"{job.device.hostname}: {NOT_STARTED}"
        return result
    try:
        credentials = store.login(job.device.credentials)
        login = credentials.username
        store.resolve(job.intended)  # every secret present and safe before connecting
        if options.lock_dir is None:
            _push(job, store, options, result)
        else:
            with device_lock(options.lock_dir, job.device.hostname):
                _push(job, store, options, result)
    except PushError as error:
        result.failed, result.error = True, str(error)
        result.error_type = result.error_type or type(error).__name__
    result.durations["total"] = time.monotonic() - start
    mask = store.masker()
    result.error, result.diff = mask.optional(result.error), mask.text(result.diff)
    result.unmanaged = [mask.text(line) for line in result.unmanaged]
    audit.record(options.audit_log, result, login)
    return result


def _push(
    job: DeviceJob, store: CredentialStore, options: PushOptions, result: DeviceResult
) -> None:
    progress = Progress(durations=result.durations, marks=CommitMarks(options.run_id))
    login = store.login(job.device.credentials)
    try:
        session = Session.open(job.endpoint, login, progress.durations)
    except FAILURES as error:
        result.error_type = type(error).__name__
        result.refused = isinstance(error, RefusedError)  # a login question: nothing sent
        raise PushError(describe(job, error)) from None
    try:
        _change(
            job,
            options,
            session,
            progress=progress,
            result=result,
            store=store,
            login=login.username,
        )
    except Exception as error:  # noqa: BLE001 - whatever failed once lines were sent, restore
        trial_sent = progress.kind is Protection.TRIAL and session.trial_sent
        if not (progress.sent and trial_sent):
            session.abandon()  # a trial's own session stays: it may still 'abort trial'
        result.error_type = type(error).__name__
        if isinstance(error, _StoppedError):
            result.not_started, result.error = True, str(error)
            return
        if not progress.sent:
            result.refused = isinstance(error, IdentityError | RefusedError)
            raise PushError(describe(job, error)) from None
        result.failed, result.error = True, describe(job, error)
        trial_unsent = progress.kind is Protection.TRIAL and not session.trial_sent
        if progress.kind is Protection.NONE or trial_unsent:
            restore.restore(job, store, progress, result, options.lock_dir)
        else:
            recover(job, store, session, progress=progress, result=result, options=options)
        return
    session.close()


def _change(
    job: DeviceJob,
    options: PushOptions,
    session: Session,
    *,
    progress: Progress,
    result: DeviceResult,
    store: CredentialStore,
    login: str,
) -> None:
    progress.before = session.running()
    where = job.endpoint.key_name
    confirm_identity(job.device, session.connection, progress.before, where)
    scope = progress.scope = scope_context(job.device, login)
    plan = safe_remediation(job.device.platform, progress.before, job.intended, scope)
    result.diff = plan.remediation.diff
    result.unmanaged = [str(finding) for finding in (*plan.unmanaged, *plan.kept)]
    if options.lock_dir is not None:
        _report_unsettled(job, options.lock_dir, progress.before, plan.remediation.empty, result)
    refusal = plan.refusal(options.max_removals)
    if refusal is not None:
        raise RefusedError(f"{job.device.hostname}: refused, nothing sent: {refusal}")
    if not plan.empty:
        diff = plan.remediation.diff
        networks = job.management_networks
        refuse_management_break(
            job.device,
            networks,
            login,
            progress.before,
            diff,
            options.protect,
            result,
            controller_address(session.connection),
        )
    if plan.empty:
        _repair_saved(job, store, session, options, result, running=progress.before)
        return
    result.changed = True
    if options.check:
        return
    if options.stopping():
        raise _StoppedError(f"{job.device.hostname}: {NOT_STARTED} (before its first line)")
    commands = [store.resolve(line) for line in plan.remediation.commands]
    progress.base_commit = session.latest_commit()
    if options.lock_dir is not None:
        journal.begin(options.lock_dir, job.device.hostname, progress.before, job.intended)
    progress.kind = protection(job.device, options.protect)
    _note_reboot_refusal(job, options, result)
    if progress.kind is Protection.REBOOT:
        arm_reboot(job, session, options, result)
    progress.sent = True
    trial = options.protect.trial_seconds if progress.kind is Protection.TRIAL else None
    session.send(commands, progress.marks.commit("push", trial))
    progress.commit_id = result.commit_id = session.commit()
    if progress.kind is Protection.NONE:
        verify_scoped(job, session, scope)
        if options.save:
            saving.save_verified(job, store, session, result)
    else:
        confirm_from_new_session(job, store, options, progress=progress, scope=scope, result=result)
        session.close()
    if options.lock_dir is not None:
        journal.settle(options.lock_dir, job.device.hostname)


NOT_STARTED = "not changed: the run was interrupted before this device started"


class _StoppedError(PushError):
    """The run was interrupted before this device sent its first line."""


def _report_unsettled(
    job: DeviceJob, lock_dir: Path, running: str, at_model: bool, result: DeviceResult
) -> None:
    """Report what an earlier, unfinished push of this device left (kill -9, lost restore)."""
    entry = journal.unsettled(lock_dir, job.device.hostname)
    if entry is None:
        return
    at_before = journal.digest(running) == entry.before
    result.notes.append(
        journal.describe(entry, job.device.hostname, at_before=at_before, at_model=at_model)
    )
    if at_model or at_before:
        journal.settle(lock_dir, job.device.hostname)


def _repair_saved(
    job: DeviceJob,
    store: CredentialStore,
    session: Session,
    options: PushOptions,
    result: DeviceResult,
    *,
    running: str,
) -> None:
    """Save when the saved configuration differs from ``running``, the running one this push
    read and left unchanged (an interrupted save, or a change never saved)."""
    saved = session.saved()
    if saved is None or same_config(job.device.platform, saved, running):
        return
    host = job.device.hostname
    if options.check:
        result.notes.append(f"{host}: the saved configuration differs from the running one")
        return
    if not options.save:
        result.notes.append(
            f"{host}: the saved configuration differs from the running one (not saved: --no-save)"
        )
        return
    result.changed = True
    if not saving.save_verified(job, store, session, result):
        return
    result.notes.append(
        f"{host}: saved - the saved configuration differed from the running one "
        "(an earlier save was interrupted, or a change was never saved)"
    )


def _note_reboot_refusal(job: DeviceJob, options: PushOptions, result: DeviceResult) -> None:
    reason = reboot_refusal(job.device)
    if job.device.platform is Platform.HUAWEI_VRP and reason and options.protect.reboot_minutes:
        result.notes.append(
            f"{job.device.hostname}: no dead-man reboot (the model says: {reason}); "
            "a push that cuts management cannot be undone remotely"
        )


def scope_context(device: Device, login: str) -> ScopeContext:
    """What the device's scope depends on: the model's mode, management port and gateway,
    and the account the push logs in with."""
    management = device.management
    interface = management_interface(device)
    gateway = str(management.gateway.ip) if management.gateway is not None else None
    return ScopeContext(device.managed, interface, gateway or ScopeContext().mgmt_gateway, login)
