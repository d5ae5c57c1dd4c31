"""Render a national-size synthetic topology; compare with Ansible's ``template`` module.

The synthetic topology is built in memory from the Union Shenzhen example (its service
catalogue, management plane and campus): N hospitals, each with a CPE dual-homed to two
active-active data centres (one line to each), every 50th hospital with a campus OLT of
19 ONTs, and the lines spread over 10 edges per data centre (1,000 per edge at 10,000 sites).

Then the same templates render a subset of hosts through ``ansible-playbook`` (local
connection, the template module, the medinfra filters as a filter plugin, each host's
context as its host variables), and the script reports both rates and their ratio, and
whether Ansible's output equals medinfra's.

    .venv/bin/python benchmarks/render_scale.py --sites 10000 --ansible-hosts 200
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

from medinfra.load import load_topology
from medinfra.model import Topology
from medinfra.render import BUILTIN_TEMPLATES, render_topology, write_configs
from medinfra.render.context import device_context
from medinfra.render.index import build_index
from medinfra.render.renderer import render_context, tidy

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "inventory" / "union-shenzhen-campus"
EDGES_PER_DC = 10
LINES_PER_PORT = 1000
LINE_NET = int(IPv4Address("172.16.0.0"))
MGMT_NET = int(IPv4Address("10.128.0.0"))


def _mgmt(number: int) -> str:
    return f"{IPv4Address(MGMT_NET + 256 * number + 1)}/24"


def _dc_site(dc: int) -> dict[str, Any]:
    return {
        "id": f"dc-{dc}",
        "name": f"Healthcare cloud data centre {dc}",
        "kind": "data_centre",
        "wan_capacity": "400Gbit/s",
        "devices": [
            {
                "hostname": f"DC{dc}-PE-{edge:02d}",
                "platform": "huawei_vrpv8",
                "role": "dc_edge",
                "management": {"address": _mgmt(60000 + 100 * dc + edge)},
                "credentials": "synthetic/dc-edge",
            }
            for edge in range(EDGES_PER_DC)
        ],
    }


def _line(site: int, dc: int, ends: dict[str, Any]) -> dict[str, Any]:
    number = 2 * site + dc - 1
    base = LINE_NET + 4 * number
    per_edge = site // EDGES_PER_DC
    return {
        "id": f"h{site}-dc{dc}",
        "a": {
            "device": ends["cpe"],
            "interface": f"GigabitEthernet0/0/{dc}",
            "address": f"{IPv4Address(base + 1)}/30",
        },
        "z": {
            "device": f"DC{dc}-PE-{site % EDGES_PER_DC:02d}",
            "interface": f"10GE1/0/{per_edge // LINES_PER_PORT + 1}",
            "address": f"{IPv4Address(base + 2)}/30",
        },
        "vlan": 2 + per_edge % LINES_PER_PORT,
        "bandwidth": "200Mbit/s",
        "technology": "mpls",
        "path_id": f"h{site}-path-{dc}",
    }


def _hospital(site: int, campus: dict[str, Any] | None) -> dict[str, Any]:
    cpe = f"H{site:05d}-CPE-01"
    devices = [
        {
            "hostname": cpe,
            "platform": "huawei_vrp",
            "role": "cpe",
            "management": {"address": _mgmt(site)},
            "credentials": "synthetic/cpe",
        }
    ]
    document: dict[str, Any] = {
        "id": f"hospital-{site}",
        "name": f"Hospital {site}",
        "kind": "county_hospital",
        "wan_protection": "1+1",
        "devices": devices,
        "uplinks": [_line(site, dc, {"cpe": cpe}) for dc in (1, 2)],
    }
    if campus is not None:
        olt = f"H{site:05d}-OLT-01"
        devices.append(
            {
                "hostname": olt,
                "platform": "huawei_smartax",
                "role": "olt",
                "management": {"address": _mgmt(30000 + site)},
                "credentials": "synthetic/olt",
            }
        )
        document["campus"] = {"olts": [{**campus, "device": olt}]}
    return document


def synthetic_topology(sites: int) -> Topology:
    """A national-size topology grown from the Union Shenzhen example."""
    base = load_topology(BASE).topology
    document = base.model_dump(mode="json", exclude={"sites", "data_centres"})
    union = next(site for site in base.sites if site.campus is not None)
    assert union.campus is not None
    campus = union.campus.olts[0].model_dump(mode="json")
    document["name"] = "national-synthetic"
    document["data_centres"] = {"mode": "active-active", "sites": ["dc-1", "dc-2"]}
    document["sites"] = [_dc_site(1), _dc_site(2)] + [
        _hospital(site, campus if site % 50 == 0 else None) for site in range(sites)
    ]
    return Topology.model_validate(document)


def bench_medinfra(topology: Topology) -> tuple[float, float, int, int]:
    """Seconds to render every device, seconds to render and write the files, counts."""
    started = time.perf_counter()
    configs = render_topology(topology)
    elapsed = time.perf_counter() - started
    out = Path(tempfile.mkdtemp(prefix="medinfra-render-bench-"))
    try:
        started = time.perf_counter()
        write_configs(out, render_topology(topology))
        with_files = time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return elapsed, with_files, len(configs), sum(config.lines for config in configs)


PLAYBOOK = """\
- name: Render intended configs with the template module
  hosts: all
  connection: local
  gather_facts: false
  tasks:
    - name: Render
      ansible.builtin.template:
        src: "{{ platform }}/main.j2"
        dest: "{{ out_dir }}/{{ inventory_hostname }}.cfg"
        trim_blocks: true
        lstrip_blocks: true
        mode: "0644"
