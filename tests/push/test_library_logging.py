"""paramiko's own log records never print by themselves (push/library_logging.py).

Each case runs in a fresh interpreter: pytest installs a handler on the root logger, under
which Python's last-resort printing to stderr can never be seen.
"""

import contextlib
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

ADDRESS = "127.5.0.21"

# a device that answers with an SSH banner, reads the client's, then resets the connection
# (SO_LINGER 0): paramiko's transport thread logs ``Socket exception: Connection reset by peer
# (104)`` at ERROR, as it logs ``Socket exception: Broken pipe (32)`` for a device that closes
# its side while paramiko is still writing
CHILD = textwrap.dedent(
    """
    import logging, sys
    from pathlib import Path
    from medinfra.model import Platform
    from medinfra.push.connection import Endpoint, connect
    from medinfra.push.credentials import Credentials
    from medinfra.push.failures import FAILURES
    if sys.argv[2] == "configured":
        logging.basicConfig(level=logging.ERROR, format="CONFIGURED %(name)s: %(message)s")
    endpoint = Endpoint("H-CPE-01", Platform("huawei_vrp"), sys.argv[3], int(sys.argv[1]),
                        known_hosts=Path(sys.argv[4]), timeout=5.0)
    try:
        connect(endpoint, Credentials("netadmin", "not-a-real-secret"))
    except FAILURES as error:  # what the engine reports as the device's failure
        print("PUSH ERROR", type(error).__name__)
    """
)


@contextmanager
def resetting_server() -> Iterator[int]:
    """A TCP server on ADDRESS that swaps SSH banners with each client and resets it."""
    server = socket.create_server((ADDRESS, 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        for _ in range(600):  # bounded: at most two minutes
            if stop.is_set():
                return
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            client.sendall(b"SSH-2.0-HUAWEI-1.5\r\n")
            client.settimeout(5)
            seen = b""
            with contextlib.suppress(OSError):
                while not seen.partition(b"\r\n")[2]:  # the client's banner and key exchange
                    chunk = client.recv(65536)
                    if not chunk:  # the client left first
                        break
                    seen += chunk
            client.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            client.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def _run(port: int, mode: str, known_hosts: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(port), mode, ADDRESS, known_hosts],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("mode", ["unconfigured", "configured"])
def test_a_device_resetting_the_session_prints_nothing_but_the_push_error(tmp_path, mode):
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text("")
    with resetting_server() as port:
        result = _run(port, mode, str(known_hosts))
    assert result.returncode == 0, result.stderr
    assert "PUSH ERROR" in result.stdout  # the connection failed, as the push reports it
    if mode == "unconfigured":
        # nothing printed by the libraries themselves: no traceback, no paramiko error line
        assert result.stderr == ""
    else:
        # an application's own logging still receives every record
        assert "CONFIGURED paramiko.transport: Socket exception:" in result.stderr
