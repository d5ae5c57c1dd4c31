"""What one device's push is given (the job, the options) and what it has done so far.

Shared by the engine (:mod:`medinfra.push.engine`) and the steps it hands over to: the
restore (:mod:`medinfra.push.restore`), the save (:mod:`medinfra.push.saving`) and the
protected steps (:mod:`medinfra.push.deadman`).
"""

import threading
from dataclasses import dataclass, field
from ipaddress import IPv4Network
from pathlib import Path

from medinfra.model import Device
from medinfra.push.connection import Endpoint
from medinfra.push.guard import ScopeContext
from medinfra.push.limits import DEFAULT_MAX_REMOVALS
from medinfra.push.marks import CommitMarks, new_run_id
from medinfra.push.protect import Protection, ProtectOptions
from medinfra.push.session import Session


@dataclass(frozen=True)
class DeviceJob:
    """One device to push: the model's device, its site, its intended config, where it is."""

    site: str
    device: Device
    intended: str
    endpoint: Endpoint
    management_networks: tuple[IPv4Network, ...] = ()
    """Where the controller manages from (the topology's ``management.networks``)."""


@dataclass(frozen=True)
class PushOptions:
    """How to push."""

    check: bool = False
    save: bool = True
    audit_log: Path | None = None
    lock_dir: Path | None = None
    max_removals: int = DEFAULT_MAX_REMOVALS
    stop: threading.Event | None = None
    """Set when the run is interrupted: no device starts, none sends a first line after it."""
    protect: ProtectOptions = field(default_factory=ProtectOptions)
    """Trial commit (VRPv8) and dead-man reboot (VRP5) settings."""
    run_id: str = field(default_factory=new_run_id)
    """Names the run in each VRPv8 commit's label, persist id and description."""

    def __post_init__(self) -> None:
        CommitMarks(self.run_id)  # a usage error before any device is touched

    def stopping(self) -> bool:
        """True once the run was asked to stop."""
        return self.stop is not None and self.stop.is_set()


@dataclass
class Progress:
    """What the push has done so far, so a failure knows what to restore."""

    before: str = ""
    sent: bool = False
    base_commit: str | None = None
    commit_id: str | None = None
    durations: dict[str, float] = field(default_factory=dict)
    kind: Protection = Protection.NONE
    fresh: Session | None = None
    """The new session that proves management still reaches the device."""
    marks: CommitMarks = field(default_factory=lambda: CommitMarks("run"))
    """The run's label, persist id and descriptions for VRPv8 commits."""
    scope: ScopeContext = field(default_factory=ScopeContext)
    """The device's scope: a restore undoes only what the push could have written."""
    last_seen: str | None = None
    """The running config as a restore (or its second look) last read it: what is left to
    send by hand is computed from it (:mod:`medinfra.push.unreachable`)."""
