"""The rendered configs go through unmodified netmiko into the device lab: every line is
accepted (no error pattern) and ``display current-configuration`` shows the same text back,
line for line, but for the secrets (the device shows its cipher).

One device of each platform of the Union Shenzhen campus: CPE, data-centre edge (two-stage
commit) and OLT. Secrets are replaced in memory by lab values, as the push layer does.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medinfra.model import Platform
from medinfra.push.remediation import normalise
from tests.conftest import free_port
from tests.render.conftest import config_of, example

lab = pytest.importorskip("medinfra.lab")
netmiko = pytest.importorskip("netmiko")
sessions = pytest.importorskip("tests.lab.conftest")  # netmiko sessions to the lab

pytestmark = pytest.mark.lab

NAME = "union-shenzhen-campus"
SECRET = re.compile(r"(<<secret:[^>]+>>|%\^%#\S+%\^%#)")
PROFILE_VIEW = re.compile(r"^ont-(line|srv)profile ")


def commands(text: str, platform: Platform) -> list[str]:
    """The lines a person would type: layout lines dropped, profile views committed."""
    lines: list[str] = []
    in_profile = False
    for raw in text.splitlines():
        line = SECRET.sub("Lab-Secret-2026", raw.strip())
        if not line or line.startswith(("#", "[", "<")) or line == "return":
            continue
        if platform is Platform.HUAWEI_SMARTAX:
            if PROFILE_VIEW.match(line):
                in_profile = True
            elif line == "quit" and in_profile:
                lines.append("commit")
                in_profile = False
        lines.append(line)
    return lines


DEVICE_ADDED = re.compile(r"^(ntp-service (ipv6 )?server disable|snmp-agent local-engineid \w+)$")
DELIVERED_ROUTE = re.compile(r"^ip route-static (vpn-instance \S+ )?0\.0\.0\.0 0\.0\.0\.0 \S+$")
"""The default route through the management gateway a device is delivered with (the lab's
day-0 state): a merge keeps it beside the rendered routes to the management networks."""


def blocks(lines: list[str]) -> list[tuple[str, ...]]:
    """Top-level lines with the lines of their views."""
    out: list[list[str]] = []
    for line in lines:
        if line.startswith(" ") and out:
            out[-1].append(line)
        else:
            out.append([line])
    return [tuple(block) for block in out]


def masked(text: str) -> list[str]:
    return [SECRET.sub("<secret>", line.rstrip()) for line in text.strip().splitlines()]


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    state: Path = tmp_path_factory.mktemp("render-lab")
    with lab.run_lab(example(NAME), state, base_address="127.0.78.1", port=free_port()) as running:
        yield running


@pytest.mark.parametrize("hostname", ["UNION-CPE-01", "NS-DC-PE-01", "UNION-OLT-02"])
def test_netmiko_pushes_the_rendered_config_and_reads_it_back(handle: Any, hostname: str) -> None:
    device = next(d for d in handle.devices if d.hostname == hostname)
    text = config_of(NAME, hostname)
    connection = sessions.connect(handle, device)
    try:
        sessions.configure(connection, device.platform, commands(text, device.platform))
        shown = connection.send_command("display current-configuration")
    finally:
        sessions.logout(connection)
    # the device prints its own layout (version line, AR's leading-space globals, MA5800
    # sections and markers, in its own section order) and adds its own NTP and SNMP lines;
    # besides those, it holds the rendered configuration, line for line
    held = blocks(masked(normalise(device.platform, shown)))
    wanted = blocks(masked(normalise(device.platform, text)))
    assert [block for block in wanted if block not in held] == []
    extra = [block for block in held if block not in wanted]
    assert all(
        len(block) == 1 and (DEVICE_ADDED.match(block[0]) or DELIVERED_ROUTE.match(block[0]))
        for block in extra
    ), extra
