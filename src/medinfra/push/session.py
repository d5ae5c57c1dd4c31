"""One open session to a device: the platform-specific steps the engine is built from.

Reading the running config, sending lines with the platform's error pattern, committing on
VRPv8 (and reading the commit id), rolling a VRPv8 commit back, saving.
"""

import contextlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from netmiko.exceptions import ConfigInvalidException, ReadTimeout

from medinfra.model import Platform
from medinfra.platforms import PlatformSpec, platform_for
from medinfra.push.candidate import CandidateWriter
from medinfra.push.connection import Endpoint, connect
from medinfra.push.credentials import Credentials
from medinfra.push.errors import PushError
from medinfra.push.messages import device_words, rejected_line
from medinfra.push.paging import read_display

SAVED_CONFIG_COMMAND: dict[Platform, str] = {
    Platform.HUAWEI_VRP: "display saved-configuration",
    Platform.HUAWEI_VRPV8: "display saved-configuration",
    Platform.HUAWEI_SMARTAX: "display saved-configuration",
}
"""How each platform shows its saved configuration (compared with the running one): the
AR, NE40E and MA5800 command references all name ``display saved-configuration`` (on the
MA5800 in the privileged and config modes, in the ``display current-configuration`` layout)."""

QUESTION = r"\[Y/N\]|\[Y\(yes\)/N\(no\)(?:/C\(cancel\))?\]|\(y/n\)\[[yn]\]"
"""A device waiting for a confirmation: VRP ``Continue? [Y/N]:``, VRPv8
``[Y(yes)/N(no)/C(cancel)]:``, SmartAX ``(y/n)[n]:``."""

QUESTION_LINES = rf"(?:^(?:Warning|Info|Notice):[^\n]*\n)*^[^\n]*(?:{QUESTION})[^\n]*$"
"""The question and the ``Warning:`` lines printed before it (a multi-line line match)."""

LINES_PER_CALL = 32
"""Config lines per ``send_config_set`` call (see :meth:`Session._send_lines`)."""

