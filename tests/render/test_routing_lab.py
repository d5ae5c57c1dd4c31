"""The routing lines (#16) go through netmiko into the device lab over SSH and read back: the
LAN port of a CPE whose LAN port is layer 2 (AR6140: `undo portswitch`, a dot1q
sub-interface), its tracked primary/backup routes to the cloud and its route to the LAN
ranges; the edge's handoff with its VRRP virtual address and master priority, `undo
shutdown` on its ports, the routes to each site over its lines (tagged, imported into its
iBGP with the other edge), and to the cloud's zones through the tenant's router. Lab addresses 127.0.180.x."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.render.conftest import config_of, example

rendered = pytest.importorskip("tests.lab.rendered_push")  # needs netmiko and the lab
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
        "bgp 65010",
        " peer 10.30.255.3 as-number 65010",
        " ipv4-family unicast",
        "  import-route static route-policy medinfra-site-lines",
        "  peer 10.30.255.3 enable",
        "route-policy medinfra-site-lines permit node 10",
        " if-match tag 1616",
        "ip route-static 10.20.0.0 255.255.128.0 10.0.1.1 tag 1616 track bfd-session ge1-0-1-101",
        "ip route-static 10.30.1.0 255.255.255.0 10.30.255.4",
    ],
}


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with rendered.example_lab(example(NAME), tmp_path_factory, "127.0.180.1") as running:
        yield running


@pytest.mark.parametrize("hostname", sorted(NEW_LINES))
def test_the_lab_takes_the_routing_lines_over_ssh_and_holds_them(
    handle: Any, hostname: str
) -> None:
    text = config_of(NAME, hostname)
    for line in NEW_LINES[hostname]:  # the lines this test is about are in the config
        assert line in text.splitlines(), line
    rendered.assert_lab_holds(handle, hostname, text, NEW_LINES[hostname])


def test_the_lab_refuses_a_vrrp_priority_out_of_range(handle: Any) -> None:
    connection = sessions.connect(handle, rendered.device(handle, "ZZ-DC-PE-02"))
    try:
        out = sessions.system_view(
            connection, ["interface 10GE2/0/0", "vrrp vrid 1 priority 255"], ""
        )
    finally:
        sessions.logout(connection)
    assert "Error:" in out
