"""``display version`` per platform and hardware model, as the devices print it, sent with
netmiko's ``send_command`` through the lab and parsed by ntc-templates: an AR names its model
and V300R019 release, an NE edge its product family, V800R0xx release and ``HUAWEI MODEL
uptime is``, an MA5800 its V100R022 version and an ``Uptime is`` line."""

import re
from typing import Any

import pytest
from ntc_templates.parse import parse_output

from medinfra.lab import LabHandle
from medinfra.model import Platform
from medinfra.platforms.hardware import HARDWARE
from tests.lab.conftest import connect, first

CASES = [Platform.HUAWEI_VRP, Platform.HUAWEI_VRPV8, Platform.HUAWEI_SMARTAX]


def _version(lab: LabHandle, platform: Platform) -> tuple[Any, str]:
    device = first(lab, platform)
    connection = connect(lab, device)
    try:
        if platform is Platform.HUAWEI_SMARTAX:
            connection.enable()
        return device, str(connection.send_command("display version"))
    finally:
        connection.disconnect()


@pytest.mark.parametrize("platform", CASES)
def test_display_version_names_the_hardware_model_and_its_release(
    lab: LabHandle, campus: Any, platform: Platform
) -> None:
    device, text = _version(lab, platform)
    model = next(d.model for _, d in campus.all_devices() if d.hostname == device.hostname)
    hardware = HARDWARE[model]
    parsed = parse_output(
        platform=platform.value.replace("vrpv8", "vrp"), command="display version", data=text
    )
    assert parsed, text
    if platform is Platform.HUAWEI_SMARTAX:
        assert parsed[0]["olt_version"] == hardware.software
        assert parsed[0]["product"] == model
        assert re.search(
            r"^\s*Uptime is \d+ day\(s\), \d+ hour\(s\), \d+ minute\(s\), \d+ second\(s\)$",
            text,
            re.M,
        )
    else:
        assert parsed[0]["model"] == model
        assert hardware.software in parsed[0]["product_version"]
    if platform is Platform.HUAWEI_VRPV8:
        assert parsed[0]["vrp_version"].startswith("8.")
        assert parsed[0]["product_version"] == f"{model.split('-')[0]} {hardware.software}"
        assert re.search(rf"^HUAWEI {re.escape(model)} uptime is \d+ days, ", text, re.M)
        assert hardware.software.startswith("V800R0")
