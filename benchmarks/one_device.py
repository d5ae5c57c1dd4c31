"""One device of the rollout topology pushed by ``medinfra push -d HOST`` (a subprocess) onto a
lab of that device's site in this process: wall time and the CPU seconds of both sides.

The topology is ``rollout.py``'s (``medinfra generate``, N devices); ``--latency S`` gives the
device the lab's ``latency`` fault (a round trip of S seconds). Prints one JSON line for the
first rollout onto the blank device and one for the re-run: the tool's CPU (its processes,
start-up, topology load and rendering included) and the lab's (this process's event loop).

    .venv/bin/python benchmarks/one_device.py --devices 500 --host DC-A-PE-01 --latency 0.03
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import time
from pathlib import Path

from rollout import BIN, compile_bytecode, cpu_seconds, environment, free_port, generate

from medinfra.lab import run_lab
from medinfra.lab.faults import Latency
from medinfra.load import load_topology


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--host", default="DC-A-PE-01")
    parser.add_argument("--latency", type=float, default=0.0, metavar="S")
    parser.add_argument("--work", type=Path, default=Path("/tmp/medinfra-one"))
    parser.add_argument("--base", default="127.0.207.1", help="the lab's first loopback address")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    topology_dir = args.work / f"topology-{args.devices}"
    if not (topology_dir / "medinfra.yml").is_file():
        topology_dir = generate(args.devices, args.work)
    topology = load_topology(topology_dir).topology
    site = next(s.id for s, d in topology.all_devices() if d.hostname == args.host)
    state = args.work / "lab-one"
    shutil.rmtree(state, ignore_errors=True)
    env = environment(topology, args.work, state)
    faults = {args.host: [Latency(args.latency)]} if args.latency else {}
    push = [str(BIN / "medinfra"), "push", str(topology_dir), "--lab", str(state)]
    push += ["-d", args.host, "--quiet", "--timeout", "120"]
    with run_lab(
        topology, state, base_address=args.base, port=free_port(), sites=[site], faults=faults
    ):
        for run in ("first", "rerun"):
            lab_cpu, tool_cpu = cpu_seconds(), cpu_seconds(resource.RUSAGE_CHILDREN)
            load, start = os.getloadavg()[0], time.monotonic()
            done = subprocess.run(push, env=env, capture_output=True, text=True, check=False)
            row = {
                "run": run,
                "exit": done.returncode,
                "wall_s": round(time.monotonic() - start, 2),
                "tool_cpu_s": round(cpu_seconds(resource.RUSAGE_CHILDREN) - tool_cpu, 2),
                "lab_cpu_s": round(cpu_seconds() - lab_cpu, 2),
                "load": round(load, 1),
            }
            print(json.dumps(row), flush=True)
            if done.returncode:
                print(done.stdout[-2000:], done.stderr[-2000:])


if __name__ == "__main__":
    main()
