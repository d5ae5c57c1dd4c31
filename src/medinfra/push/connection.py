"""Opening an SSH session to a device with netmiko's own driver for its platform
(:mod:`medinfra.push.transport`: waiting for answers instead of polling, known_hosts parsed once).

Host keys are always checked against a known-hosts file (OpenSSH format). A device whose key
is not in the file is refused unless ``accept_new`` is set, which records a first-seen key
(like OpenSSH's ``StrictHostKeyChecking=accept-new``); a key that *differs* from the recorded
one is always refused.

At most :data:`MAX_LOGINS` sessions are being connected at once (TCP, key exchange,
authentication, the login text), however many workers push: a burst of hundreds of key
exchanges at the start of a phase would otherwise starve the sessions already open of CPU
(controller and device alike) until their answers time out. The turn is given back before
netmiko's session preparation (a few answers and sleeps, no key exchange:
:class:`medinfra.push.transport.WaitingReads`). Waiting for a turn does not count against
``--timeout``; an open session does not hold a turn.
"""

import fcntl
import os
import socket
import threading
from dataclasses import dataclass
from ipaddress import IPv4Address, ip_address
from pathlib import Path
from typing import Any

import paramiko
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.push.credentials import Credentials
from medinfra.push.errors import HostKeyError, PushError, RefusedError
from medinfra.push.login import LoginQuestionError, LoginTimeoutError
from medinfra.push.transport import open_connection

KNOWN_HOSTS_ENV = "MEDINFRA_KNOWN_HOSTS"
MAX_LOGINS = 16
"""Sessions opened at once, at most (see the module's docstring)."""
_LOGINS = threading.BoundedSemaphore(MAX_LOGINS)


def share_logins(turns: int) -> None:
    """Allow ``turns`` sessions being opened at once in this process (a push process of a run
    forked into several gets its share of :data:`MAX_LOGINS`, :mod:`medinfra.push.processes`)."""
    global _LOGINS  # noqa: PLW0603 - one limit per process, replaced once after the fork
    _LOGINS = threading.BoundedSemaphore(max(1, turns))


def default_known_hosts() -> Path:
    """``$MEDINFRA_KNOWN_HOSTS`` or ``~/.ssh/known_hosts``."""
    return Path(os.environ.get(KNOWN_HOSTS_ENV) or Path.home() / ".ssh" / "known_hosts")


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach one device."""

    hostname: str
    platform: Platform
    host: str
    port: int = 22
    known_hosts: Path | None = None
    accept_new: bool = False
    timeout: float = 20.0
    """Seconds to wait for the connection and for each answer to a config line."""

    @property
    def key_name(self) -> str:
        """The host's name in known_hosts (``[addr]:port`` for a port other than 22)."""
        return self.host if self.port == 22 else f"[{self.host}]:{self.port}"


def _scan_host_key(endpoint: Endpoint) -> paramiko.PKey:
    with socket.create_connection((endpoint.host, endpoint.port), endpoint.timeout) as sock:
        transport = paramiko.Transport(sock)
        try:
            transport.start_client(timeout=endpoint.timeout)
            return transport.get_remote_server_key()
        finally:
            transport.close()


def learn_host_key(endpoint: Endpoint, known_hosts: Path) -> None:
    """Record the device's host key if the file has none for it; refuse a changed key."""
    key = _scan_host_key(endpoint)
    known_hosts.parent.mkdir(parents=True, exist_ok=True)
    with known_hosts.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        handle.seek(0)
        recorded = paramiko.HostKeys()
        for line in handle.read().splitlines():
            entry = paramiko.hostkeys.HostKeyEntry.from_line(line)
            if entry is not None:
                for name in entry.hostnames:
                    recorded.add(name, entry.key.get_name(), entry.key)
        known = recorded.lookup(endpoint.key_name)
        if known is None:
            handle.write(f"{endpoint.key_name} {key.get_name()} {key.get_base64()}\n")
        elif key.get_name() in known and known[key.get_name()] != key:
            raise HostKeyError(_changed_key_message(endpoint, known_hosts))


