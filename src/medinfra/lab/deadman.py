"""Changes a device reverts by itself: VRPv8 ``commit trial``, VRP5 ``schedule reboot``,
and the ``cut-management`` fault that makes a device unreachable while a line is applied.

Timers run on the lab's event loop. ``MEDINFRA_LAB_TIME_SCALE`` (lab only, 0.001 to 1)
shortens every device timer so tests wait seconds rather than minutes: a trial of 60 s at
scale 0.05 reverts after 3 s.
"""

import asyncio
import os
from dataclasses import dataclass

from medinfra.lab.config_tree import Node
from medinfra.lab.device import DeviceState, LabError, load_config
from medinfra.lab.faults import CutManagement

TIME_SCALE_ENV = "MEDINFRA_LAB_TIME_SCALE"
"""Environment variable with the lab's time scale (1 = real time)."""

TRIAL_INFO = (
    "Info: The system enters the trial configuration mode. The system will revert to previous"
    " configuration if the trial configuration is not confirmed in {seconds} seconds."
)


def time_scale() -> float:
    """The lab's time scale: ``MEDINFRA_LAB_TIME_SCALE`` bounded to 0.001..1 (default 1)."""
    text = os.environ.get(TIME_SCALE_ENV, "").strip()
    if not text:
        return 1.0
    try:
        value = float(text)
    except ValueError:
        raise LabError(f"{TIME_SCALE_ENV}={text!r}: not a number") from None
    return min(1.0, max(0.001, value))


@dataclass
class Trial:
    """A VRPv8 trial commit waiting for its confirmation.

    ``owner`` is the session (console) that committed it. Without a ``persist`` id the trial
    belongs to that session: only it confirms (plain ``commit``) or aborts it, and it is
    rolled back when that session ends. With one it outlives the session, and any session
    confirms it with ``commit persist ID`` or aborts it with ``abort trial persist ID``.
    """

    previous: Node
    timer: asyncio.TimerHandle
    seconds: int
    owner: object = None
    persist: str | None = None


@dataclass
class Timers:
    """The pending self-reverting actions of one device."""

    trial: Trial | None = None
    reboot: asyncio.TimerHandle | None = None
    reboot_minutes: int = 0


def timers(device: DeviceState) -> Timers:
    """The device's timers (created on first use)."""
    found = device.extras.get("timers")
    if not isinstance(found, Timers):
        found = Timers()
        device.extras["timers"] = found
    return found


def management_cut(device: DeviceState, *, open_sessions: bool = False) -> bool:
    """Whether a ``cut-management`` fault matches a line of the running configuration (new
    sessions refused); with ``open_sessions``, one that also drops the open sessions."""
    cuts = [
        fault
        for fault in device.faults
        if isinstance(fault, CutManagement) and not (open_sessions and fault.keep_open)
    ]
    if not cuts:
        return False
    return any(cut.matches(node.line) for node in device.running.walk() for cut in cuts)


def enforce_management(device: DeviceState) -> None:
    """Drop every open session of a device whose management is cut."""
    if management_cut(device, open_sessions=True):
        device.drop_sessions()


def start_trial(
    device: DeviceState, previous: Node, seconds: int, owner: object, persist: str | None
) -> str:
    """Arm the revert timer of a trial commit (a running trial keeps its first baseline)."""
    state = timers(device)
    if state.trial is not None:
        state.trial.timer.cancel()
        previous = state.trial.previous
    loop = asyncio.get_running_loop()
    timer = loop.call_later(seconds * time_scale(), _expire_trial, device)
    state.trial = Trial(previous.clone(), timer, seconds, owner, persist)
    return TRIAL_INFO.format(seconds=seconds)


def trial_of(device: DeviceState) -> Trial | None:
    """The device's running trial, if any."""
    return timers(device).trial


def may_handle(trial: Trial, owner: object, persist: str | None) -> bool:
    """Whether a session may confirm or abort ``trial``: the owner of a trial without a
    persist id, or anyone naming a persistent trial's id."""
    if persist is not None:
        return trial.persist == persist
    return trial.owner is owner


def confirm_trial(device: DeviceState) -> None:
    """Confirm the running trial: its configuration stays."""
    state = timers(device)
    if state.trial is not None:
        state.trial.timer.cancel()
        state.trial = None


def abort_trial(device: DeviceState, user: str) -> None:
    """Roll the running trial back at once (a new commit point with the old configuration)."""
    state = timers(device)
    if state.trial is None:
        return
    trial, state.trial = state.trial, None
    trial.timer.cancel()
    device.commit(trial.previous, user)


def session_ended(device: DeviceState, owner: object) -> None:
    """A session ended: its trial without a persist id is rolled back now."""
    trial = timers(device).trial
    if trial is not None and trial.persist is None and trial.owner is owner:
        abort_trial(device, "system")


def _expire_trial(device: DeviceState) -> None:
    abort_trial(device, "system")


def schedule_reboot(device: DeviceState, minutes: int) -> None:
    """Reboot the device after ``minutes`` (scaled); replaces an earlier schedule."""
    cancel_reboot(device)
    state = timers(device)
    loop = asyncio.get_running_loop()
    state.reboot = loop.call_later(minutes * 60 * time_scale(), reboot, device)
    state.reboot_minutes = minutes


def cancel_reboot(device: DeviceState) -> bool:
    """Cancel a scheduled reboot; False when none was scheduled."""
    state = timers(device)
    if state.reboot is None:
        return False
    state.reboot.cancel()
    state.reboot = None
    return True


def reboot(device: DeviceState) -> None:
    """Reload the saved configuration (the starting one if never saved), drop every session."""
    state = timers(device)
    state.reboot = None
    if state.trial is not None:
        state.trial.timer.cancel()
        state.trial = None
    if device.startup:
        device.replace_running(load_config(device.info.platform, device.startup, device.hostname))
    else:
        device.replace_running(device.initial)
    device.reboots += 1
    device.drop_sessions()
