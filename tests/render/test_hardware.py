"""Hardware models in the rendered configs: management port and vpn-instance, layer-2 LAN
ports switched to layer 3, account levels the platform takes."""

import re

import pytest

from medinfra.model import Platform
from medinfra.platforms.hardware import HARDWARE, PortRole, hardware_model
from tests.conftest import EXAMPLES
from tests.render.conftest import children, config_of, example, rendered

DEVICES = [
    (name, device)
    for name in EXAMPLES
    for _, device in example(name).all_devices()
    if device.platform is not Platform.HUAWEI_SMARTAX
]


def test_every_model_of_the_examples_is_in_the_hardware_table() -> None:
    models = {device.model for _, device in DEVICES} | {
        device.model for name in EXAMPLES for _, device in example(name).all_devices()
    }
    assert models - {None} <= set(HARDWARE)


def test_every_hardware_model_has_its_management_port_and_a_routable_port() -> None:
    for model in HARDWARE.values():
        assert model.port_role(model.management_port) is not None
        assert any(group.role is not PortRole.SWITCHED for group in model.ports), model.name
        for group in model.ports:
            assert model.port_role(group.first()) is group.role, group
    assert HARDWARE["NE40E-X8A"].port_role("GigabitEthernet0/0/0") is PortRole.MANAGEMENT
    assert HARDWARE["AR651"].port_role("GigabitEthernet0/0/0") is PortRole.SWITCHED


@pytest.mark.parametrize(("name", "device"), DEVICES, ids=lambda v: getattr(v, "hostname", v))
def test_switched_ports_get_undo_portswitch_first_and_routed_ports_never(
    name: str, device: object
) -> None:
    hostname = device.hostname  # type: ignore[attr-defined]
    hardware = hardware_model(device.model)  # type: ignore[attr-defined]
    assert hardware is not None
    text = config_of(name, hostname)
    ports = re.findall(r"^interface (\S+)$", text, flags=re.MULTILINE)
    physical = [port for port in ports if "." not in port]
    assert hardware.management_port in physical
    for port in physical:
        body = children(text, f"interface {port}")
        if hardware.port_role(port) is PortRole.SWITCHED:
            assert body[0] == "undo portswitch", (hostname, port)
        else:
            assert "undo portswitch" not in body, (hostname, port)


def test_an_ar651_switches_its_lan_uplink_and_management_port_to_layer_3() -> None:
    text = config_of("longgang-regional-imaging", "LG-C004-CPE-01")
    assert children(text, "interface GigabitEthernet0/0/0")[0] == "undo portswitch"
    assert children(text, "interface GigabitEthernet0/0/1")[0] == "undo portswitch"


def test_an_ar6280_routes_its_ports_as_they_are() -> None:
    text = config_of("henan-provincial-hospital", "HPPH-CPE-01")
    assert "undo portswitch" not in text


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_vrpv8_account_gets_a_level_above_3(name: str) -> None:
    for config in rendered(name):
        if config.platform != "huawei_vrpv8":
            continue
        levels = [int(n) for n in re.findall(r"^ local-user \S+ level (\d+)$", config.text, re.M)]
        assert all(level <= 3 for level in levels), config.hostname
        assert " local-user netadmin user-group manage-ug" in config.text.splitlines()
        assert "privilege level" not in config.text


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_edge_manages_over_gigabitethernet0_0_0_in_the_oam_vpn(name: str) -> None:
    for config in rendered(name):
        if config.platform != "huawei_vrpv8":
            continue
        assert "interface MEth0/0/0" not in config.text
        body = children(config.text, "interface GigabitEthernet0/0/0")
        # up (an NE port without it is down), then bound before it takes its address
        assert body[:2] == ["undo shutdown", "ip binding vpn-instance __LOCAL_OAM_VPN__"]
