"""The active-active lines (#16) go through netmiko into the device lab over SSH and read
back: each data-centre edge's own handoff with its VRRP virtual address and master priority,
its standby leg on the other data centre's provider network (priority 90); the iBGP
between the two edges is pushed by tests/render/test_ibgp_lab.py. Only the two data centres' edges are started. Lab addresses
127.0.230.x."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.render.conftest import config_of, example

rendered = pytest.importorskip("tests.lab.rendered_push")  # needs netmiko and the lab

pytestmark = pytest.mark.lab

NAME = "henan-telemedicine"
NEW_LINES = {
    "TM-DC1-PE-01": [
        "interface 100GE2/0/0",
        " ip address 10.130.255.2 255.255.255.240",
        " vrrp vrid 1 virtual-ip 10.130.255.1",
        " vrrp vrid 1 priority 120",
        "interface 100GE2/0/1",
        " ip address 10.130.254.3 255.255.255.240",
        " vrrp vrid 1 virtual-ip 10.130.254.1",
        " vrrp vrid 1 priority 90",
    ],
    "TM-DC2-PE-01": [
        "interface 100GE2/0/0",
        " ip address 10.130.254.2 255.255.255.240",
        " vrrp vrid 1 virtual-ip 10.130.254.1",
        " vrrp vrid 1 priority 120",
        "interface 100GE2/0/1",
        " ip address 10.130.255.3 255.255.255.240",
        " vrrp vrid 1 virtual-ip 10.130.255.1",
        " vrrp vrid 1 priority 90",
    ],
}


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    sites = ["zzu-dc-zhengdong", "zzu-dc-hezhi"]
    with rendered.example_lab(example(NAME), tmp_path_factory, "127.0.230.1", sites) as running:
        yield running


def _part(text: str, hostname: str) -> str:
    """The blocks of the rendered config that hold the lines under test (the whole edge
    config is 2,000 lines; every line of it is in the lab's grammar, test_lab_accepts)."""
    lines = text.splitlines()
    wanted = NEW_LINES[hostname]
    part: list[str] = []
    for head in (line for line in wanted if line.startswith("interface ")):
        start = lines.index(head)
        end = lines.index("#", start)
        part += [*lines[start:end], "#"]
    part += [line for line in wanted if line.startswith("ip route-static ")]
    return "\n".join(part) + "\n"


@pytest.mark.parametrize("hostname", sorted(NEW_LINES))
def test_the_lab_takes_the_standby_lines_over_ssh_and_holds_them(
    handle: Any, hostname: str
) -> None:
    text = config_of(NAME, hostname)
    for line in NEW_LINES[hostname]:  # the lines this test is about are in the config
        assert line in text.splitlines(), line
    rendered.assert_lab_holds(handle, hostname, _part(text, hostname), NEW_LINES[hostname])
