"""netmiko's own platform drivers, without two controller costs that grow with the fleet.

The device-facing logic (login, session preparation, prompts, paging, config mode, error
patterns, ``send_config_set``) stays netmiko's driver for the platform. A thin subclass of
that driver changes only how the controller waits and how it reads known_hosts:

- **Answers are waited for, not polled.** netmiko's ``read_until_pattern`` reads the channel
  and, finding no match, sleeps 10 ms before reading again; ``send_config_set`` calls it twice
  per line (echo, then prompt), so a line answered in 1 ms still costs 10-20 ms, and each
  waiting thread wakes 100 times a second. Here the thread sleeps on the channel itself
  (``poll`` on paramiko's channel pipe) and wakes when data arrives or the time is up; the
  matching, splitting and buffering are netmiko's. A session the device closed fails at once
  (``EOFError``) instead of after the whole read timeout.
- **The prompt is waited for, not guessed after a quarter second.** netmiko's ``find_prompt``
  without a pattern (called by every ``send_command`` that has no ``expect_string``) sends a
  return, sleeps 250 ms and takes the last line of whatever arrived. On a loaded controller or
  a slow line an earlier answer can still be on its way (e.g. the ``Info: ...`` answer to
  ``screen-length 0 temporary``): the "prompt" is then that text, and the command waits for it
  until the read timeout (this was every timeout of the 200-worker benchmark). Here it waits
  until the output ends with a prompt terminator, then takes the last line as netmiko does.
- **The login text is read to its end** (:mod:`medinfra.push.login`): banners with
  prompt-like characters, login information, a password question answered no, any other
  question refused -- never netmiko's answers (``Y`` to a question about the configuration
  file's security risks saves the configuration).
- **A login turn is held for the connection only** (TCP, key exchange, authentication, the
  login text: the CPU-heavy part, which :data:`medinfra.push.connection.MAX_LOGINS` bounds),
  not for netmiko's session preparation after it (its 100 ms sleep, the prompt, ``screen-length
  0 temporary``: waits for the device, two thirds of a re-run's connect time on the lab). Held
  across both, the turns capped a whole run at some 16 logins per third of a second, however
  many workers pushed.
- **known_hosts is parsed once per file version.** paramiko's ``load_host_keys`` re-reads the
  whole file for each connection and checks every entry against all earlier ones (quadratic:
  250,000 host-name comparisons per connection for a 500-device lab). Here the file is parsed
  once per (path, size, modification time), indexed by host name, and each connection's
  client gets only the entries recorded for its own ``[host]:port``. The host key is still
  checked by paramiko against them, with netmiko's reject policy (``ssh_strict``).
"""

import hmac
import re
import select
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import paramiko
from netmiko.base_connection import BaseConnection
from netmiko.exceptions import ReadTimeout
from netmiko.ssh_dispatcher import ssh_dispatcher

from medinfra.push.library_logging import quiet_library_logs
from medinfra.push.login import read_login

quiet_library_logs()  # before any session: paramiko's records never print by themselves

POLL_SLICE = 0.01
"""Longest single sleep when the channel cannot be waited on (closed, or no pipe)."""

PROMPT_END = r"[>#\]$]\s*$"
"""The output ends with a prompt: its last character ends one of the Huawei drivers' prompts
(``<host>``, ``[host]``, ``host>``, ``host#``, ``host(config)#``, netmiko's SmartAX ``$``)."""

WAKE_SLICE = 0.1
"""Longest wait on the channel before looking again (10 looks a second, not netmiko's 100):
a wake-up lost between paramiko's buffer and its pipe costs at most this."""

_KeyIndex = tuple[dict[str, list[paramiko.PKey]], list[paramiko.hostkeys.HostKeyEntry]]
_CACHE: dict[tuple[str, int, int, int], _KeyIndex] = {}
_CACHE_LOCK = threading.Lock()


