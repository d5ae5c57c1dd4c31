"""Host variables of the imaging gateways, from the example topologies."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from medinfra.gateways import gateway_host_vars, gateways_host_vars
from medinfra.load import load_topology
from tests.conftest import EXAMPLES, INVENTORY, REPO


def test_henan_gateway_vars_follow_the_model() -> None:
    topology = load_topology(INVENTORY / "henan-provincial-hospital").topology
    site = next(s for s in topology.sites if s.id == "hpph-main")
    gateway = site.imaging_gateways[0]
    hostvars = gateway_host_vars(topology, site.id, gateway)
    assert hostvars["ansible_host"] == "10.255.10.20"
    assert hostvars["imaging_gateway_ae_title"] == "HPPH_EDGE_GW"
    assert hostvars["imaging_gateway_dicom_port"] == 104
    assert [p["network"] for p in hostvars["imaging_gateway_peers"]] == [
        "10.20.10.0/24",
        "10.20.11.0/24",
        "10.30.1.0/24",
    ]
    assert hostvars["imaging_gateway_archive"]["host"] == "10.30.1.10"
    assert hostvars["imaging_gateway_archive"]["port"] == 11112
    # 400 Mbit/s is 50 000 000 bytes per second for nftables.
    assert hostvars["imaging_gateway_upload_limit_bytes"] == 50_000_000
    assert hostvars["imaging_gateway_management_networks"] == ["10.255.0.0/16"]
    assert hostvars["imaging_gateway_ntp_servers"] == ["10.255.0.10", "10.255.0.11"]
    assert hostvars["imaging_gateway_syslog_servers"] == ["10.255.0.20", "10.255.0.21"]
    assert (hostvars["medinfra_tenant"], hostvars["medinfra_zone"]) == ("hpph", "clinical")


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_gateway_of_every_example_has_vars(name: str) -> None:
    topology = load_topology(Path(INVENTORY / name)).topology
    expected = [g.hostname for s in topology.sites for g in s.imaging_gateways]
    hostvars = gateways_host_vars(topology)
    assert sorted(hostvars) == sorted(expected)
    for values in hostvars.values():
        assert values["imaging_gateway_peers"], "a gateway without peers would accept nothing"
        assert values["imaging_gateway_management_networks"]


def test_the_inventory_plugin_gives_gateways_the_role_variables() -> None:
    topology = load_topology(INVENTORY / "henan-provincial-hospital").topology
    expected = gateways_host_vars(topology)["HPPH-DICOM-GW-01"]
    listed = subprocess.run(
        [
            str(Path(sys.executable).parent / "ansible-inventory"),
            "-i",
            str(INVENTORY / "henan-provincial-hospital" / "medinfra.yml"),
            "--host",
            "HPPH-DICOM-GW-01",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    hostvars = json.loads(listed.stdout)
    assert {key: hostvars[key] for key in expected} == expected
    groups = subprocess.run(
        [
            str(Path(sys.executable).parent / "ansible-inventory"),
            "-i",
            str(INVENTORY / "henan-provincial-hospital" / "medinfra.yml"),
            "--graph",
            "imaging_gateways",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "HPPH-DICOM-GW-01" in groups.stdout
