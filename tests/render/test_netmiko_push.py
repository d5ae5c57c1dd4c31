"""The rendered configs go through unmodified netmiko into the device lab: every line is
accepted (no error pattern) and ``display current-configuration`` shows the same text back,
line for line, but for the secrets (the device shows its cipher).

One device of each platform of the Union Shenzhen campus: CPE, data-centre edge (two-stage
commit) and OLT. Secrets are replaced in memory by lab values, as the push layer does.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from medinfra.push.remediation import normalise
from tests.render.conftest import config_of, example

rendered = pytest.importorskip("tests.lab.rendered_push")  # needs netmiko and the lab

pytestmark = pytest.mark.lab

NAME = "union-shenzhen-campus"


DEVICE_ADDED = re.compile(r"^(ntp-service (ipv6 )?server disable|snmp-agent local-engineid \w+)$")
DELIVERED_ROUTE = re.compile(r"^ip route-static (vpn-instance \S+ )?0\.0\.0\.0 0\.0\.0\.0 \S+$")
"""The default route through the management gateway a device is delivered with (the lab's
day-0 state): a merge keeps it beside the rendered routes to the management networks."""


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with rendered.example_lab(example(NAME), tmp_path_factory, "127.0.78.1") as running:
        yield running


@pytest.mark.parametrize("hostname", ["UNION-CPE-01", "NS-DC-PE-01", "UNION-OLT-02"])
def test_netmiko_pushes_the_rendered_config_and_reads_it_back(handle: Any, hostname: str) -> None:
    device = rendered.device(handle, hostname)
    text = config_of(NAME, hostname)
    shown = rendered.push_and_show(handle, hostname, text)
    # the device prints its own layout (version line, AR's leading-space globals, MA5800
    # sections and markers, in its own section order) and adds its own NTP and SNMP lines;
    # besides those, it holds the rendered configuration, line for line
    held = rendered.blocks(rendered.masked(normalise(device.platform, shown)))
    wanted = rendered.blocks(rendered.masked(normalise(device.platform, text)))
    assert [block for block in wanted if block not in held] == []
    extra = [block for block in held if block not in wanted]
    assert all(
        len(block) == 1 and (DEVICE_ADDED.match(block[0]) or DELIVERED_ROUTE.match(block[0]))
        for block in extra
    ), extra
