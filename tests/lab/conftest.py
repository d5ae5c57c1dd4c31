"""A lab of the Union Shenzhen campus (VRP CPE, VRPv8 edges, SmartAX OLTs) shared by the lab tests."""

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netmiko import ConnectHandler

from medinfra.lab import LabDevice, LabHandle, run_lab
from medinfra.load import load_topology
from medinfra.model import Platform, Topology
from medinfra.platforms import platform_for
from tests.conftest import INVENTORY

BASE = "127.0.77.1"
VRP_ERRORS = platform_for(Platform.HUAWEI_VRP).error_pattern
SMARTAX_ERRORS = platform_for(Platform.HUAWEI_SMARTAX).error_pattern


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def campus() -> Topology:
    return load_topology(INVENTORY / "union-shenzhen-campus").topology


@pytest.fixture(scope="session")
def lab(campus: Topology, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabHandle]:
    state = tmp_path_factory.mktemp("lab-state")
    with run_lab(campus, state, base_address=BASE, port=free_port()) as handle:
        yield handle


def first(lab: LabHandle, platform: Platform, index: int = 0) -> LabDevice:
    return [d for d in lab.devices if d.platform is platform][index]


def connect(lab: LabHandle, device: LabDevice, **extra: Any) -> Any:
    """An unmodified netmiko connection to a lab device."""
    params: dict[str, Any] = {
        "device_type": platform_for(device.platform).netmiko_device_type,
        "host": device.address,
        "port": device.port,
        "username": lab.credentials.username,
        "password": lab.credentials.password,
        "fast_cli": True,
        **extra,
    }
    return ConnectHandler(**params)


@pytest.fixture(scope="session")
def state_dir(lab: LabHandle) -> Path:
    return lab.state_dir
