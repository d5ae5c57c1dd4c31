"""Unmodified netmiko ``huawei`` against a lab VRP5 CPE: config, errors, save, display, undo."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from netmiko.exceptions import ConfigInvalidException
from ntc_templates.parse import parse_output

from medinfra.lab import LabDevice, LabHandle
from medinfra.lab.state import startup_path
from medinfra.model import Platform
from tests.lab.conftest import VRP_ERRORS, connect, first

SUBINTERFACE = [
    "interface GigabitEthernet0/0/1.101",
    "dot1q termination vid 101",
    "ip address 10.0.1.1 30",
    "description to ZZ-DC-PE-01",
    "bfd toDC bind peer-ip 10.0.1.2 source-ip 10.0.1.1",
    "discriminator local 10",
    "discriminator remote 20",
    "commit",
    "ip route-static 0.0.0.0 0.0.0.0 10.0.1.2 preference 10 track bfd-session toDC",
]


@pytest.fixture(scope="module")
def cpe(lab: LabHandle) -> LabDevice:
    return first(lab, Platform.HUAWEI_VRP)


@pytest.fixture(scope="module")
def session(lab: LabHandle, cpe: LabDevice) -> Iterator[Any]:
    connection = connect(lab, cpe)
    yield connection
    connection.disconnect()


@pytest.fixture(scope="module")
def pushed(session: Any) -> str:
    """Push a private-line sub-interface, BFD session and tracked default route once."""
    return str(session.send_config_set(SUBINTERFACE, error_pattern=VRP_ERRORS))


def test_prompt_carries_the_hostname(session: Any, cpe: LabDevice) -> None:
    assert session.base_prompt == cpe.hostname
    assert session.find_prompt() == f"<{cpe.hostname}>"


def test_pushed_lines_show_in_the_real_layout(
    lab: LabHandle, session: Any, cpe: LabDevice, pushed: str
) -> None:
    assert f"[{cpe.hostname}-GigabitEthernet0/0/1.101]dot1q termination vid 101" in pushed
    assert f"[{cpe.hostname}-bfd-session-toDC]commit" in pushed
    shown = session.send_command("display current-configuration")
    assert (
        "#\ninterface GigabitEthernet0/0/1.101\n dot1q termination vid 101\n"
        " ip address 10.0.1.1 255.255.255.252\n description to ZZ-DC-PE-01\n#\n"
    ) in shown
    assert (
        "#\nbfd toDC bind peer-ip 10.0.1.2 source-ip 10.0.1.1\n discriminator local 10\n"
        " discriminator remote 20\n commit\n#\n"
    ) in shown
    assert (
        "\nip route-static 0.0.0.0 0.0.0.0 10.0.1.2 preference 10 track bfd-session toDC\n" in shown
    )
    assert shown.startswith(f"[V300R019C10SPC300]\n#\n sysname {cpe.hostname}\n")
    assert shown.rstrip().endswith("#\nreturn")
    assert shown.strip() == lab.running_config(cpe.hostname).strip()


def test_rejected_line_raises_with_the_device_error(session: Any, pushed: str) -> None:
    with pytest.raises(ConfigInvalidException, match=re.escape("ip adress 10.9.9.9 24")):
        session.send_config_set(
            ["interface GigabitEthernet0/0/2", "ip adress 10.9.9.9 24"], error_pattern=VRP_ERRORS
        )
    # still in the interface view: the device prints the caret under the bad word
    output = session.send_command("ip adress 10.9.9.9 24", expect_string=r"\]")
    prompt = f"[{session.base_prompt}-GigabitEthernet0/0/2]"
    lines = output.splitlines()
    caret = next(line for line in lines if line.strip() == "^")
    assert caret.index("^") == len(prompt) + len("ip ")
    assert "Error: Unrecognized command found at '^' position." in lines
    session.send_command("return", expect_string=">")


def test_wrong_parameter_and_incomplete_errors(session: Any, pushed: str) -> None:
    session.send_command("system-view", expect_string=r"\]")
    wrong = session.send_command("ip route-static 10.0.0.0 255.0.0.0 10.0.0.x", expect_string=r"\]")
    incomplete = session.send_command("ip route-static 10.0.0.0", expect_string=r"\]")
    session.send_command("return", expect_string=">")
    assert "Error: Wrong parameter found at '^' position." in wrong
    assert "Error: Incomplete command found at '^' position." in incomplete


def test_undo_removes_a_line(lab: LabHandle, session: Any, cpe: LabDevice, pushed: str) -> None:
    session.send_command("system-view", expect_string=r"\]")
    session.send_command("interface GigabitEthernet0/0/1.101", expect_string=r"\]")
    session.send_command("undo description", expect_string=r"\]")
    session.send_command("return", expect_string=">")
    running = lab.running_config(cpe.hostname)
    assert "description to ZZ-DC-PE-01" not in running
    assert "interface GigabitEthernet0/0/1.101\n dot1q termination vid 101\n" in running


def test_save_stores_the_startup_configuration(
    lab: LabHandle, session: Any, cpe: LabDevice, pushed: str
) -> None:
    output = session.save_config()
    assert "Are you sure to continue? (y/n)[n]:" in output
    assert "Configuration file had been saved successfully" in output
    saved = startup_path(lab.state_dir, cpe.hostname).read_text(encoding="utf-8")
    assert saved == lab.running_config(cpe.hostname)
    assert session.send_command("display saved-configuration").strip() == saved.strip()


def test_display_version_parses_with_ntc_templates(session: Any) -> None:
    parsed = parse_output(
        platform="huawei_vrp",
        command="display version",
        data=session.send_command("display version"),
    )
    assert parsed[0]["vrp_version"] == "5.170"
    assert parsed[0]["model"] == "AR6280"
