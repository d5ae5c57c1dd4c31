"""The control channel of a background lab: a unix socket taking one JSON request per line.

Requests: ``{"op": "show", "host": H}`` (running configuration), ``{"op": "inject", "host": H,
"fault": "drop:3"}``, ``{"op": "clear", "host": H}``, ``{"op": "stop"}``. Every answer is
``{"ok": true, ...}`` or ``{"ok": false, "error": "..."}``.
"""

import asyncio
import hashlib
import json
import socket
import tempfile
from pathlib import Path
from typing import Any

from medinfra.errors import MedinfraError
from medinfra.lab.device import LabError
from medinfra.lab.faults import parse_fault
from medinfra.lab.server import Lab

MAX_SOCKET_PATH = 100
TIMEOUT = 30.0


def socket_path(state_dir: Path) -> Path:
    """``<state_dir>/lab.sock``, or a short path under the temp dir when that is too long."""
    path = state_dir.resolve() / "lab.sock"
    if len(str(path)) <= MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha1(str(path).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"medinfra-lab-{digest}.sock"


def answer(lab: Lab, request: dict[str, Any], stop: asyncio.Event) -> dict[str, Any]:
    """Carry out one request on the lab (runs on the lab's loop)."""
    op = request.get("op")
    host = str(request.get("host", ""))
    try:
        if op == "show":
            return {"ok": True, "config": lab.running_config(host)}
        if op == "inject":
            lab.inject(host, parse_fault(str(request.get("fault", ""))))
            return {"ok": True}
        if op == "clear":
            lab.clear_faults(host)
            return {"ok": True}
        if op == "stop":
            stop.set()
            return {"ok": True}
    except MedinfraError as error:
        return {"ok": False, "error": str(error)}
    return {"ok": False, "error": f"unknown request {op!r}"}


async def serve_control(lab: Lab, path: Path, stop: asyncio.Event) -> asyncio.Server:
    """Listen on ``path`` for requests."""

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await reader.readline()
            try:
                request = json.loads(line)
            except json.JSONDecodeError:
                request = {}
            reply = answer(lab, request if isinstance(request, dict) else {}, stop)
            writer.write(json.dumps(reply).encode("utf-8") + b"\n")
            await writer.drain()
        finally:
            writer.close()

    path.unlink(missing_ok=True)
    return await asyncio.start_unix_server(client, path=str(path))


def request(path: Path, payload: dict[str, Any]) -> dict[str, Any]:
    """Send one request to a running lab and return its answer."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(TIMEOUT)
            sock.connect(str(path))
            sock.sendall(json.dumps(payload).encode("utf-8") + b"\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError as error:
        raise LabError(f"cannot reach the lab at {path}: {error}") from None
    reply: dict[str, Any] = json.loads(data)
    if not reply.get("ok"):
        raise LabError(str(reply.get("error", "the lab refused the request")))
    return reply
