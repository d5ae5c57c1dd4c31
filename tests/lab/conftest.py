"""A lab of the Union Shenzhen campus (VRP CPE, VRPv8 edges, SmartAX OLTs) shared by the lab tests."""

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from netmiko import ConnectHandler

from medinfra.lab import LabDevice, LabHandle, run_lab
from medinfra.load import load_topology
from medinfra.model import Platform, Topology
from medinfra.platforms import platform_for
from tests.conftest import INVENTORY, free_port

BASE = "127.0.77.1"
VRP_ERRORS = platform_for(Platform.HUAWEI_VRP).error_pattern
SMARTAX_ERRORS = platform_for(Platform.HUAWEI_SMARTAX).error_pattern


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


def system_view(session: Any, lines: Sequence[str] = (), errors: str = VRP_ERRORS) -> str:
    """``system-view`` and then ``lines``, with explicit prompt patterns (VRP, VRPv8).

    netmiko's own ``config_mode`` probes with ``check_config_mode``, which waits for two
    seconds of silence each call, although a device (and the lab) answers at once; the tests
    that are about netmiko's own config-mode handling call it, the others use this.
    """
    output = str(session.send_command("system-view", expect_string=r"\]"))
    if lines:
        output += str(
            session.send_config_set(
                list(lines), enter_config_mode=False, exit_config_mode=False, error_pattern=errors
            )
        )
    return output


def configure(session: Any, platform: Platform, lines: Sequence[str]) -> str:
    """Enter config mode with the platform's explicit prompts (as the push layer does), send
    ``lines`` with its error pattern, commit (two-stage platforms) and leave config mode."""
    spec = platform_for(platform)
    mode = spec.config_mode
    if spec.enable_after_login:
        session.enable()
    output = str(session.send_command(mode.enter, expect_string=mode.prompt))
    output += str(
        session.send_config_set(
            list(lines),
            enter_config_mode=False,
            exit_config_mode=False,
            error_pattern=spec.error_pattern,
        )
    )
    if spec.two_stage_commit:
        committed = str(session.send_command("commit", expect_string=mode.prompt))
        assert "Error" not in committed, committed
        output += committed
    return output + str(session.send_command(mode.leave, expect_string=mode.leave_prompt))


def logout(session: Any) -> None:
    """``quit`` and close the transport at once, without netmiko's ``disconnect``: its
    clean-up probes for config mode with ``check_config_mode`` (two seconds of silence)."""
    with contextlib.suppress(OSError, EOFError):  # the device may have closed first
        session.write_channel("quit" + session.RETURN)
    with contextlib.suppress(OSError, EOFError):
        session.remote_conn.close()
    session.remote_conn_pre.close()  # the SSH client: closing it never raises


@pytest.fixture(scope="session")
def state_dir(lab: LabHandle) -> Path:
    return lab.state_dir
