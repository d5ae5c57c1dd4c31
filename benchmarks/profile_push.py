"""Where a push's time goes: one device under cProfile, or a whole fleet under py-spy.

The topology is the rollout benchmark's (``medinfra generate``, N devices); the lab runs in
this process on 127.0.170.1 and up.

One device (in this process, cProfile on the pushing thread): the engine's step timings
(connect, read, push, verify, save), the time spent sleeping in ``time.sleep`` and who
slept, and the functions with the most own time -- for the first rollout and a re-run:

    .venv/bin/python benchmarks/profile_push.py --devices 500 --host H00049-CPE-01

The fleet (``medinfra push`` as a subprocess under py-spy, sampling every thread that is on
the CPU; py-spy is not a dependency: ``uv pip install py-spy``): the share of samples by the
package of the innermost frame and by inclusive function:

    .venv/bin/python benchmarks/profile_push.py --devices 500 --fleet --workers 10
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from rollout import BIN, compile_bytecode, environment, free_port, generate

from medinfra.lab import run_lab
from medinfra.load import load_topology

BASE = "127.0.205.1"
PACKAGES = ("netmiko", "paramiko", "cryptography", "hier_config", "jinja2", "pydantic", "yaml")


def one_device(topology_dir: Path, host: str, work: Path) -> None:
    from medinfra.push.credentials import load_store
    from medinfra.push.engine import PushOptions, push_device
    from medinfra.push.plan import plan_push

    topology = load_topology(topology_dir).topology
    state = work / "lab-one"
    shutil.rmtree(state, ignore_errors=True)
    os.environ.update(environment(topology, work, state))
    with run_lab(topology, state, base_address=BASE, port=free_port()):
        job = plan_push(topology_dir, hostnames=[host], lab_state=state).jobs[0]
        store = load_store()
        options = PushOptions(lock_dir=work / "locks", audit_log=work / "audit.jsonl")
        for run in ("first", "rerun"):
            profile = cProfile.Profile()
            start = time.monotonic()
            profile.enable()
            result = push_device(job, store, options)
            profile.disable()
            wall = time.monotonic() - start
            steps = {k: round(v, 3) for k, v in result.durations.items()}
            print(f"== {run}: {wall:.3f} s, {result.outcome.value}, steps {steps}")
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("tottime").print_callers(r"time.sleep")
            stats.print_stats(12)
            print(out.getvalue())


def _package(frame: str) -> str:
    found = re.search(r"\((.*?):\d+\)", frame)
    path = found.group(1) if found else frame
    for name in PACKAGES:
        if f"/{name}/" in path or path.startswith(f"{name}/"):
            return name
    own = re.search(r"medinfra/(\w+)/", path)
    if own:
        return f"medinfra.{own.group(1)}"
    return "python (stdlib, threading, ssl)" if ".py" in path else path


def fleet(topology_dir: Path, workers: int, work: Path) -> None:
    spy = shutil.which("py-spy", path=str(BIN)) or shutil.which("py-spy")
    if spy is None:
        sys.exit("py-spy is not installed (uv pip install py-spy)")
    topology = load_topology(topology_dir).topology
    state = work / "lab-fleet"
    shutil.rmtree(state, ignore_errors=True)
    env = environment(topology, work, state)
    with run_lab(topology, state, base_address=BASE, port=free_port()):
        for run in ("first", "rerun"):
            raw = work / f"py-spy-{run}.txt"
            push = [str(BIN / "medinfra"), "push", str(topology_dir), "--lab", str(state)]
            command = [
                spy,
                "record",
                "--gil",
                "--subprocesses",
                "--format",
                "raw",
                "-r",
                "100",
                "-o",
                str(raw),
                "--",
            ]
            start = time.monotonic()
            done = subprocess.run(
                [*command, *push, "--workers", str(workers), "--quiet"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            print(f"== {run}: exit {done.returncode}, {time.monotonic() - start:.1f} s (sampled)")
            summarize(raw)


def summarize(raw: Path, top: int = 25) -> None:
    """Print the sample shares of a py-spy raw (collapsed stacks) file."""
    leaf: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        total += samples
        frames = stack.split(";")
        leaf[_package(frames[-1])] += samples
        for name in {re.sub(r":\d+\)", ")", frame) for frame in frames}:
            inclusive[name] += samples
    print(f"{total} samples; innermost frame's package:")
    for name, samples in leaf.most_common(10):
        print(f"  {100 * samples / total:5.1f}%  {name}")
    print("inclusive:")
    for name, samples in inclusive.most_common(top):
        print(f"  {100 * samples / total:5.1f}%  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--host", default="H00049-CPE-01")
    parser.add_argument("--fleet", action="store_true")
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/medinfra-profile"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    topology_dir = args.work / f"topology-{args.devices}"
    if not (topology_dir / "medinfra.yml").is_file():
        topology_dir = generate(args.devices, args.work)
    if args.fleet:
        fleet(topology_dir, args.workers, args.work)
    else:
        one_device(topology_dir, args.host, args.work)


if __name__ == "__main__":
    main()
