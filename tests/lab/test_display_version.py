"""The everyday display commands through netmiko's ``send_command``: ``display ip interface
brief`` in the VRP layouts (VRPv8 with its VPN column), and ``display version`` per platform and hardware model, as the devices print it, sent with
netmiko's ``send_command`` through the lab and parsed by ntc-templates: an AR names its model
and V300R019 release, an NE edge its product family, V800R0xx release and ``HUAWEI MODEL
uptime is``, an MA5800 its V100R022 version and an ``Uptime is`` line."""

import re
from pathlib import Path
from typing import Any

import pytest
from ntc_templates.parse import parse_output

from medinfra.lab import LabHandle, run_lab
from medinfra.model import Platform
from medinfra.platforms.hardware import HARDWARE
from tests.lab.conftest import connect, first, free_port

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
        assert re.search(
            rf"^HUAWEI {re.escape(model)} uptime is \d+ days?, \d+ hours?, \d+ minutes?$",
            text,
            re.M,
        )
        assert hardware.software.startswith("V800R0")


def _send(lab: LabHandle, platform: Platform, command: str) -> tuple[Any, str]:
    device = first(lab, platform)
    connection = connect(lab, device)
    try:
        return device, str(connection.send_command(command))
    finally:
        connection.disconnect()


@pytest.mark.parametrize("platform", [Platform.HUAWEI_VRP, Platform.HUAWEI_VRPV8])
def test_display_ip_interface_brief_lists_the_addressed_interfaces(
    lab: LabHandle, campus: Any, platform: Platform
) -> None:
    device, text = _send(lab, platform, "display ip interface brief")
    model = next(d for _, d in campus.all_devices() if d.hostname == device.hostname)
    address = model.management.address
    port = HARDWARE[model.model].management_port
    lines = text.splitlines()
    # the shared lab's other tests may have added interfaces: count those of the running config
    running = lab.running_config(device.hostname).split("\ninterface ")[1:]
    addressed = [b for b in running if "\n ip address " in b and "\n shutdown" not in b]
    assert f"The number of interface that is UP in Physical is {len(addressed) + 1}" in lines
    header = next(line for line in lines if line.startswith("Interface"))
    assert header.split() == ["Interface", "IP", "Address/Mask", "Physical", "Protocol"] + (
        ["VPN"] if platform is Platform.HUAWEI_VRPV8 else []
    )
    row = next(line for line in lines if line.startswith(port))
    expected = [port, f"{address.ip}/{address.network.prefixlen}", "up", "up"]
    if platform is Platform.HUAWEI_VRPV8:
        expected.append("__LOCAL_OAM_VPN__")
    assert row.split() == expected
    assert next(line for line in lines if line.startswith("NULL0")).split()[1:4] == [
        "unassigned",
        "up",
        "up(s)",
    ]


@pytest.mark.parametrize("platform", [Platform.HUAWEI_VRP, Platform.HUAWEI_VRPV8])
def test_display_bfd_session_all_lists_the_configured_sessions(
    lab: LabHandle, platform: Platform
) -> None:
    device = first(lab, platform)
    lab.apply_lines(
        device.hostname,
        [
            "bfd devcfg-test bind peer-ip 10.86.0.2 source-ip 10.86.0.1",
            "discriminator local 86",
            "discriminator remote 68",
        ],
    )
    try:
        _, text = _send(lab, platform, "display bfd session all")
    finally:  # the lab is shared by the session's tests: leave the device as it was
        lab.apply_lines(device.hostname, ["undo bfd devcfg-test"])
    assert "devcfg-test" not in lab.running_config(device.hostname)
    row = next(line for line in text.splitlines() if "10.86.0.2" in line)
    assert row.split() == ["86", "68", "10.86.0.2", "Down", "S_IP_PEER", "-"]
    assert re.search(r"^\s+Total UP/DOWN Session Number : 0/\d+$", text, re.M)
    assert text.startswith("(w): State in WTR") is (platform is Platform.HUAWEI_VRPV8)


def test_display_configuration_commit_list_verbose_has_one_block_per_commit(
    campus: Any, tmp_path: Path
) -> None:
    with run_lab(
        campus,
        tmp_path,
        base_address="127.0.86.1",
        port=free_port(),
        sites=["nanshan-health-cloud"],
    ) as own:  # its own lab: the shared one's commit ids belong to other tests
        device = first(own, Platform.HUAWEI_VRPV8)
        connection = connect(own, device)
        try:
            for label in ("devcfg-a", "devcfg-b"):
                connection.send_config_set(
                    ["lldp enable" if label[-1] == "a" else "undo lldp enable"],
                    exit_config_mode=False,
                )
                connection.send_command(f"commit label {label}", expect_string=r"\]")
            connection.send_command("return", expect_string=r">")
            text = str(connection.send_command("display configuration commit list verbose"))
        finally:
            connection.disconnect()
    blocks = re.findall(r"^(\d+)\) CommitId: (\d{10})$", text, re.M)
    assert blocks == [("1", "1000000002"), ("2", "1000000001")], text  # newest first
    newest = re.split(r"^1\) CommitId: ", text, maxsplit=1, flags=re.M)[1].splitlines()
    assert newest[1].strip() == "Label: devcfg-b"
    assert [line.split(":")[0].strip() for line in newest[1:7]] == [
        "Label",
        "User",
        "User-Intf",
        "Type",
        "TimeStamp",
        "Description",
    ]
