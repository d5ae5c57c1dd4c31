"""Rollout benchmark: N lab devices pushed by `medinfra push`, by `ansible-playbook site.yml`
and by a plain Nornir + netmiko script (benchmarks/nornir_push.py), same worker count.

For each size a synthetic topology is written with `medinfra generate` (hospitals with 1+1
lines to two active-active data centres, clinics on one line, the generator's VRPv8 edges). For each
tool a fresh lab of the topology is started in this process (asyncssh, loopback addresses),
the tool runs as a subprocess twice -- the first rollout onto blank devices, then a re-run
that should change nothing -- and afterwards every device's running config is compared with
its intended config (medinfra's remediation must be empty).

``--workers``, ``--latency`` and ``--processes`` (``medinfra push --processes``) take several
values: every combination is measured, each on a
fresh lab. ``--latency S`` gives every lab device the lab's ``latency`` fault (each answered
line waits S seconds). Each row also reports the load average before the run and the lab's
CPU time per SSH session (the benchmark process only serves the lab while a tool runs) and
the tool's own CPU time per device, and the system part of it (its processes, from
``RUSAGE_CHILDREN``): unlike the wall
time, these hardly depend on what else runs on the machine.

    .venv/bin/python benchmarks/rollout.py --sizes 100 200 --workers 10 --work /tmp/rollout
    .venv/bin/python benchmarks/rollout.py --sizes 500 --workers 10 50 200 --latency 0 0.03 \
        --tools medinfra-push --work /tmp/rollout
"""

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from medinfra.lab import run_lab
from medinfra.lab.faults import Latency
from medinfra.load import load_topology
from medinfra.model import Topology
from medinfra.push.credentials import placeholders, secret_env_name
from medinfra.push.engine import scope_context
from medinfra.push.guard import safe_remediation
from medinfra.render import render_device

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BASE_ADDRESS = "127.0.160.1"
"""Lab devices listen on 127.0.160.1 and up (one loopback address per device; ``--base``)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def compile_bytecode() -> None:
    """Write the bytecode of medinfra's sources and the environment's packages, as an install
    by pip does: without it (``PYTHONDONTWRITEBYTECODE``, an editable install, ``uv`` without
    ``--compile-bytecode``) every tool run compiles all it imports, some seconds of CPU that a
    user's install never pays."""
    paths = [str(REPO / "src"), sysconfig.get_paths()["purelib"]]
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", *paths], check=False)