_COMMIT_ID = re.compile(r"^\s*\d+\s+(\d{10})\b", re.MULTILINE)


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
    trial_sent: bool = False
    """``commit trial`` was written to the device (a trial may be running)."""

    @property
    def spec(self) -> PlatformSpec:
        """The device's platform."""
        return platform_for(self.endpoint.platform)

    @classmethod
    def open(cls, endpoint: Endpoint, login: Credentials, durations: dict[str, float]) -> "Session":
        """Connect (host key checked) and enter the privileged view where the platform has one."""
        start = time.monotonic()
        connection = connect(endpoint, login)
        session = cls(endpoint, connection, durations)
        if session.spec.enable_after_login:
            connection.enable()
        session.timed("connect", start)
        return session

    def timed(self, step: str, start: float) -> None:
        """Add the time since ``start`` to ``step``."""
        self.durations[step] = self.durations.get(step, 0.0) + time.monotonic() - start

    def running(self) -> str:
        """``display current-configuration``."""
        start = time.monotonic()
        text = self.display("display current-configuration")
        self.timed("read", start)
        return text

    def display(self, command: str) -> str:
        """A display's whole output, also from a device that pages it (``---- More ----``)."""
        return read_display(self.connection, command, 3 * self.endpoint.timeout)

    def _expect(self, command: str, pattern: str) -> str:
        return str(
            self.connection.send_command(
                command,
                expect_string=pattern,
                read_timeout=self.endpoint.timeout,
                strip_prompt=False,
            )
        )

    def send(self, commands: Sequence[str], commit: str = "commit") -> str:
        """Enter config mode, send the lines, commit (two-stage platforms: the ``commit`` line,
        e.g. ``commit trial 300 label L persist P description D``), leave config mode.

        A rejected line raises PushError and leaves the session in config mode (the engine
        then drops it: an uncommitted VRPv8 candidate dies with it, after it was cleared).
        Config mode is entered and left with explicit prompt patterns rather than netmiko's
        ``check_config_mode``, which waits two seconds of silence on each call.
        """
        start = time.monotonic()
        spec = self.spec
        mode = spec.config_mode
        output = self._expect(mode.enter, mode.prompt)
        output += self._send_lines(list(commands))
        self.timed("push", start)
        if spec.two_stage_commit:
            start = time.monotonic()
            self.trial_sent = self.trial_sent or commit.startswith("commit trial")
            committed = self._expect(commit, mode.prompt)
            self.timed("commit", start)
            if re.search(spec.error_pattern, committed) or (
                "Failed to generate committed config" in committed
            ):
                raise PushError(
                    f"{self.endpoint.hostname}: the device refused the commit: "
                    f"{device_words(committed)}"
                )
            output += committed
        output += self._expect(mode.leave, mode.leave_prompt)
        return output

    def _send_lines(self, commands: list[str]) -> str:
        """Two-stage platforms: the lines written into the candidate in large writes, every
        answer checked (:mod:`medinfra.push.candidate`). Elsewhere every line applies at once,
        so a line after a refused one must never be sent: netmiko's ``send_config_set`` (each
        line's answer checked before the next line is sent), :data:`LINES_PER_CALL` lines per
        call: netmiko matches the error pattern against everything the call has read so far
        after every line, which is quadratic in the lines of one call (minutes of controller
        CPU for a 5,000-line edge in one call)."""
        if self.spec.two_stage_commit:
            writer = CandidateWriter(
                self.connection,
                self.endpoint.hostname,
                self.spec.error_pattern,
                QUESTION,
                self.endpoint.timeout,
            )
            return writer.write(commands)
        output = ""
        for first in range(0, len(commands), LINES_PER_CALL):
            try:
                output += str(
                    self.connection.send_config_set(
                        commands[first : first + LINES_PER_CALL],
                        enter_config_mode=False,
                        exit_config_mode=False,
                        error_pattern=f"{self.spec.error_pattern}|{QUESTION_LINES}",
                        terminator=rf"(?:#|{QUESTION})",
                        read_timeout=self.endpoint.timeout,
                    )
                )
            except ConfigInvalidException as error:
                raise self._refused(str(error)) from None
        return output

    def _refused(self, netmiko_message: str) -> PushError:
        """A refused line in words; a question is answered no first (nothing unasked for is
        confirmed: the line is not carried out) and named with the line that raised it."""
        said = netmiko_message.partition("matched error: ")[2]
        if not re.search(QUESTION, said):
            return PushError(rejected_line(self.endpoint.hostname, netmiko_message))
        answer = "n" if "(y/n)" in said else "N"
        with contextlib.suppress(ReadTimeout, OSError, EOFError):
            self.connection.write_channel(answer + self.connection.RETURN)
            self.connection.read_until_pattern(
                pattern=self.spec.config_mode.prompt, read_timeout=self.endpoint.timeout
            )
        line = netmiko_message.partition("command: ")[2].partition(", matched error: ")[0]
        question = " ".join(part.strip() for part in said.splitlines() if part.strip())
        return PushError(
            f"{self.endpoint.hostname}: the device asked for a confirmation ({question}); "
            f"medinfra answered no and stopped (it confirms no question it does not expect): "
            f"{line.strip()}"
        )

    def confirm_trial(self, persist: str) -> None:
        """Confirm a running VRPv8 trial from this session: ``commit persist ID`` (a trial
        without a persist id can be confirmed only by the session that committed it)."""
        mode = self.spec.config_mode
        start = time.monotonic()
        self._expect(mode.enter, mode.prompt)
        output = self._expect(f"commit persist {persist}", mode.prompt)
        self._expect(mode.leave, mode.leave_prompt)
        self.timed("confirm", start)
        if re.search(self.spec.error_pattern, output):
            raise PushError(
                f"{self.endpoint.hostname}: the device refused to confirm the trial: "
                f"{device_words(output)}"
            )

    def abort_trial(self, persist: str) -> None:
        """``abort trial persist ID`` in the system view, answering its ``Continue? [Y/N]``:
        the trial's configuration is rolled back at once."""
        mode = self.spec.config_mode
        start = time.monotonic()
        self._expect(mode.enter, mode.prompt)
        output = self._expect(f"abort trial persist {persist}", rf"\[Y/N\]|{mode.prompt}")
        if "[Y/N]" in output:
            output += str(
                self.connection.send_command(
                    "y",
                    expect_string=mode.prompt,
                    read_timeout=3 * self.endpoint.timeout,
                    cmd_verify=False,
                )
            )
        self._expect(mode.leave, mode.leave_prompt)
        self.timed("restore", start)
        if "succeeded" not in output:
            raise PushError(
                f"{self.endpoint.hostname}: 'abort trial persist {persist}' failed: "
                f"{device_words(output)}"
            )

    def schedule_reboot(self, minutes: int) -> None:
        """VRP5 ``schedule reboot delay MM`` in the user view, answering ``Confirm? [Y/N]``."""
        start = time.monotonic()
        output = self._expect(f"schedule reboot delay {minutes}", r"\[Y/N\]|>")
        if "[Y/N]" in output:
            output += str(
                self.connection.send_command(
                    "y", expect_string=r">", read_timeout=self.endpoint.timeout, cmd_verify=False
                )
            )
        self.timed("schedule-reboot", start)
        if re.search(self.spec.error_pattern, output):
            raise PushError(
                f"{self.endpoint.hostname}: the device refused to schedule a reboot: "
                f"{device_words(output)}"
            )

    def cancel_reboot(self) -> None:
        """``undo schedule reboot``."""
        output = self._expect("undo schedule reboot", r">")
        if re.search(self.spec.error_pattern, output):
            raise PushError(
                f"{self.endpoint.hostname}: the device refused 'undo schedule reboot': "
                f"{device_words(output)}"
            )

    def latest_commit(self) -> str | None:
        """The newest commit id of a two-stage-commit platform (None when there is none)."""
        if not self.spec.two_stage_commit:
            return None
        listing = self.display("display configuration commit list")
        ids = commit_ids(listing)
        return ids[0] if ids else None

    def commit(self) -> str | None:
        """The commit id of the last :meth:`send` on VRPv8 (None elsewhere)."""
        return self.latest_commit()

    def rollback_to(self, commit_id: str | None) -> None:
        """Roll VRPv8 back to the config commit ``commit_id`` produced (user view, confirmed).

        Without a commit id (the device had no commit before the push) the last commit is
        undone with ``rollback configuration last 1``.
        """
        start = time.monotonic()
        command = (
            f"rollback configuration to commit-id {commit_id}"
            if commit_id
            else "rollback configuration last 1"
        )
        output = str(
            self.connection.send_command(
                command,
                expect_string=r"\[Y/N\]|>",
                read_timeout=3 * self.endpoint.timeout,
            )
        )
        if "[Y/N]" in output:
            output += str(
                self.connection.send_command(
                    "Y",
                    expect_string=r">",
                    read_timeout=3 * self.endpoint.timeout,
                    cmd_verify=False,
                )
            )
        self.timed("restore", start)
        if "succeeded" not in output:
            raise PushError(f"{self.endpoint.hostname}: '{command}' failed: {output.strip()}")

    def saved(self) -> str | None:
        """The saved configuration (``display saved-configuration``); None where the platform
        or the device's software has no such display (it answers with its error text)."""
        command = SAVED_CONFIG_COMMAND.get(self.endpoint.platform)
        if command is None:
            return None
        start = time.monotonic()
        text = self.display(command)
        self.timed("read", start)
        if re.search(self.spec.error_pattern, text):
            return None
        return text

    def save(self) -> None:
        """Save the running config as the startup config, answering the confirmation.

        netmiko's ``save_config`` waits 100 s for each answer; this waits ``3 * timeout``
        (``--timeout``) for the save and for its dialog, like reading the running config. A
        link lost meanwhile raises EOFError (not a timeout: the device did not go silent).
        """
        start = time.monotonic()
        wait = 3 * self.endpoint.timeout
        prompt = r"[>#]\s*$"
        try:
            output = str(
                self.connection.send_command(
                    "save", expect_string=rf"(?:[Cc]ontinue\?|\[Y/N\]|{prompt})", read_timeout=wait
                )
            )
            if re.search(r"[Cc]ontinue\?|\[Y/N\]", output):
                output += str(
                    self.connection.send_command(
                        "y", expect_string=prompt, read_timeout=wait, cmd_verify=False
                    )
                )
        except ReadTimeout:
            if self.lost():
                raise EOFError() from None
            raise PushError(
                f"{self.endpoint.hostname}: no answer to 'save' within {wait:g} s (3 x --timeout)"
            ) from None
        self.timed("save", start)
        if re.search(self.spec.error_pattern, output):
            raise PushError(f"{self.endpoint.hostname}: save failed: {device_words(output)}")

    def lost(self) -> bool:
        """Whether the SSH channel or its transport is gone (the device dropped the link)."""
        channel = getattr(self.connection, "remote_conn", None)
        if channel is None or getattr(channel, "closed", False):
            return True
        transport = channel.get_transport() if hasattr(channel, "get_transport") else None
        return transport is not None and not transport.is_active()

    def close(self) -> None:
        """Log out (``quit`` from the user view) and close the transport.

        netmiko's ``disconnect`` first probes for config mode, waiting two seconds of
        silence; the engine always leaves config mode itself, so a plain ``quit`` is enough.
        """
        with contextlib.suppress(OSError, EOFError, ValueError, RuntimeError):
            self.connection.write_channel("quit" + self.connection.RETURN)
        self.abandon()

    def abandon(self) -> None:
        """Drop the SSH transport without logging out (after a failure, mid-change).

        A VRPv8 candidate that was never committed dies with the session.
        """
        with contextlib.suppress(OSError, EOFError, ValueError, RuntimeError):
            self.connection.paramiko_cleanup()