def _parse(lines: Iterable[str]) -> _KeyIndex:
    plain: dict[str, list[paramiko.PKey]] = {}
    hashed: list[paramiko.hostkeys.HostKeyEntry] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            entry = paramiko.hostkeys.HostKeyEntry.from_line(line, number)
        except paramiko.SSHException:  # paramiko's load skips such lines too
            continue
        if entry is None or entry.key is None:
            continue
        for name in entry.hostnames:
            if name.startswith("|1|"):
                hashed.append(paramiko.hostkeys.HostKeyEntry([name], entry.key))
            else:
                plain.setdefault(name, []).append(entry.key)
    return plain, hashed


def _index(path: Path) -> _KeyIndex:
    stat = path.stat()
    version = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    with _CACHE_LOCK:
        cached = _CACHE.get(version)
        if cached is None:
            with path.open(encoding="utf-8") as handle:
                cached = _parse(handle)
            for stale in [key for key in _CACHE if key[0] == version[0]]:
                del _CACHE[stale]
            _CACHE[version] = cached
        return cached


def recorded_keys(path: Path, name: str) -> list[paramiko.PKey]:
    """The host keys ``path`` (known_hosts format) records for ``name`` (``[addr]:port``).

    Plain and hashed (``|1|salt|hash``) host names are both matched, as OpenSSH does.
    """
    plain, hashed = _index(path)
    keys = list(plain.get(name, ()))
    for entry in hashed:
        recorded = entry.hostnames[0]
        if hmac.compare_digest(paramiko.HostKeys.hash_host(name, recorded), recorded):
            keys.append(entry.key)
    return keys


def wait_readable(channel: Any, seconds: float) -> None:
    """Sleep until ``channel`` (a paramiko channel) has data, or ``seconds`` pass (at most
    :data:`WAKE_SLICE`; the caller looks again)."""
    if seconds <= 0 or channel.recv_ready():
        return
    try:
        poller = select.poll()
        poller.register(channel.fileno(), select.POLLIN)
        ready = poller.poll(max(1, int(min(seconds, WAKE_SLICE) * 1000)))
    except (OSError, ValueError, AttributeError):  # no pipe to wait on: netmiko's own pace
        time.sleep(min(seconds, POLL_SLICE))
        return
    if ready and not channel.recv_ready():
        time.sleep(min(seconds, POLL_SLICE))  # closed or at EOF: no busy loop until the timeout


def closed(channel: Any) -> bool:
    """True once the device closed ``channel`` and everything it sent has been read."""
    if channel is None or channel.recv_ready():
        return False
    return bool(channel.closed or channel.eof_received)


