"""Start a lab of ~500 devices and drive it with concurrent, unmodified netmiko sessions.

A synthetic topology is written with ``medinfra generate`` (N hospitals, each a VRP CPE and a
SmartAX OLT, plus four VRPv8 data-centre edges). Then ``medinfra lab up`` starts it as a
background process (the real CLI path), once with a fresh state directory (host keys are
generated) and once warm (keys reused). The script reports the wall time of ``lab up``, the
lab process's resident memory, and how many netmiko sessions per second the lab serves with
20 client threads (each session: connect with login, ``display current-configuration``,
close), plus the lab process's CPU time over that run.

    .venv/bin/python benchmarks/lab_scale.py --hospitals 248 --sessions 200 --workers 20
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from netmiko import ConnectHandler

from medinfra.lab.runner import create_lab
from medinfra.load import load_topology
from medinfra.model import Platform
from medinfra.platforms import platform_for

TICKS = os.sysconf("SC_CLK_TCK")


def run(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", "from medinfra.cli import main; main()", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def lab_up(topology: Path, state: Path, port: int) -> tuple[float, int, list[dict[str, Any]]]:
    start = time.perf_counter()
    run(
        "lab",
        "up",
        str(topology),
        "--port",
        str(port),
        "--base-address",
        "127.0.90.1",
        "--state-dir",
        str(state),
    )
    elapsed = time.perf_counter() - start
    status = json.loads((state / "lab.json").read_text())
    return elapsed, int(status["pid"]), status["devices"]


def in_process_start(topology: Path, state: Path, port: int) -> tuple[float, float, float]:
    """Load the topology, build the devices, open every listener: (load, build, listen) s."""
    start = time.perf_counter()
    loaded = load_topology(topology).topology
    loaded_at = time.perf_counter()
    lab = create_lab(loaded, state, base_address="127.0.91.1", port=port)
    built_at = time.perf_counter()

    async def listen() -> float:
        begin = time.perf_counter()
        await lab.start()
        elapsed = time.perf_counter() - begin
        await lab.stop()
        return elapsed

    listened = asyncio.run(listen())
    return loaded_at - start, built_at - loaded_at, listened


def one_session(device: dict[str, Any]) -> float:
    platform = Platform(device["platform"])
    start = time.perf_counter()
    connection = ConnectHandler(
        device_type=platform_for(platform).netmiko_device_type,
        host=device["address"],
        port=device["port"],
        username="medinfra",
        password="medinfra-lab",
        fast_cli=True,
    )
    if platform_for(platform).enable_after_login:
        connection.enable()
    output = connection.send_command("display current-configuration")
    assert output.rstrip().endswith("return"), output[-200:]
    connection.paramiko_cleanup()
    return time.perf_counter() - start


def sessions(devices: list[dict[str, Any]], count: int, workers: int) -> tuple[float, list[float]]:
    targets = [devices[(i * 7) % len(devices)] for i in range(count)]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        durations = list(pool.map(one_session, targets))
    return time.perf_counter() - start, durations


def through_cli(topology: Path, state: Path, args: argparse.Namespace) -> dict[str, Any]:
    """``lab up`` cold and warm, then the concurrent sessions against the warm lab."""
    try:
        cold, pid, devices = lab_up(topology, state, args.port)
        figures: dict[str, Any] = {"cold": cold, "cold_rss": rss_mib(pid)}
        run("lab", "down", "--state-dir", str(state))
        warm, pid, devices = lab_up(topology, state, args.port)
        figures.update(warm=warm, rss=rss_mib(pid), devices=len(devices))
        cpu_before = cpu_seconds(pid)
        figures["wall"], figures["durations"] = sessions(devices, args.sessions, args.workers)
        figures.update(cpu=cpu_seconds(pid) - cpu_before, rss_after=rss_mib(pid))
    finally:
        if (state / "lab.pid").exists():
            run("lab", "down", "--state-dir", str(state))
    return figures


def report(
    starts: list[tuple[str, tuple[float, float, float]]], f: dict[str, Any], args: Any
) -> None:
    durations = sorted(f["durations"])
    print(f"devices                      {f['devices']}")
    for name, (load, build, listen) in starts:
        print(
            f"in-process start, {name}       load {load:.2f} s + build {build:.2f} s"
            f" + listen {listen:.2f} s = {load + build + listen:.2f} s"
        )
    print(f"lab up, cold (new host keys) {f['cold']:.2f} s   RSS {f['cold_rss']:.0f} MiB")
    print(f"lab up, warm                 {f['warm']:.2f} s   RSS {f['rss']:.0f} MiB")
    print(
        f"sessions                     {args.sessions} with {args.workers} threads in"
        f" {f['wall']:.2f} s = {args.sessions / f['wall']:.1f} sessions/s"
    )
    print(
        f"session time median / p95    {durations[len(durations) // 2]:.2f} s /"
        f" {durations[int(len(durations) * 0.95)]:.2f} s"
    )
    print(f"lab CPU during sessions      {f['cpu']:.2f} s   RSS after {f['rss_after']:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hospitals", type=int, default=248)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--port", type=int, default=22022)
    args = parser.parse_args()
    os.environ.pop("MEDINFRA_USERNAME", None)
    os.environ.pop("MEDINFRA_PASSWORD", None)
    with tempfile.TemporaryDirectory() as tmp:
        topology, state = Path(tmp) / "topology", Path(tmp) / "state"
        run(
            "generate",
            "--hospitals",
            str(args.hospitals),
            "--onts-per-site",
            "2",
            "--out",
            str(topology),
        )
        starts = [
            (name, in_process_start(topology, Path(tmp) / "in-process", args.port + 1))
            for name in ("cold", "warm")
        ]
        figures = through_cli(topology, state, args)
    report(starts, figures, args)


if __name__ == "__main__":
    main()