def _changed_key_message(endpoint: Endpoint, known_hosts: Path) -> str:
    return (
        f"{endpoint.hostname}: the SSH host key of {endpoint.key_name} differs from the one "
        f"recorded in {known_hosts}; someone may be intercepting the session, or the device "
        "was replaced. Check, then remove the old line from that file"
    )


def _netmiko_args(endpoint: Endpoint, login: Credentials, known_hosts: Path) -> dict[str, Any]:
    return {
        "device_type": platform_for(endpoint.platform).netmiko_device_type,
        "host": endpoint.host,
        "port": endpoint.port,
        "username": login.username,
        "password": login.password,
        "secret": "",
        "ssh_strict": True,
        "system_host_keys": False,
        "alt_host_keys": True,
        "alt_key_file": str(known_hosts),
        "use_keys": False,
        "allow_agent": False,
        "conn_timeout": endpoint.timeout,
        "auth_timeout": endpoint.timeout,
        "banner_timeout": endpoint.timeout,
        "fast_cli": True,
    }


def connect(endpoint: Endpoint, login: Credentials) -> Any:
    """Open a netmiko session to the device; errors become clear :class:`PushError`\\ s."""
    known_hosts = endpoint.known_hosts or default_known_hosts()
    if endpoint.accept_new:
        try:
            learn_host_key(endpoint, known_hosts)
        except OSError as error:
            raise PushError(
                f"{endpoint.hostname}: cannot reach {endpoint.key_name}: {error}"
            ) from None
        except paramiko.SSHException as error:
            raise PushError(
                f"{endpoint.hostname}: SSH failed on {endpoint.key_name}: {error}"
            ) from None
    try:
        return open_connection(login_turn=_LOGINS, **_netmiko_args(endpoint, login, known_hosts))
    except paramiko.BadHostKeyException:
        raise HostKeyError(_changed_key_message(endpoint, known_hosts)) from None
    except LoginQuestionError as error:
        raise RefusedError(
            f"{endpoint.hostname}: refused at login, nothing sent: {error}"
        ) from None
    except LoginTimeoutError as error:
        raise PushError(f"{endpoint.hostname}: {error}") from None
    except NetmikoAuthenticationException:
        raise PushError(
            f"{endpoint.hostname}: authentication failed for user {login.username!r} on "
            f"{endpoint.key_name}; check the credentials"
        ) from None
    except (NetmikoTimeoutException, paramiko.SSHException) as error:
        raise _connect_error(endpoint, known_hosts, error) from None


def _connect_error(endpoint: Endpoint, known_hosts: Path, error: Exception) -> PushError:
    """netmiko wraps paramiko's host-key errors in its timeout error: tell them apart."""
    text = str(error)
    if "not found in known_hosts" in text:
        return HostKeyError(
            f"{endpoint.hostname}: the SSH host key of {endpoint.key_name} is not in "
            f"{known_hosts}; add it (ssh-keyscan) or run once with --accept-new"
        )
    if "does not match" in text or isinstance(error, paramiko.BadHostKeyException):
        return HostKeyError(_changed_key_message(endpoint, known_hosts))
    lines = [line for line in text.strip().splitlines() if line.strip()]
    reason = lines[-1] if lines else type(error).__name__
    return PushError(f"{endpoint.hostname}: cannot connect to {endpoint.key_name}: {reason}")


def controller_address(connection: Any) -> IPv4Address | None:
    """The address this controller's session to the device comes from: the local address of
    its SSH socket. None when it cannot be known: no plain socket (a proxy command or jump
    host in between), not IPv4, or a loopback address (a local tunnel, or the lab on this
    machine): the device then sees an address other than the socket's.

    Examples:
        >>> controller_address(None) is None
        True
    """
    try:
        host = connection.remote_conn_pre.get_transport().sock.getsockname()[0]
        address = ip_address(host)
    except (AttributeError, OSError, TypeError, ValueError, IndexError):
        return None
    if not isinstance(address, IPv4Address) or address.is_loopback:
        return None
    return address
