"""Unmodified netmiko ``huawei_smartax`` against a lab MA5800 OLT."""

from collections.abc import Iterator
from typing import Any

import pytest
from netmiko.exceptions import ConfigInvalidException
from ntc_templates.parse import parse_output

from medinfra.lab import LabDevice, LabHandle
from medinfra.lab.state import startup_path
from medinfra.model import Platform
from tests.lab.conftest import SMARTAX_ERRORS, connect, first

PROVISION = [
    'dba-profile add profile-id 90 profile-name "dba_90" type4 max 1024000',
    'ont-lineprofile gpon profile-id 91 profile-name "LINE_91"',
    "tcont 1 dba-profile-id 90",
    "gem add 91 eth tcont 1",
    "gem mapping 91 0 vlan 91",
    "commit",
    "quit",
    "vlan 91 smart",
    "port vlan 91 0/3 0",
    "interface gpon 0/1",
    'ont add 0 100 sn-auth "48575443F5E5A8AB" omci ont-lineprofile-id 91 ont-srvprofile-id 91 desc "ward-3"',
    "quit",
    "service-port 900 vlan 91 gpon 0/1/0 ont 100 gemport 91 multi-service user-vlan 91 tag-transform translate",
]


@pytest.fixture(scope="module")
def olt(lab: LabHandle) -> LabDevice:
    return first(lab, Platform.HUAWEI_SMARTAX)


@pytest.fixture(scope="module")
def session(lab: LabHandle, olt: LabDevice) -> Iterator[Any]:
    connection = connect(lab, olt)
    connection.enable()
    yield connection
    connection.disconnect()


@pytest.fixture(scope="module")
def pushed(session: Any) -> str:
    return str(session.send_config_set(PROVISION, error_pattern=SMARTAX_ERRORS))


def test_prompts_follow_the_modes(session: Any, olt: LabDevice, pushed: str) -> None:
    assert session.find_prompt() == f"{olt.hostname}#"
    assert f"{olt.hostname}(config-gpon-lineprofile-91)#tcont 1 dba-profile-id 90" in pushed
    assert f"{olt.hostname}(config-if-gpon-0/1)#ont add 0 100" in pushed


def test_config_dump_has_the_sections(
    lab: LabHandle, session: Any, olt: LabDevice, pushed: str
) -> None:
    shown = session.send_command("display current-configuration")
    assert "[vlan-config]\n  <vlan-config>\n" in shown
    assert " vlan 91 smart\n" in shown
    assert (
        ' ont-lineprofile gpon profile-id 91 profile-name "LINE_91"\n  tcont 1 dba-profile-id 90\n'
        in shown
    )
    # the real [gpon] layout: marker, header and body at one space, no quit
    assert "[gpon]\n  <gpon-0/1>\n interface gpon 0/1\n" in shown
    assert '\n ont add 0 100 sn-auth "48575443F5E5A8AB" omci' in shown
    assert "\n quit\n" not in shown
    assert shown.startswith("[MA5800V100R022: 5011]\n#\n[global-config]\n  <global-config>\n")
    assert "[Interface]\n  <MEth0>\ninterface MEth0\n ip address " in shown
    assert "[bbs-config]\n  <bbs-config>\n service-port 900 vlan 91" in shown
    assert shown.rstrip().endswith("#\nreturn")
    assert shown.strip() == lab.running_config(olt.hostname).strip()


def test_unknown_command_and_failure(session: Any, olt: LabDevice, pushed: str) -> None:
    with pytest.raises(ConfigInvalidException, match="Unknown command"):
        session.send_config_set(["vlan 92 smart", "vlan 93 smarter"], error_pattern=SMARTAX_ERRORS)
    output = session.send_command("vlan 93 smarter", expect_string=r"#")
    caret = next(line for line in output.splitlines() if line.strip() == "^")
    assert caret.index("^") == len(f"{olt.hostname}(config)#vlan 93 ")
    assert "  % Unknown command, the error locates at '^'" in output.splitlines()
    with pytest.raises(ConfigInvalidException, match="Failure:"):
        session.send_config_set(
            [
                "interface gpon 0/1",
                'ont add 1 100 sn-auth "48575443F5E5A8AB" omci ont-lineprofile-id 91 ont-srvprofile-id 91',
            ],
            error_pattern=SMARTAX_ERRORS,
        )
    session.send_command("return", expect_string="#")


def test_save_and_version(lab: LabHandle, session: Any, olt: LabDevice, pushed: str) -> None:
    session.save_config()
    saved = startup_path(lab.state_dir, olt.hostname).read_text(encoding="utf-8")
    assert saved == lab.running_config(olt.hostname)
    parsed = parse_output(
        platform="huawei_smartax",
        command="display version",
        data=session.send_command("display version"),
    )
    assert parsed[0]["product"] == "MA5800-X7"
    assert parsed[0]["current_program_area"] == "Area A"


def test_service_ports_parse_with_ntc_templates(session: Any, pushed: str) -> None:
    output = session.send_command("display service-port all")
    parsed = parse_output(
        platform="huawei_smartax", command="display service-port all", data=output
    )
    row = next(r for r in parsed if r["index"] == "900")
    assert (row["vlan_id"], row["ont_id"], row["gem_index"], row["vlan_access"]) == (
        "91",
        "100",
        "91",
        "91",
    )
    assert row["fsp"].replace(" ", "") == "0/1/0"
    assert row["state"] == "down"
