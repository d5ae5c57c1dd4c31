"""The SSH side of the lab: one asyncssh listener per device, all in one event loop."""

import asyncio
import contextlib
import errno
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from medinfra.lab.config_tree import new_root
from medinfra.lab.deadman import enforce_management, management_cut
from medinfra.lab.device import AddressInUseError, DeviceState, LabDevice, LabError
from medinfra.lab.faults import ChangeHostKey, Fault, RefuseAuth
from medinfra.lab.login_shapes import PreLoginBanner
from medinfra.lab.session import LabSession
from medinfra.lab.state import host_key

LOGIN_TIMEOUT = 60
"""Seconds from the TCP accept to a finished login before the device closes the connection:
VRP's ``ssh server timeout`` default (60 s). The lab had 30 s: stricter than a device, it could
drop a session still waiting for a loaded controller's CPU where a device would have waited."""


@dataclass(frozen=True)
class Credentials:
    """Who may log in to every lab device."""

    username: str
    password: str
    public_keys: frozenset[bytes] = frozenset()


class DeviceServer(asyncssh.SSHServer):
    """Authentication and sessions of one device's SSH connection."""

    def __init__(self, lab: "Lab", device: DeviceState) -> None:
        self._lab = lab
        self._device = device
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """Track the connection (the lab closes it at stop); refuse it while management is cut."""
        self._conn = conn
        if management_cut(self._device):
            conn.abort()
            return
        self._lab.connections.add(conn)
        self._lab.device_connections.setdefault(self._device.hostname, set()).add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection."""
        self._lab.connections.discard(self._conn)
        self._lab.device_connections.get(self._device.hostname, set()).discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        """Always authenticate; show the ``header login information`` banner if configured."""
        banner = _login_banner(self._device)
        if banner and self._conn is not None:
            self._conn.send_auth_banner(banner + "\n")
        return True

    def _refusing(self) -> bool:
        return any(isinstance(fault, RefuseAuth) for fault in self._device.faults)

    def password_auth_supported(self) -> bool:
        """Password authentication is offered."""
        return True

    def validate_password(self, username: str, password: str) -> bool:
        """The lab user and password (constant-time compare)."""
        creds = self._lab.credentials
        return (
            not self._refusing()
            and hmac.compare_digest(username, creds.username)
            and hmac.compare_digest(password, creds.password)
        )

    def public_key_auth_supported(self) -> bool:
        """Public-key authentication is offered."""
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """The lab user with one of the authorized keys."""
        creds = self._lab.credentials
        return (
            not self._refusing()
            and username == creds.username
            and key.public_data in creds.public_keys
        )

    def session_requested(self) -> LabSession:
        """An interactive shell."""
        assert self._conn is not None
        self._lab.sessions += 1
        return LabSession(self._device, str(self._conn.get_extra_info("username")))


def _login_banner(device: DeviceState) -> str:
    """The SSH banner: the ``header login information`` text, or a :class:`PreLoginBanner`."""
    shapes = [fault.text for fault in device.faults if isinstance(fault, PreLoginBanner)]
    if shapes:
        return "\n".join(shapes)
    for node in device.running.children:
        if node.line.startswith("header login information "):
            return node.line.removeprefix("header login information ").strip('"')
    return ""


@dataclass
class Lab:
    """Every device of a lab and their listeners (lives in one event loop)."""

    devices: list[DeviceState]
    state_dir: Path
    credentials: Credentials
    keys: dict[str, asyncssh.SSHKey] = field(default_factory=dict)
    acceptors: dict[str, asyncssh.SSHAcceptor] = field(default_factory=dict)
    connections: set[asyncssh.SSHServerConnection] = field(default_factory=set)
    device_connections: dict[str, set[asyncssh.SSHServerConnection]] = field(default_factory=dict)
    sessions: int = 0
    """Shell sessions served since the lab started (benchmarks divide the lab's CPU by it)."""

    def __post_init__(self) -> None:
        for device in self.devices:
            device.drop_sessions = self._dropper(device.hostname)

    def _dropper(self, hostname: str) -> Callable[[], None]:
        def drop() -> None:
            for conn in list(self.device_connections.get(hostname, ())):
                conn.abort()

        return drop

    def device(self, hostname: str) -> DeviceState:
        """A device by hostname."""
        for device in self.devices:
            if device.hostname == hostname:
                return device
        known = ", ".join(d.hostname for d in self.devices)
        raise LabError(f"no lab device {hostname!r}; the lab has {known}")

    @property
    def public(self) -> list[LabDevice]:
        """Where each device listens."""
        return [device.info for device in self.devices]

    async def start(self) -> None:
        """Open one listener per device (host keys are loaded or created first)."""
        for device in self.devices:
            self.keys[device.hostname] = host_key(self.state_dir, device.hostname)
        try:
            await asyncio.gather(*(self._listen(device) for device in self.devices))
        except OSError as error:
            await self.stop()
            if error.errno == errno.EADDRINUSE:
                raise AddressInUseError.from_os_error(error) from None
            raise LabError(f"cannot start the lab: {error}") from None

    async def _listen(self, device: DeviceState) -> None:
        key = self.keys[device.hostname]
        if any(isinstance(fault, ChangeHostKey) for fault in device.faults):
            key = asyncssh.generate_private_key("ssh-ed25519")
        self.acceptors[device.hostname] = await asyncssh.create_server(
            lambda: DeviceServer(self, device),
            host=device.info.address,
            port=device.info.port,
            server_host_keys=[key],
            line_editor=False,
            reuse_address=True,
            login_timeout=LOGIN_TIMEOUT,
            keepalive_interval=0,
        )

    async def stop(self) -> None:
        """Close every listener and connection."""
        for acceptor in self.acceptors.values():
            acceptor.close()
        for conn in list(self.connections):
            conn.abort()
        for acceptor in self.acceptors.values():
            with contextlib.suppress(Exception):
                await acceptor.wait_closed()
        self.acceptors.clear()

    def inject(self, hostname: str, fault: Fault) -> None:
        """Add a fault to a device; a host key change applies to new connections at once."""
        device = self.device(hostname)
        device.faults.append(fault)
        enforce_management(device)
        if isinstance(fault, ChangeHostKey):
            self._serve_key(hostname, asyncssh.generate_private_key("ssh-ed25519"))

    def clear_faults(self, hostname: str) -> None:
        """Remove every fault of a device (its own host key is served again)."""
        device = self.device(hostname)
        had_key_change = any(isinstance(f, ChangeHostKey) for f in device.faults)
        device.faults.clear()
        device.extras.pop("drop-on", None)  # DropOn counts start again
        if had_key_change:
            self._serve_key(hostname, self.keys[hostname])

    def _serve_key(self, hostname: str, key: asyncssh.SSHKey) -> None:
        acceptor = self.acceptors.get(hostname)
        if acceptor is not None:
            acceptor.update(server_host_keys=[key])

    def running_config(self, hostname: str) -> str:
        """``display current-configuration`` of a device."""
        return self.device(hostname).render()

    def apply_lines(self, hostname: str, lines: list[str]) -> None:
        """Change a device's running configuration by hand (drift), as if typed in system view."""
        device = self.device(hostname)
        editor = device.editor()
        for line in lines:
            text = line.strip()
            if text == "quit":
                editor.up()
                continue
            if not text or text.startswith("#"):
                continue
            outcome = editor.apply(text)
            if not outcome.ok:
                reason = (
                    outcome.failure or f"{outcome.verdict.value} at column {outcome.column + 1}"
                )
                raise LabError(
                    f"{hostname}: {device.info.platform.value} refuses {text!r}: {reason}"
                )
        enforce_management(device)

    def erase(self, hostname: str) -> None:
        """Empty a device's running configuration (tests use it to start clean)."""
        self.device(hostname).replace_running(new_root())
