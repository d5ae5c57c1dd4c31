"""The interactive SSH shell of a lab device: echo, line editing, prompts, paging, faults.

Bytes arrive from the client, are echoed as a terminal would, and each complete line goes to
the platform console. NUL bytes (netmiko's ``is_alive`` probe) are ignored. Output longer than
the session's screen length stops at a ``---- More ----`` line until a key is pressed.
"""

import asyncio
import contextlib
import logging

import asyncssh

from medinfra.lab.console import Console, Reply
from medinfra.lab.deadman import enforce_management
from medinfra.lab.device import DeviceState
from medinfra.lab.faults import DropAfter, DropOn, Hang, Latency
from medinfra.lab.login import opening
from medinfra.platforms import platform_for

_PRINTABLE_CONTROL = "\t"
LOG = logging.getLogger(__name__)
CONTROL_KEYS = "\x03\x1a"  # Ctrl+C, Ctrl+Z
INTERNAL_ERROR = "Error: Failed to execute the command (lab simulator error, see its log)."


def crlf(text: str) -> str:
    """Terminal line endings."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class LabSession(asyncssh.SSHServerSession[str]):
    """One interactive shell on one device."""

    def __init__(self, device: DeviceState, user: str) -> None:
        self.device = device
        self.spec = platform_for(device.info.platform)
        self.console: Console = self.spec.lab().console(device, user)
        self._chan: asyncssh.SSHServerChannel[str] | None = None
        self._queue: asyncio.Queue[tuple[float, str] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._buffer = ""
        self._last = ""
        self._pending: list[str] = []

    # --- asyncssh callbacks -------------------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel[str]) -> None:
        """Keep the channel; the console learns where the session comes from."""
        self._chan = chan
        extra = getattr(chan, "get_extra_info", None)  # a test's stand-in channel has none
        peer = extra("peername") if extra is not None else None
        if peer:
            self.console.peer = str(peer[0])

    def pty_requested(self, term_type: str, term_size: object, term_modes: object) -> bool:
        """Accept a terminal (netmiko asks for one)."""
        return True

    def shell_requested(self) -> bool:
        """Accept the interactive shell."""
        return True

    def exec_requested(self, command: str) -> bool:
        """Refuse exec requests: devices give a shell only."""
        return False

    def session_started(self) -> None:
        """Print the login text (banners, questions, login information: ``lab.login``) and
        the first prompt, then serve input."""
        self._task = asyncio.get_running_loop().create_task(self._serve())
        if not self._hung():
            self._write(crlf(opening(self.console)))

    def data_received(self, data: str, datatype: object) -> None:
        """Queue input for the serving task (keeps order), due once the device's ``latency``
        has passed since it arrived: a round trip's delay, paid once by everything in flight
        together, not once per line of it."""
        due = asyncio.get_running_loop().time() + self._latency()
        self._queue.put_nowait((due, data))

    def eof_received(self) -> bool:
        """The client closed its side: stop serving (asyncssh then closes the channel)."""
        self._queue.put_nowait(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop serving; tell the console its session ended."""
        if self._task is not None:
            self._task.cancel()
        try:
            self.console.closed()
        except Exception:  # a simulator bug must not break the server: log it
            LOG.exception("%s: error while closing a session", self.device.hostname)

    # --- serving --------------------------------------------------------------------------------
    def _hung(self) -> bool:
        return any(isinstance(fault, Hang) for fault in self.device.faults)

    def _write(self, text: str) -> None:
        if self._chan is not None and text:
            with contextlib.suppress(asyncssh.Error, OSError):
                self._chan.write(text)

    def _latency(self) -> float:
        return sum(f.seconds for f in self.device.faults if isinstance(f, Latency))

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            item = await self._queue.get()
            if item is None:
                return
            due, data = item
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            if self._hung():
                continue
            await self._feed(data)

    async def _feed(self, data: str) -> None:
        echo: list[str] = []
        for char in data:
            if char == "\x00":
                continue
            if self._pending:
                self._write("".join(echo))
                echo.clear()
                self._page_key(char)
                continue
            if char in "\r\n":
                if char == "\n" and self._last == "\r":
                    self._last = char
                    continue
                self._last = char
                echo.append("\r\n")
                self._write("".join(echo))
                echo.clear()
                line, self._buffer = self._buffer, ""
                await self._line(line)
                continue
            self._last = char
            if char in CONTROL_KEYS:
                self._write("".join(echo))
                echo.clear()
                await self._control_key(char)
                continue
            if char in "\x7f\x08":
                if self._buffer:
                    self._buffer = self._buffer[:-1]
                    echo.append("\b \b")
            elif char.isprintable() or char in _PRINTABLE_CONTROL:
                self._buffer += char
                echo.append(char)
        self._write("".join(echo))

    async def _line(self, line: str) -> None:
        limits = [f.commands for f in self.device.faults if isinstance(f, DropAfter)]
        if line.strip() and limits and self.console.commands_seen >= min(limits):
            self._drop()
            return
        drop = self._drop_on(line)
        if drop is not None and drop.silent:
            self.device.faults.append(Hang())
            return
        if drop is not None and not drop.answered:
            self._drop()
            return
        try:
            reply = self.console.handle(line)
        except Exception:  # a simulator bug must not hang the client: log it, answer an error
            LOG.exception("%s: error while handling %r", self.device.hostname, line)
            reply = Reply(INTERNAL_ERROR)
        if drop is not None:
            enforce_management(self.device)
            self._drop()
            return
        self._reply(reply)
        enforce_management(self.device)

    def _drop_on(self, line: str) -> DropOn | None:
        """The DropOn fault this line fires (counted per fault, removed once it fired)."""
        seen: dict[DropOn, int] = self.device.extras.setdefault("drop-on", {})  # type: ignore[assignment]
        for fault in [f for f in self.device.faults if isinstance(f, DropOn)]:
            if not fault.matches(line.strip()):
                continue
            seen[fault] = seen.get(fault, 0) + 1
            if seen[fault] >= fault.nth:
                self.device.faults.remove(fault)
                del seen[fault]
                return fault
        return None

    async def _control_key(self, key: str) -> None:
        """Ctrl+C drops the typed line; Ctrl+Z leaves configuration views like ``return``."""
        self._buffer = ""
        if key == "\x1a" and self.console.editor is not None:
            self._write("\r\n")
            await self._line("return")
            return
        self._write("\r\n" + self.console.prompt())

    def _reply(self, reply: Reply) -> None:
        text = reply.text
        if text and reply.prompt and not text.endswith("\n"):
            text += "\n"
        lines = crlf(text).split("\r\n")
        page = self.console.screen_length
        if reply.pageable and page > 0 and len(lines) > page + 1:
            self._write("\r\n".join(lines[:page]) + "\r\n" + self.spec.pager_prompt)
            self._pending = lines[page:]
            return
        if reply.close:
            self._write(crlf(text))
            self._close()
        else:  # the answer and the next prompt in one write: one SSH packet, not two
            self._write(crlf(text) + (self.console.prompt() if reply.prompt else ""))

    def _page_key(self, key: str) -> None:
        more = self.spec.pager_prompt
        width = self.spec.pager_erase or len(more)
        self._write(f"\x1b[{width}D{' ' * width}\x1b[{width}D")
        if key == " ":
            count = self.console.screen_length
        elif key in "\r\n":
            count = 1
        else:
            self._pending = []
            self._write("\r\n" + self.console.prompt())
            return
        chunk, self._pending = self._pending[:count], self._pending[count:]
        if self._pending:
            self._write("\r\n".join(chunk) + "\r\n" + more)
        else:
            self._write("\r\n".join(chunk) + self.console.prompt())

    def _close(self) -> None:
        if self._chan is not None:
            with contextlib.suppress(asyncssh.Error, OSError):
                self._chan.get_connection().close()

    def _drop(self) -> None:
        if self._chan is not None:
            with contextlib.suppress(asyncssh.Error, OSError):
                self._chan.get_connection().abort()
