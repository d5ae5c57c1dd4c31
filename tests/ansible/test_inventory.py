"""The inventory plugin through ansible-inventory, the module's docs through ansible-doc."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from medinfra.load import load_topology
from medinfra.platforms import platform_for
from tests.conftest import EXAMPLES, INVENTORY, REPO

BIN = Path(sys.executable).parent


def ansible(tool: str, *args: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MEDINFRA_")}
    environment.update(ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), ANSIBLE_NOCOLOR="1", **env)
    done = subprocess.run(
        [str(BIN / tool), *args], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout


def plain(value):
    """ansible-inventory --list wraps strings from plugins as {"__ansible_unsafe": ...}."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def inventory(name: str, **env: str) -> dict:
    path = str(INVENTORY / name / "medinfra.yml")
    return plain(json.loads(ansible("ansible-inventory", "-i", path, "--list", **env)))


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_device_is_grouped_by_site_role_and_platform(name):
    topology = load_topology(INVENTORY / name).topology
    listing = inventory(name)
    hostvars = listing["_meta"]["hostvars"]
    for site, device in topology.all_devices():
        for group in (
            "medinfra_devices",
            f"site_{site.id.replace('-', '_')}",
            device.role.value,
            device.platform.value,
        ):
            assert device.hostname in listing[group]["hosts"], (device.hostname, group)
        host = hostvars[device.hostname]
        assert host["ansible_host"] == str(device.management.address.ip)
        assert host["medinfra_platform"] == device.platform.value
        spec = platform_for(device.platform)  # device-type facts come from the registry
        assert host["medinfra_netmiko_device_type"] == spec.netmiko_device_type
        assert host["medinfra_reachability_timeout"] == spec.boot_seconds
        assert host["medinfra_site"] == site.id
        assert host["ansible_connection"] == "local"
        assert Path(host["medinfra_topology"]) == (INVENTORY / name).resolve()


def test_imaging_gateways_have_their_own_group_and_user():
    topology = load_topology(INVENTORY / "henan-provincial-hospital").topology
    gateways = [g for site in topology.sites for g in site.imaging_gateways]
    if not gateways:
        pytest.skip("the example has no imaging gateway")
    listing = inventory("henan-provincial-hospital", MEDINFRA_GATEWAY_USER="dicomops")
    assert sorted(listing["imaging_gateways"]["hosts"]) == sorted(g.hostname for g in gateways)
    for gateway in gateways:
        host = listing["_meta"]["hostvars"][gateway.hostname]
        assert host["ansible_host"] == str(gateway.management_address.ip)
        assert host["ansible_user"] == "dicomops"
        assert "ansible_connection" not in host  # gateways are reached over SSH


def test_lab_override_points_hosts_at_the_lab_and_leaves_out_what_it_does_not_run(tmp_path):
    (tmp_path / "override.yaml").write_text(
        "topology: henan-provincial-hospital\nknown_hosts: known_hosts\ndevices:\n"
        "  XC-CPE-01: {address: 127.0.10.2, port: 2222, platform: huawei_vrp}\n",
        encoding="utf-8",
    )
    listing = inventory("henan-provincial-hospital", MEDINFRA_LAB_STATE=str(tmp_path))
    assert listing["medinfra_devices"]["hosts"] == ["XC-CPE-01"]
    host = listing["_meta"]["hostvars"]["XC-CPE-01"]
    assert (host["ansible_host"], host["ansible_port"]) == ("127.0.10.2", 2222)
    assert host["medinfra_known_hosts"] == str(tmp_path / "known_hosts")
    assert host["medinfra_lab_state"] == str(tmp_path)


def test_graph_shows_the_groups():
    graph = ansible(
        "ansible-inventory",
        "-i",
        str(INVENTORY / "union-shenzhen-campus" / "medinfra.yml"),
        "--graph",
    )
    assert "@olt:" in graph and "@dc_edge:" in graph and "@cpe:" in graph


def test_module_documentation_declares_check_and_diff_support():
    doc = json.loads(ansible("ansible-doc", "--json", "medinfra.hospital.medinfra_config"))
    module = doc["medinfra.hospital.medinfra_config"]
    attributes = module["doc"]["attributes"]
    assert attributes["check_mode"]["support"] == "full"
    assert attributes["diff_mode"]["support"] == "full"
    assert {"changed", "diff", "commit_id", "rolled_back"} <= set(module["return"])
