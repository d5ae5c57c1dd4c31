"""One open session to a device: the platform-specific steps the engine is built from.

Reading the running config, sending lines with the platform's error pattern, committing on
VRPv8 (and reading the commit id), rolling a VRPv8 commit back, saving.
"""

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from medinfra.model import Platform
from medinfra.push.connection import ERROR_PATTERNS, Endpoint, connect
from medinfra.push.credentials import Credentials
from medinfra.push.errors import PushError

_COMMIT_ID = re.compile(r"^\s*\d+\s+(\d{10})\b", re.MULTILINE)
READ_TIMEOUT = 60.0


def commit_ids(listing: str) -> list[str]:
    """The commit ids of ``display configuration commit list``, newest first.

    Examples:
        >>> commit_ids("No. CommitId   Label User TimeStamp\\n"
        ...            " 1  1000000002 -     ops  2026-01-01\\n 2  1000000001 -  ops  2025")
        ['1000000002', '1000000001']
    """
    return sorted(_COMMIT_ID.findall(listing), key=int, reverse=True)


@dataclass
class Session:
    """A netmiko session plus the step timings of the push that uses it."""

    endpoint: Endpoint
    connection: Any
    durations: dict[str, float] = field(default_factory=dict)

    @classmethod
    def open(cls, endpoint: Endpoint, login: Credentials, durations: dict[str, float]) -> "Session":
        """Connect (host key checked) and, on SmartAX, enter the privileged view."""
        start = time.monotonic()
        connection = connect(endpoint, login)
        session = cls(endpoint, connection, durations)
        if endpoint.platform is Platform.HUAWEI_SMARTAX:
            connection.enable()
        session.timed("connect", start)
        return session

    def timed(self, step: str, start: float) -> None:
        """Add the time since ``start`` to ``step``."""
        self.durations[step] = self.durations.get(step, 0.0) + time.monotonic() - start

    def running(self) -> str:
        """``display current-configuration``."""
        start = time.monotonic()
        text = str(
            self.connection.send_command("display current-configuration", read_timeout=READ_TIMEOUT)
        )
        self.timed("read", start)
        return text

    def send(self, commands: Sequence[str]) -> str:
        """Send config lines; a rejected line raises netmiko's ConfigInvalidException."""
        start = time.monotonic()
        output = str(
            self.connection.send_config_set(
                list(commands),
                error_pattern=ERROR_PATTERNS[self.endpoint.platform],
                read_timeout=READ_TIMEOUT,
            )
        )
        self.timed("push", start)
        return output

    def latest_commit(self) -> str | None:
        """The newest VRPv8 commit id (None when the device lists none)."""
        if self.endpoint.platform is not Platform.HUAWEI_VRPV8:
            return None
        listing = str(self.connection.send_command("display configuration commit list"))
        ids = commit_ids(listing)
        return ids[0] if ids else None

    def commit(self) -> str | None:
        """Commit the VRPv8 candidate; return the new commit id."""
        if self.endpoint.platform is not Platform.HUAWEI_VRPV8:
            return None
        start = time.monotonic()
        self.connection.commit()
        self.timed("commit", start)
        return self.latest_commit()

    def rollback_to(self, commit_id: str) -> None:
        """``rollback configuration to commit-id ID`` (VRPv8, user view), confirming it."""
        start = time.monotonic()
        output = str(
            self.connection.send_command(
                f"rollback configuration to commit-id {commit_id}",
                expect_string=r"\[Y/N\]|>",
                read_timeout=READ_TIMEOUT,
            )
        )
        if "[Y/N]" in output:
            output += str(
                self.connection.send_command(
                    "Y", expect_string=r">", read_timeout=READ_TIMEOUT, cmd_verify=False
                )
            )
        self.timed("restore", start)
        if "succeeded" not in output:
            raise PushError(f"{self.endpoint.hostname}: rollback to {commit_id} failed: {output}")

    def save(self) -> None:
        """Save the running config as the startup config."""
        start = time.monotonic()
        self.connection.save_config()
        self.timed("save", start)

    def close(self) -> None:
        """Log out politely (the device is in a clean state)."""
        try:
            self.connection.disconnect()
        except (OSError, EOFError, ValueError, RuntimeError):
            return

    def abandon(self) -> None:
        """Drop the SSH transport without logging out (after a failure, mid-change).

        A VRPv8 candidate that was never committed dies with the session.
        """
        try:
            self.connection.paramiko_cleanup()
        except (OSError, EOFError, ValueError, RuntimeError):
            return
