"""The iBGP between the data-centre edges (#16) goes through netmiko into the device lab over
SSH and reads back: on each Henan telemedicine edge the ``bgp`` view with its peer (the other
edge's address on the subnet they share), the ``ipv4-family unicast`` sub-view importing
only the tagged static routes, the route-policy matching the tag, and a tagged line route;
the lab refuses a second ``bgp`` with another AS as a device does (one AS per device) and
keeps the first. Only the two data centres' edges are started. Lab addresses 127.1.10.x."""

from collections.abc import Iterator
from typing import Any

import pytest

from medinfra.push.remediation import normalise
from tests.render.conftest import config_of, example

rendered = pytest.importorskip("tests.lab.rendered_push")  # needs netmiko and the lab
sessions = pytest.importorskip("tests.lab.conftest")

pytestmark = pytest.mark.lab

NAME = "henan-telemedicine"
PEERS = {"TM-DC1-PE-01": "10.130.254.2", "TM-DC2-PE-01": "10.130.254.3"}
ROUTE = {
    "TM-DC1-PE-01": "ip route-static 10.140.0.0 255.255.248.0 10.3.0.21 tag 1616 "
    "track bfd-session 10ge1-0-1-105",
    "TM-DC2-PE-01": "ip route-static 10.140.0.0 255.255.248.0 10.4.0.21 preference 70 tag 1616 "
    "track bfd-session 10ge1-0-1-105",
}


def _new_lines(hostname: str) -> list[str]:
    peer = PEERS[hostname]
    return [
        "bgp 65020",
        f" peer {peer} as-number 65020",
        " #",
        " ipv4-family unicast",
        "  undo synchronization",
        "  import-route static route-policy medinfra-site-lines",
        f"  peer {peer} enable",
        f"  peer {peer} advertise-community",
        "#",
        "route-policy medinfra-site-lines permit node 10",
        " if-match tag 1616",
        " apply community no-export",
        "#",
        ROUTE[hostname],
    ]


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    sites = ["zzu-dc-zhengdong", "zzu-dc-hezhi"]
    with rendered.example_lab(example(NAME), tmp_path_factory, "127.1.10.1", sites) as running:
        yield running


@pytest.mark.parametrize("hostname", sorted(PEERS))
def test_the_lab_takes_the_ibgp_lines_over_ssh_and_holds_them(handle: Any, hostname: str) -> None:
    lines = config_of(NAME, hostname).splitlines()
    wanted = _new_lines(hostname)
    start = lines.index("bgp 65020")  # the lines under test are the rendered ones, in order
    assert lines[start : start + 13] == wanted[:13]
    assert wanted[13] in lines
    part = "\n".join(wanted) + "\n"
    device = next(d for d in handle.devices if d.hostname == hostname)
    shown = rendered.push_and_show(handle, hostname, part)
    held = rendered.blocks(rendered.masked(normalise(device.platform, shown)))
    assert [
        block
        for block in rendered.blocks(rendered.masked(normalise(device.platform, part)))
        if block not in held
    ] == []
    shown_lines = shown.splitlines()
    at = shown_lines.index("bgp 65020")
    assert shown_lines[at : at + 13] == wanted[:13]  # as a real NE40E lays the view out


def test_the_lab_refuses_a_second_bgp_in_another_as_and_keeps_the_first(handle: Any) -> None:
    device = next(d for d in handle.devices if d.hostname == "TM-DC1-PE-01")
    rendered.push_and_show(
        handle, "TM-DC1-PE-01", "bgp 65020\n peer 10.130.254.2 as-number 65020\n"
    )
    connection = sessions.connect(handle, device)
    try:
        out = sessions.system_view(connection, ["bgp 64999"], "")
        connection.send_command_timing("return")
        shown = str(connection.send_command("display current-configuration"))
    finally:
        sessions.logout(connection)
    assert "Error: BGP is already running in AS 65020" in out
    assert "bgp 64999" not in shown.splitlines()
    assert "bgp 65020" in shown.splitlines()