class WaitingReads(BaseConnection):
    """Mixed in before a netmiko driver class: see the module's docstring.

    ``login_turn`` (a lock or semaphore; none by default) is held while the connection is
    established and released before the session preparation.
    """

    def __init__(
        self, *args: Any, login_turn: AbstractContextManager[Any] | None = None, **kwargs: Any
    ) -> None:
        self._login_turn = login_turn if login_turn is not None else nullcontext()
        super().__init__(*args, **kwargs)

    def _open(self) -> None:
        """netmiko's ``_open``, with the login turn around ``establish_connection`` only."""
        self._modify_connection_params()
        with self._login_turn:
            self.establish_connection()
        self._try_session_preparation()

    def special_login_handler(self, delay_factor: float = 1.0) -> None:
        """The login text up to the first prompt, read by :func:`medinfra.push.login.read_login`
        instead of the driver's (which stops at the first ``>`` or ``]`` of a banner, and
        answers some questions yes): banners, login information, a password question
        answered no; any other question refuses the device."""
        try:
            read_login(self, float(self.conn_timeout), wait_readable, closed)
        except BaseException:
            self.paramiko_cleanup()  # netmiko returns no connection to close: close it here
            raise

    def _build_ssh_client(self) -> paramiko.SSHClient:
        client = self._get_ssh_client_instance()
        if self.system_host_keys:
            client.load_system_host_keys()
        known_hosts = Path(self.alt_key_file)
        if self.alt_host_keys and known_hosts.is_file():
            name = self.host if self.port == 22 else f"[{self.host}]:{self.port}"
            recorded = client.get_host_keys()
            for key in recorded_keys(known_hosts, name):
                if recorded.lookup(name) is None or key.get_name() not in recorded.lookup(name):
                    recorded.add(name, key.get_name(), key)  # the first key of a type counts
        client.set_missing_host_key_policy(self.key_policy)
        return client

    def strip_ansi_escape_codes(self, string_buffer: str) -> str:
        """netmiko's clean-up (some 35 regular-expression passes over every read) only where
        there is something to clean: every code it removes starts with ESC."""
        if "\x1b" not in string_buffer:
            return string_buffer
        return str(super().strip_ansi_escape_codes(string_buffer))

    def find_prompt(self, delay_factor: float = 1.0, pattern: str | None = None) -> str:
        """netmiko's ``find_prompt``, waiting for a line that ends like a prompt (see above)."""
        return str(super().find_prompt(delay_factor, pattern or PROMPT_END))

    def read_until_pattern(
        self,
        pattern: str = "",
        read_timeout: float = 10.0,
        re_flags: int = 0,
        max_loops: int | None = None,
    ) -> str:
        """netmiko's ``read_until_pattern``, sleeping on the channel instead of for 10 ms."""
        if max_loops is not None or self.read_timeout_override:
            return super().read_until_pattern(pattern, read_timeout, re_flags, max_loops)
        output = ""
        start = time.monotonic()
        find = _finder(pattern, re_flags)
        while True:
            output += self.read_channel()
            end = find(output)
            if end is not None:
                if end < len(output):  # the rest stays in netmiko's read buffer
                    self._read_buffer += output[end:]
                return output[:end]
            if closed(self.remote_conn):
                raise EOFError  # the device dropped the session: no answer will come
            left = read_timeout - (time.monotonic() - start) if read_timeout else POLL_SLICE
            if left <= 0:
                raise ReadTimeout(f"Pattern not detected: {pattern!r} in output.")
            wait_readable(self.remote_conn, left)


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def _finder(pattern: str, re_flags: int) -> Callable[[str], int | None]:
    """Where the first match of ``pattern`` ends in a text, or None: what netmiko's
    ``read_until_pattern`` returns up to (``re.split`` at the first match, the match kept).

    ``send_config_set`` waits for each line's echo with ``re.escape(line)``: a pattern unique
    to the line, which the ``re`` module would compile anew for every line (its cache holds 512
    patterns). Such a literal is looked for with ``str.find`` instead; any other pattern is
    compiled once per read, not once per look.

    Examples:
        >>> echo = _finder(re.escape("ip route-static 0.0.0.0 0 10.0.0.1"), 0)
        >>> echo("x ip route-static 0.0.0.0 0 10.0.0.1 <A>")
        36
        >>> _finder(r"[>\\]]", 0)("line [A]rest")
        8
        >>> _finder("Y/N", 0)("nothing") is None
        True
    """
    literal = _ESCAPED.sub(r"\1", pattern)
    if not re_flags and re.escape(literal) == pattern:

        def find_literal(text: str) -> int | None:
            at = text.find(literal)
            return None if at < 0 else at + len(literal)

        return find_literal
    compiled = re.compile(pattern, re_flags)

    def find_match(text: str) -> int | None:
        match = compiled.search(text)
        return None if match is None else match.end()

    return find_match


_DRIVERS: dict[str, type[BaseConnection]] = {}
_DRIVERS_LOCK = threading.Lock()


def driver(device_type: str) -> type[BaseConnection]:
    """netmiko's driver class for ``device_type`` with :class:`WaitingReads` mixed in."""
    with _DRIVERS_LOCK:
        cls = _DRIVERS.get(device_type)
        if cls is None:
            base = ssh_dispatcher(device_type)
            cls = type(f"Waiting{base.__name__}", (WaitingReads, base), {})
            _DRIVERS[device_type] = cls
        return cls


def open_connection(**arguments: Any) -> BaseConnection:
    """Like netmiko's ``ConnectHandler``, with the driver from :func:`driver`."""
    return driver(str(arguments["device_type"]))(**arguments)