"""

FILTER_PLUGIN = """\
from medinfra.render.filters import FILTERS


class FilterModule:
    def filters(self):
        return FILTERS
"""


def bench_ansible(topology: Topology, hosts: int, forks: int) -> tuple[float, int, int]:
    """Render ``hosts`` devices with ansible-playbook; return (seconds, hosts, mismatches)."""
    index = build_index(topology)
    everyone = [device.hostname for _, device in topology.all_devices()]
    chosen = everyone[:: max(1, len(everyone) // hosts)][:hosts]  # edges, CPEs and OLTs
    work = Path(tempfile.mkdtemp(prefix="medinfra-ansible-bench-"))
    try:
        (work / "templates").symlink_to(BUILTIN_TEMPLATES)
        (work / "filter_plugins").mkdir()
        (work / "filter_plugins" / "medinfra_filters.py").write_text(FILTER_PLUGIN)
        (work / "site.yml").write_text(PLAYBOOK)
        (work / "host_vars").mkdir()
        expected = {}
        for hostname in chosen:
            context = device_context(index, hostname)

            (work / "host_vars" / f"{hostname}.json").write_text(json.dumps(context))
            expected[hostname] = context
        (work / "hosts.ini").write_text("\n".join(chosen) + "\n")
        out = work / "out"
        out.mkdir()
        env = {**os.environ, "ANSIBLE_FORKS": str(forks), "ANSIBLE_HOST_KEY_CHECKING": "0"}
        env["ANSIBLE_LOCALHOST_WARNING"] = "0"
        command = [
            str(Path(sys.executable).parent / "ansible-playbook"),
            "-i",
            "hosts.ini",
            "site.yml",
            "-e",
            f"out_dir={out}",
            "-e",
            f"ansible_python_interpreter={sys.executable}",
        ]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=work, env=env, check=False, capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"ansible-playbook failed:\n{done.stdout.decode()[-3000:]}")
        elapsed = time.perf_counter() - started
        mismatches = sum(
            1
            for hostname in chosen
            if tidy((out / f"{hostname}.cfg").read_text()) != _ours(expected[hostname])
        )
        return elapsed, len(chosen), mismatches
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ours(context: dict[str, Any]) -> str:
    return render_context(context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=10_000, help="hospitals (default 10000)")
    parser.add_argument("--ansible-hosts", type=int, default=200, help="hosts for Ansible")
    parser.add_argument("--forks", type=int, default=5, help="Ansible forks (default 5)")
    parser.add_argument("--skip-ansible", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    topology = synthetic_topology(args.sites)
    built = time.perf_counter() - started
    devices = sum(1 for _ in topology.all_devices())
    print(f"synthetic topology: {len(topology.sites)} sites, {devices} devices ({built:.1f} s)")

    seconds, with_files, configs, lines = bench_medinfra(topology)
    rate = configs / with_files
    print(
        f"medinfra: {configs} configs, {lines} lines rendered in {seconds:.2f} s "
        f"= {configs / seconds:,.0f} configs/s ({lines / seconds:,.0f} lines/s); "
        f"rendered and written atomically in {with_files:.2f} s = {rate:,.0f} configs/s"
    )
    if args.skip_ansible:
        return
    a_seconds, a_hosts, mismatches = bench_ansible(topology, args.ansible_hosts, args.forks)
    a_rate = a_hosts / a_seconds
    print(
        f"ansible template module: {a_hosts} configs in {a_seconds:.2f} s = {a_rate:,.1f} "
        f"configs/s (forks {args.forks}); outputs differing from medinfra's: {mismatches}"
    )
    print(f"ratio (both writing files): medinfra {rate / a_rate:,.0f}x faster")


if __name__ == "__main__":
    main()
