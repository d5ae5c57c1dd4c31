"""The lab as a background process: pid file, status file, control socket, clean stop.

``<state_dir>/lab.pid`` holds the process id, ``<state_dir>/lab.json`` the devices (written once
every listener is up), ``<state_dir>/lab.log`` the process output. SIGTERM, SIGINT or a
``stop`` request end it; it removes those files on the way out.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from medinfra.fileio import write_atomic
from medinfra.lab.control import serve_control, socket_path
from medinfra.lab.device import AddressInUseError, LabDevice, LabError
from medinfra.lab.faults import Fault, parse_fault
from medinfra.lab.runner import create_lab
from medinfra.lab.state import write_access_files
from medinfra.load import load_topology

START_TIMEOUT = 120.0
STOP_TIMEOUT = 20.0


@dataclass(frozen=True)
class LabOptions:
    """What ``medinfra lab up`` asked for (JSON-serialisable, handed to the background process)."""

    topology: str
    state_dir: str
    base_address: str = "127.0.10.1"
    port: int = 2222
    sites: list[str] | None = None
    configs: dict[str, str] = field(default_factory=dict)
    faults: dict[str, list[str]] = field(default_factory=dict)


def pid_file(state_dir: Path) -> Path:
    """The pid file."""
    return state_dir / "lab.pid"


def status_file(state_dir: Path) -> Path:
    """The status file (devices of the running lab)."""
    return state_dir / "lab.json"


def _device_rows(devices: list[LabDevice]) -> list[dict[str, Any]]:
    return [
        {"hostname": d.hostname, "platform": d.platform.value, "address": d.address, "port": d.port}
        for d in devices
    ]


async def _serve(options: LabOptions, ready: Callable[[list[dict[str, Any]]], None]) -> None:
    state_dir = Path(options.state_dir).resolve()
    topology = load_topology(Path(options.topology)).topology
    faults: dict[str, list[Fault]] = {
        host: [parse_fault(spec) for spec in specs] for host, specs in options.faults.items()
    }
    lab = create_lab(
        topology,
        state_dir,
        base_address=options.base_address,
        port=options.port,
        sites=options.sites,
        configs={host: Path(path) for host, path in options.configs.items()},
        faults=faults,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await lab.start()
    control_path = socket_path(state_dir)
    control = await serve_control(lab, control_path, stop)
    try:
        write_access_files(state_dir, str(Path(options.topology).resolve()), lab.public, lab.keys)
        rows = _device_rows(lab.public)
        status = {"pid": os.getpid(), "socket": str(control_path), "devices": rows}
        write_atomic(status_file(state_dir), json.dumps(status, indent=2) + "\n")
        ready(rows)
        await stop.wait()
    finally:
        control.close()
        await lab.stop()
        control_path.unlink(missing_ok=True)
        status_file(state_dir).unlink(missing_ok=True)


def serve(options: LabOptions, ready: Callable[[list[dict[str, Any]]], None]) -> None:
    """Run the lab in this process until SIGTERM/SIGINT or a stop request."""
    state_dir = Path(options.state_dir).resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(pid_file(state_dir), f"{os.getpid()}\n")
    try:
        asyncio.run(_serve(options, ready))
    finally:
        pid_file(state_dir).unlink(missing_ok=True)


def alive(pid: int) -> bool:
    """Whether a process runs (reaps it first when it is our own exited child)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_status(state_dir: Path) -> dict[str, Any] | None:
    """The status of the lab running in ``state_dir``, or None."""
    try:
        status: dict[str, Any] = json.loads(status_file(state_dir).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return status if alive(int(status.get("pid", 0))) else None


def _running_pid(state_dir: Path) -> int | None:
    try:
        pid = int(pid_file(state_dir).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return pid if alive(pid) else None


def _start_error(log: Path) -> LabError:
    """Why the background process ended: its ``error:`` line, else the log's tail."""
    lines = log.read_text(encoding="utf-8").strip().splitlines()
    errors = [line.removeprefix("error: ") for line in lines if line.startswith("error: ")]
    if errors and AddressInUseError.MARKER in errors[-1]:
        return AddressInUseError(errors[-1])
    if errors:
        return LabError(f"the lab did not start: {errors[-1]}")
    return LabError("the lab did not start: " + " / ".join(lines[-5:]))


def start_background(options: LabOptions) -> dict[str, Any]:
    """Start the lab as a background process; return its status once every device listens."""
    state_dir = Path(options.state_dir).resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    pid = _running_pid(state_dir)
    if pid is not None:
        raise LabError(
            f"a lab already runs in {state_dir} (pid {pid}); run "
            f"'medinfra lab down --state-dir {state_dir}'"
        )
    status_file(state_dir).unlink(missing_ok=True)
    log = state_dir / "lab.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "medinfra.lab.daemon", json.dumps(asdict(options))],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        status = running_status(state_dir)
        if status is not None and status["pid"] == process.pid:
            return status
        if process.poll() is not None:
            raise _start_error(log)
        time.sleep(0.05)
    process.terminate()
    raise LabError(f"the lab did not start within {START_TIMEOUT:.0f} s; see {log}")


def stop_background(state_dir: Path) -> int:
    """Stop the lab running in ``state_dir``; return its pid. Waits until the process is gone."""
    state_dir = state_dir.resolve()
    pid = _running_pid(state_dir)
    if pid is None:
        raise LabError(f"no lab runs in {state_dir}")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline += STOP_TIMEOUT
        time.sleep(0.05)
    pid_file(state_dir).unlink(missing_ok=True)
    status_file(state_dir).unlink(missing_ok=True)
    return pid


def main(argv: list[str]) -> int:
    """Entry point of the background process: ``python -m medinfra.lab.daemon OPTIONS_JSON``."""
    options = LabOptions(**json.loads(argv[0]))
    try:
        serve(options, lambda rows: print(f"lab up: {len(rows)} devices", flush=True))
    except Exception as error:  # noqa: BLE001 - reported in lab.log, read by 'lab up'
        print(f"error: {error}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
