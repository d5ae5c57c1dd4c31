"""Time load + every check rule on synthetic topologies of region, province and national size.

Usage:
    .venv/bin/python benchmarks/checks_scale.py [--sizes region,province,national]
        [--onts-per-site 32] [--work DIR]

Each size is generated once with ``medinfra generate``'s code (deterministic, seed 1) into
the work directory, then loaded from disk (YAML, schema, references) and checked with every
rule; then one full garbage collection is timed (the cyclic collector is paused during load
and checks, so its cost shows up there, once). The growth ratios compare time with size
between consecutive sizes: near 1.0 means linear scaling. Each step prints its wall time and,
in brackets, the process's CPU time (on shared cores the CPU time is the steadier figure).
"""

import argparse
import gc
import itertools
import tempfile
import time
from pathlib import Path

from medinfra.checks import run_checks, select_rules
from medinfra.checks.paths import walked_flows
from medinfra.load import load_topology
from medinfra.synth import SyntheticSpec, build, write_topology

SIZES = {
    # name: (hospitals, clinics) -> sites = hospitals + clinics (+ 2 data centres)
    "region": (12, 168),  # Longgang: 12 hospitals, 168 community health centres
    "province": (140, 1_860),
    "national": (2_600, 34_400),  # the seed's 37,000 hospitals nationally
}


def measure(name: str, onts: int, work: Path) -> dict[str, float]:
    hospitals, clinics = SIZES[name]
    out = work / f"{name}-h{hospitals}-c{clinics}-o{onts}"
    started = time.perf_counter()
    if not (out / "topology.yaml").is_file():
        write_topology(build(SyntheticSpec(hospitals, clinics, onts, seed=1)), out)
    generated = time.perf_counter() - started
    gc.collect()
    cpu = [time.process_time()]
    started = time.perf_counter()
    loaded = load_topology(out)
    loaded_at = time.perf_counter()
    cpu.append(time.process_time())
    paths = select_rules(["MI-FLOW-003", "MI-FLOW-004"])
    path_run = run_checks(loaded.topology, paths)
    walked = time.perf_counter()
    cpu.append(time.process_time())
    run = run_checks(loaded.topology, [r for r in select_rules(["MI"]) if r not in paths])
    checked = time.perf_counter()
    cpu.append(time.process_time())
    gc.collect()  # the cyclic collector was paused during load and checks: pay its cost here
    collected = time.perf_counter()
    cpu.append(time.process_time())
    load_cpu, paths_cpu, checks_cpu, gc_cpu = (b - a for a, b in itertools.pairwise(cpu))
    sites = len(loaded.topology.sites)
    ont_count = sum(
        len(splitter.onts)
        for site in loaded.topology.sites
        if site.campus
        for olt in site.campus.olts
        for port in olt.pon_ports
        for splitter in port.splitters
    )
    errors = sum(1 for item in run.findings if item.rule.severity.value == "error")
    flows = len(walked_flows(loaded.topology))
    print(
        f"{name:>9}: {sites:>6} sites {ont_count:>7} ONTs | generate {generated:7.2f} s | "
        f"load {loaded_at - started:7.2f} s [{load_cpu:.2f}] | "
        f"{len(path_run.rules)} path rules {walked - loaded_at:6.2f} s [{paths_cpu:.2f}] "
        f"({flows} flows, {len(path_run.findings)} findings) | {len(run.rules)} other rules "
        f"{checked - walked:6.2f} s [{checks_cpu:.2f}] | "
        f"first full GC {collected - checked:5.2f} s [{gc_cpu:.2f}] | {len(run.findings)} "
        f"findings ({errors} errors)",
        flush=True,
    )
    return {
        "sites": sites,
        "load": loaded_at - started,
        "checks": checked - walked,
        "paths": walked - loaded_at,
        "total": collected - started,
        "paths_cpu": paths_cpu,
        "total_cpu": cpu[-1] - cpu[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="region,province,national")
    parser.add_argument("--onts-per-site", type=int, default=32)
    parser.add_argument("--work", type=Path, default=None, help="Keep generated topologies here.")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="medinfra-checks-scale-"))
    results = [(name, measure(name, args.onts_per_site, work)) for name in args.sizes.split(",")]
    print("\ngrowth between sizes (time ratio / site ratio; 1.0 = linear):")
    for (small, a), (large, b) in itertools.pairwise(results):
        size = b["sites"] / a["sites"]
        parts = ", ".join(
            f"{key} x{b[key] / a[key]:.1f} ({b[key] / a[key] / size:.2f})"
            for key in ("load", "paths", "checks", "total", "paths_cpu", "total_cpu")
        )
        print(f"  {small} -> {large}: sites x{size:.1f}; {parts}")


if __name__ == "__main__":
    main()