def generate(size: int, work: Path) -> Path:
    """A topology with exactly ``size`` devices (hospital and clinic CPEs plus the generator's
    data-centre edges, however many it makes: the clinics make up the difference)."""
    hospitals = max(1, size // 10)
    out = _generate(hospitals, size - hospitals - 2, work / f"topology-{size}")
    actual = sum(1 for _ in load_topology(out).topology.all_devices())
    if actual != size:
        out = _generate(hospitals, size - hospitals - 2 + size - actual, out)
    return out


def _generate(hospitals: int, clinics: int, out: Path) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [
            str(BIN / "medinfra"),
            "generate",
            "--hospitals",
            str(hospitals),
            "--clinics",
            str(clinics),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (out / "medinfra.yml").write_text("plugin: medinfra.hospital.medinfra\n", encoding="utf-8")
    return out


def environment(topology: Topology, work: Path, state: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDINFRA_")}
    env.update(
        MEDINFRA_USERNAME="medinfra",
        MEDINFRA_PASSWORD="medinfra-lab",
        MEDINFRA_LAB_STATE=str(state),
        MEDINFRA_LOCK_DIR=str(work / "locks"),
        MEDINFRA_AUDIT_LOG=str(work / "audit.jsonl"),
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_HOME=str(work / "ansible-home"),
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    refs: set[str] = set()
    for _, device in topology.all_devices():
        refs.update(placeholders(render_device(topology, device.hostname)))
    env.update({secret_env_name(ref): "Bench-Secret-1" for ref in refs})
    return env


def commands(  # noqa: PLR0917 - the benchmark's matrix, one argument per axis
    tool: str, topology_dir: Path, state: Path, workers: int, work: Path, processes: int = 0
) -> list[str]:
    if tool == "medinfra-push":
        return [
            str(BIN / "medinfra"),
            "push",
            str(topology_dir),
            "--lab",
            str(state),
            "--workers",
            str(workers),
            "--processes",
            str(processes),
            "--quiet",
        ]
    if tool == "ansible-playbook":
        return [
            str(BIN / "ansible-playbook"),
            str(REPO / "site.yml"),
            "-i",
            str(topology_dir / "medinfra.yml"),
            "--limit",
            "medinfra_devices",
            "-f",
            str(workers),
            "-e",
            f"medinfra_audit_log={work / 'audit.jsonl'}",
            "-e",
            f"medinfra_lock_dir={work / 'locks'}",
        ]
    return [
        str(sys.executable),
        str(REPO / "benchmarks" / "nornir_push.py"),
        str(topology_dir),
        str(state),
        "--workers",
        str(workers),
    ]


def converged(topology: Topology, lab: object) -> int:
    """How many devices hold their intended config (the engine's own scoped verification:
    lines the lab's devices add themselves, which the model does not own, do not count)."""
    count = 0
    for _, device in topology.all_devices():
        running = lab.running_config(device.hostname)  # type: ignore[attr-defined]
        intended = render_device(topology, device.hostname)
        scope = scope_context(device, "medinfra")
        if safe_remediation(device.platform, running, intended, scope).empty:
            count += 1
    return count


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    """CPU time (user + system) of this process (the lab's event loop while a tool runs), or
    of its finished children (the tool's processes) with ``RUSAGE_CHILDREN``."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure(
    tool: str,
    size: int,
    topology_dir: Path,
    workers: int,
    work: Path,
    *,
    latency: float = 0.0,
    base: str = BASE_ADDRESS,
    processes: int = 0,
) -> dict[str, object]:
    topology = load_topology(topology_dir).topology
    state = work / f"lab-{size}-{tool}"
    shutil.rmtree(state, ignore_errors=True)
    env = environment(topology, work, state)
    row: dict[str, object] = {
        "tool": tool,
        "devices": size,
        "workers": workers,
        "latency": latency,
        "processes": processes if tool == "medinfra-push" else None,
    }
    faults = {d.hostname: [Latency(latency)] for _, d in topology.all_devices()} if latency else {}
    with run_lab(topology, state, base_address=base, port=free_port(), faults=faults) as lab:
        for run in ("first", "rerun"):
            row[f"{run}_load"] = round(os.getloadavg()[0], 1)
            sessions, cpu = lab.sessions, cpu_seconds()
            tool_cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
            tool_sys = resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime
            start = time.monotonic()
            done = subprocess.run(
                commands(tool, topology_dir, state, workers, work, processes),
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.monotonic() - start
            row[f"{run}_seconds"] = round(seconds, 1)
            row[f"{run}_devices_per_minute"] = round(size / seconds * 60, 1)
            row[f"{run}_exit"] = done.returncode
            served = lab.sessions - sessions
            tool_ms = (cpu_seconds(resource.RUSAGE_CHILDREN) - tool_cpu) / size * 1000
            row[f"{run}_tool_cpu_ms_per_device"] = round(tool_ms, 1)
            sys_ms = (
                (resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime - tool_sys) / size * 1000
            )
            row[f"{run}_tool_sys_ms_per_device"] = round(sys_ms, 1)
            row[f"{run}_lab_sessions"] = served
            row[f"{run}_lab_cpu_ms_per_session"] = round(
                (cpu_seconds() - cpu) / max(1, served) * 1000, 1
            )
            if done.returncode != 0:
                (work / f"{tool}-{size}-{run}.log").write_text(
                    done.stdout + done.stderr, encoding="utf-8"
                )
        row["converged"] = converged(topology, lab)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--workers", type=int, nargs="+", default=[10])
    parser.add_argument(
        "--latency",
        type=float,
        nargs="+",
        default=[0.0],
        metavar="S",
        help="seconds every lab answer waits (the lab's latency fault); several values allowed",
    )
    parser.add_argument(
        "--tools", nargs="+", default=["medinfra-push", "ansible-playbook", "nornir-netmiko"]
    )
    parser.add_argument(
        "--processes",
        type=int,
        nargs="+",
        default=[0],
        help="medinfra push --processes values (0: its default); several allowed",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/medinfra-rollout"))
    parser.add_argument("--base", default=BASE_ADDRESS, help="the lab's first loopback address")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    rows = []
    for size in args.sizes:
        topology_dir = generate(size, args.work)
        for latency in args.latency:
            for workers in args.workers:
                for tool in args.tools:
                    counts = args.processes if tool == "medinfra-push" else [0]
                    for processes in counts:
                        row = measure(
                            tool,
                            size,
                            topology_dir,
                            workers,
                            args.work,
                            latency=latency,
                            base=args.base,
                            processes=processes,
                        )
                        rows.append(row)
                        print(json.dumps(row), flush=True)
    (args.work / "results.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
