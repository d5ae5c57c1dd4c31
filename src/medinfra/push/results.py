"""Results of a push, in nornir's shape: one result per device, aggregated per run.

A :class:`DeviceResult` says whether the device changed, the diff (the remediation lines, with
secrets still as placeholders), whether it failed and why, whether it was rolled back and
whether that restore was verified, the VRPv8 commit id and how long each step took.
:class:`RunResult` maps hostnames to results; :meth:`RunResult.raise_on_error` raises when any
device failed, as nornir's ``AggregatedResult.raise_on_error`` does.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from medinfra.push.errors import PushError


class Outcome(StrEnum):
    """What happened to one device, in one word."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    WOULD_CHANGE = "would-change"
    FAILED = "failed"
    ROLLED_BACK = "rolled-back"
    REFUSED = "refused"
    NOT_STARTED = "not-started"


@dataclass
class DeviceResult:
    """What a push did to one device."""

    host: str
    site: str = ""
    platform: str = ""
    changed: bool = False
    diff: str = ""
    unmanaged: list[str] = field(default_factory=list)
    failed: bool = False
    error: str | None = None
    """What went wrong, in the user's words (secrets masked)."""
    error_type: str | None = None
    """The class of the exception behind ``error`` (``NetmikoTimeoutException``...), or None."""
    rolled_back: bool = False
    restore_verified: bool = False
    refused: bool = False
    check: bool = False
    commit_id: str | None = None
    rollback_commit_id: str | None = None
    durations: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the operator must know besides the outcome (an earlier run left the device
    unsettled, the saved configuration differed from the running one)."""
    not_started: bool = False
    """The run was interrupted before this device was changed."""
    run_id: str | None = None
    """The run's id: VRPv8 commits carry it in their label and description."""
    ended: str | None = None
    """How a protected change ended: ``confirmed``, ``reverted by trial``, ``restored by
    reboot`` (see :mod:`medinfra.push.protect`)."""

    @property
    def outcome(self) -> Outcome:
        """The result in one word (for tables and the audit log)."""
        if self.refused:
            return Outcome.REFUSED
        if self.not_started:
            return Outcome.NOT_STARTED
        if self.failed:
            return Outcome.ROLLED_BACK if self.rolled_back else Outcome.FAILED
        if self.changed:
            return Outcome.WOULD_CHANGE if self.check else Outcome.CHANGED
        return Outcome.UNCHANGED

    @property
    def total_seconds(self) -> float:
        """Wall time spent on the device."""
        return self.durations.get("total", sum(self.durations.values()))


class RunFailedError(PushError):
    """At least one device of a run failed."""

    def __init__(self, run: "RunResult") -> None:
        failed = run.failed_hosts
        detail = "; ".join(f"{host}: {result.error}" for host, result in failed.items())
        super().__init__(f"{len(failed)} device(s) failed: {detail}")
        self.run = run


@dataclass
class RunResult:
    """The results of one run, keyed by hostname (nornir's ``AggregatedResult``)."""

    name: str = "push"
    results: dict[str, DeviceResult] = field(default_factory=dict)
    seconds: float = 0.0

    def __getitem__(self, host: str) -> DeviceResult:
        return self.results[host]

    def __iter__(self) -> Iterator[str]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def add(self, result: DeviceResult) -> None:
        """Record one device's result."""
        self.results[result.host] = result

    @property
    def failed(self) -> bool:
        """True when any device failed."""
        return any(result.failed for result in self.results.values())

    @property
    def failed_hosts(self) -> dict[str, DeviceResult]:
        """The results of the devices that failed."""
        return {host: result for host, result in self.results.items() if result.failed}

    @property
    def changed_hosts(self) -> dict[str, DeviceResult]:
        """The results of the devices that changed (or would, in check mode)."""
        return {
            host: result
            for host, result in self.results.items()
            if result.changed and not result.failed
        }

    def raise_on_error(self) -> None:
        """Raise :class:`RunFailedError` when any device failed."""
        if self.failed:
            raise RunFailedError(self)


Reporter = Callable[[DeviceResult], None]
"""Called with each device's result as it comes in (the CLI's progress display)."""
