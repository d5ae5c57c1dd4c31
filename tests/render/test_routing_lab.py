"""The routing lines (#16) go through netmiko into the device lab over SSH and read back: the
LAN port of a CPE whose LAN port is layer 2 (AR6140: `undo portswitch`, a dot1q
sub-interface), its tracked primary/backup routes to the cloud and its route to the LAN
ranges; the edge's handoff with its VRRP virtual address and master priority, `undo
shutdown` on its ports, the routes to each site over its lines and across the core, and to
the cloud's zones through the tenant's router. Lab addresses 127.0.180.x."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medinfra.push.remediation import normalise
from tests.render.conftest import config_of, example
from tests.render.test_netmiko_push import blocks, commands, free_port, masked

lab = pytest.importorskip("medinfra.lab")
netmiko = pytest.importorskip("netmiko")
sessions = pytest.importorskip("tests.lab.conftest")  # netmiko sessions to the lab

pytestmark = pytest.mark.lab

NAME = "henan-provincial-hospital"
NEW_LINES = {
    "XC-CPE-01": [
        "interface GigabitEthernet0/0/3",
        " undo portswitch",
        "interface GigabitEthernet0/0/3.100",
        " dot1q termination vid 100",
        " ip address 10.20.255.253 255.255.255.252",
        "ip route-static 10.20.128.0 255.255.128.0 10.20.255.254",
        "ip route-static 10.30.1.0 255.255.255.0 10.0.2.6 preference 70 "
        "track bfd-session ge0-0-2-202",
    ],
    "ZZ-DC-PE-01": [
        "interface 10GE2/0/0",
        " undo shutdown",
        " vrrp vrid 1 virtual-ip 10.30.255.1",
        " vrrp vrid 1 priority 120",
        "ip route-static 10.20.0.0 255.255.128.0 10.30.255.3 preference 80",
        "ip route-static 10.30.1.0 255.255.255.0 10.30.255.4",
    ],
}


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    state: Path = tmp_path_factory.mktemp("routing-lab")
    with lab.run_lab(example(NAME), state, base_address="127.0.180.1", port=free_port()) as running:
        yield running


def _push(handle: Any, hostname: str, text: str) -> str:
    device = next(d for d in handle.devices if d.hostname == hostname)
    connection = sessions.connect(handle, device)
    try:
        sessions.configure(connection, device.platform, commands(text, device.platform))
        return str(connection.send_command("display current-configuration"))
    finally:
        sessions.logout(connection)


@pytest.mark.parametrize("hostname", sorted(NEW_LINES))
def test_the_lab_takes_the_routing_lines_over_ssh_and_holds_them(
    handle: Any, hostname: str
) -> None:
    text = config_of(NAME, hostname)
    for line in NEW_LINES[hostname]:  # the lines this test is about are in the config
        assert line in text.splitlines(), line
    device = next(d for d in handle.devices if d.hostname == hostname)
    shown = _push(handle, hostname, text)
    held = blocks(masked(normalise(device.platform, shown)))
    wanted = blocks(masked(normalise(device.platform, text)))
    assert [block for block in wanted if block not in held] == []
    held_lines = {line for block in held for line in block}
    for line in NEW_LINES[hostname]:
        assert line.strip() in {held.strip() for held in held_lines}, line


def test_the_lab_refuses_a_vrrp_priority_out_of_range(handle: Any) -> None:
    device = next(d for d in handle.devices if d.hostname == "ZZ-DC-PE-02")
    connection = sessions.connect(handle, device)
    try:
        out = sessions.system_view(
            connection, ["interface 10GE2/0/0", "vrrp vrid 1 priority 255"], ""
        )
    finally:
        sessions.logout(connection)
    assert "Error:" in out
