"""The rendered configs go through unmodified netmiko into the device lab: every line is
accepted (no error pattern) and ``display current-configuration`` shows the same text back,
line for line, but for the secrets (the device shows its cipher).

One device of each platform of the Union Shenzhen campus: CPE, data-centre edge (two-stage
commit) and OLT. Secrets are replaced in memory by lab values, as the push layer does.
"""

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medinfra.model import Platform
from tests.render.conftest import config_of, example

lab = pytest.importorskip("medinfra.lab")
netmiko = pytest.importorskip("netmiko")
platforms = pytest.importorskip("medinfra.lab.platforms")

pytestmark = pytest.mark.lab

NAME = "union-shenzhen-campus"
ERRORS = {
    Platform.HUAWEI_VRP: r"(?m)^Error(\[\d+\])?:",
    Platform.HUAWEI_VRPV8: r"(?m)^Error(\[\d+\])?:",
    Platform.HUAWEI_SMARTAX: r"% Unknown command|Failure:",
}
SECRET = re.compile(r"(<<secret:[^>]+>>|%\^%#\S+%\^%#)")
CONFIG_MODE = {
    Platform.HUAWEI_VRP: ("system-view", r"\]\s*$", "return", r">\s*$"),
    Platform.HUAWEI_VRPV8: ("system-view", r"\]\s*$", "return", r">\s*$"),
    Platform.HUAWEI_SMARTAX: ("config", r"\(config\)#\s*$", "return", r"#\s*$"),
}
"""Enter config mode, its prompt, leave it, the prompt after (explicit patterns, as the push
layer does, instead of netmiko's check_config_mode and its two seconds of silence)."""
PROFILE_VIEW = re.compile(r"^ont-(line|srv)profile ")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    connection = netmiko.ConnectHandler(
        device_type=platforms.PLATFORMS[device.platform].netmiko_type,
        host=device.address,
        port=device.port,
        username=handle.credentials.username,
        password=handle.credentials.password,
        fast_cli=True,
    )
    try:
        enter, enter_prompt, leave, leave_prompt = CONFIG_MODE[device.platform]
        if device.platform is Platform.HUAWEI_SMARTAX:
            connection.enable()
        connection.send_command(enter, expect_string=enter_prompt)
        connection.send_config_set(
            commands(text, device.platform),
            enter_config_mode=False,
            exit_config_mode=False,
            error_pattern=ERRORS[device.platform],
        )
        if device.platform is Platform.HUAWEI_VRPV8:
            committed = connection.send_command("commit", expect_string=enter_prompt)
            assert "Error" not in committed
        connection.send_command(leave, expect_string=leave_prompt)
        shown = connection.send_command("display current-configuration")
    finally:
        connection.disconnect()
    assert masked(shown) == masked(text)
