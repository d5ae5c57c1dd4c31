"""Baseline for the rollout benchmark: a plain Nornir + netmiko push of the rendered configs.

What a team would write without medinfra's engine: render each device's config (medinfra's
renderer, secrets filled from the environment), send every line with nornir-netmiko's
``netmiko_send_config`` (error pattern on), commit on VRPv8, save. No diff, no identity check,
no verification, no rollback. Host keys are checked against the lab's known_hosts.

    python benchmarks/nornir_push.py TOPOLOGY LAB_STATE --workers N
"""

import argparse
import os
import sys
import time
from pathlib import Path

from nornir import InitNornir
from nornir.core.inventory import ConnectionOptions, Defaults, Groups, Host, Hosts, Inventory
from nornir.core.plugins.inventory import InventoryPluginRegister
from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_commit, netmiko_save_config, netmiko_send_config

from medinfra.load import load_topology
from medinfra.platforms import platform_for
from medinfra.push.credentials import load_store
from medinfra.push.override import read_override
from medinfra.render import render_device


def config_lines(text: str) -> list[str]:
    """The command lines of a rendered config (separators and ``return`` dropped)."""
    lines = [line.rstrip() for line in text.splitlines()]
    return [line.strip() for line in lines if line.strip() and line.strip() not in {"#", "return"}]


class ModelInventory:
    """A Nornir inventory built from the medinfra model and the lab override."""

    topology_path: Path
    state: Path

    def load(self) -> Inventory:
        topology = load_topology(self.topology_path).topology
        override = read_override(self.state)
        store = load_store()
        hosts = Hosts()
        for _, device in topology.all_devices():
            entry = override.devices[device.hostname]
            login = store.login(device.credentials)
            extras = {
                "ssh_strict": True,
                "alt_host_keys": True,
                "alt_key_file": str(override.known_hosts),
                "fast_cli": True,
            }
            hosts[device.hostname] = Host(
                name=device.hostname,
                hostname=str(entry.address),
                port=entry.port,
                username=login.username,
                password=login.password,
                platform=platform_for(device.platform).netmiko_device_type,
                data={
                    "lines": config_lines(store.resolve(render_device(topology, device.hostname))),
                    "error_pattern": platform_for(device.platform).error_pattern,
                    "two_stage_commit": platform_for(device.platform).two_stage_commit,
                },
                connection_options={"netmiko": ConnectionOptions(extras=extras)},
            )
        return Inventory(hosts=hosts, groups=Groups(), defaults=Defaults())


def push(task: Task) -> Result:
    task.run(
        task=netmiko_send_config,
        config_commands=task.host["lines"],
        error_pattern=task.host["error_pattern"],
    )
    if task.host["two_stage_commit"]:
        task.run(task=netmiko_commit)
    confirm = task.host.platform != "huawei_smartax"  # VRP asks before it saves
    task.run(task=netmiko_save_config, confirm=confirm, confirm_response="y")
    return Result(host=task.host, changed=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("topology", type=Path)
    parser.add_argument("state", type=Path)
    parser.add_argument("--workers", type=int, default=10)
    args = parser.parse_args()
    ModelInventory.topology_path, ModelInventory.state = args.topology, args.state
    InventoryPluginRegister.register("medinfra_model", ModelInventory)
    start = time.monotonic()
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": args.workers}},
        inventory={"plugin": "medinfra_model"},
        logging={"enabled": False},
    )
    result = nr.run(task=push)
    failed = sorted(result.failed_hosts)
    print(f"nornir: {len(result)} devices, {len(failed)} failed in {time.monotonic() - start:.1f}s")
    for host in failed[:5]:
        print(f"  {host}: {result[host].exception}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("MEDINFRA_USERNAME", "medinfra")
    sys.exit(main())
