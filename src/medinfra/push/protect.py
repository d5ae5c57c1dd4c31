"""Changes that cannot lock the operator out: a VRPv8 trial commit, a VRP5 dead-man reboot.

VRPv8 commits with ``commit trial N ... persist ID`` (:mod:`medinfra.push.marks`): the device
reverts by itself unless confirmed, and the persist id lets another session confirm it. VRP5
applies lines at once, so before the first line the device is told ``schedule reboot delay
M``; the change is not saved, and a reboot returns it to its saved configuration. Either way
medinfra then opens a **new** SSH session (proof that management still reaches the device),
verifies the running config there and only then confirms (``commit persist ID``; ``undo
schedule reboot`` and ``save``). When the new session cannot log in or verification fails it
sends ``abort trial persist ID`` if a session still answers, else waits for the device to
revert or reboot, reconnects and verifies that the old configuration is back.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from medinfra.errors import UsageError
from medinfra.model import Device, Platform
from medinfra.platforms.vrpv8_commit import TRIAL_SECONDS
from medinfra.push.session import Session

DEFAULT_TRIAL_SECONDS = 300
"""``commit trial`` time: a WAN login, a config read and a verification fit well inside."""
DEFAULT_REBOOT_MINUTES = 10
"""``schedule reboot delay``: the reboot a lost VRP5 device waits for."""
BOOT_SECONDS = 600
"""How long a rebooting device may take to answer SSH again."""
RETRY_SECONDS = 1.0


class Protection(StrEnum):
    """How a device protects a change from locking its operator out."""

    TRIAL = "trial"
    REBOOT = "reboot"
    NONE = "none"


class Ended(StrEnum):
    """How a protected change ended."""

    CONFIRMED = "confirmed"
    REVERTED_BY_TRIAL = "reverted by trial"
    RESTORED_BY_REBOOT = "restored by reboot"
    RESTORED_LINE_BY_LINE = "restored line by line"
    """VRP5: the new session logged in but verification failed; undone, reboot cancelled."""
    REFUSED_MANAGEMENT = "refused: management path"


@dataclass(frozen=True)
class ProtectOptions:
    """Trial time, reboot delay; 0 turns the protection off. A change that breaks the
    management path (:mod:`medinfra.push.mgmt_gate`) goes only with ``allow_management_change``
    under protection, or with ``force``."""

    trial_seconds: int = DEFAULT_TRIAL_SECONDS
    reboot_minutes: int = DEFAULT_REBOOT_MINUTES
    allow_management_change: bool = False
    force: bool = False

    def __post_init__(self) -> None:
        if self.trial_seconds != 0 and self.trial_seconds not in TRIAL_SECONDS:
            raise UsageError(
                f"trial seconds {self.trial_seconds}: VRPv8 takes {TRIAL_SECONDS.start} to "
                f"{TRIAL_SECONDS.stop - 1} (0: no trial)"
            )
        if not 0 <= self.reboot_minutes <= 720:
            raise UsageError(f"reboot delay {self.reboot_minutes}: 1 to 720 minutes (0: off)")


def protection(device: Device, options: ProtectOptions) -> Protection:
    """The protection a device gets: trial on VRPv8, reboot on VRP5 (unless the model says
    the device must not be rebooted), none on SmartAX."""
    if device.platform is Platform.HUAWEI_VRPV8 and options.trial_seconds > 0:
        return Protection.TRIAL
    vrp5 = device.platform is Platform.HUAWEI_VRP
    if vrp5 and options.reboot_minutes > 0 and reboot_refusal(device) is None:
        return Protection.REBOOT
    return Protection.NONE


def reboot_refusal(device: Device) -> str | None:
    """Why the model forbids a dead-man reboot of this device (None: allowed)."""
    return device.no_reboot or None


def wait_for_session(
    opener: Callable[[], Session], seconds: float, failures: tuple[type[BaseException], ...]
) -> Session:
    """Log in again and again until a session opens or ``seconds`` pass (the last error)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return opener()
        except failures:
            if time.monotonic() >= deadline:
                raise
            time.sleep(RETRY_SECONDS)
