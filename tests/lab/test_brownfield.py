"""Brownfield devices: the lab starts from a real device's configuration and prints it back.

Over real SSH with netmiko's own drivers: each fixture of ``tests/fixtures/brownfield`` comes
back byte for byte from ``display current-configuration``; a change leaves every other line as
it was; the lines a device adds by itself (NTP server disable, the SNMP engine id) appear
after NTP and SNMP are configured.
"""

import difflib
from collections.abc import Iterator

import pytest

from medinfra.lab import LabDevice, LabHandle, run_lab
from medinfra.lab.device import load_config
from medinfra.model import Topology
from medinfra.platforms import platform_for
from tests.fixtures.brownfield import FIXTURES
from tests.lab.conftest import connect, free_port

BASE = "127.0.82.1"
GREENFIELD_BASE = "127.0.82.21"


@pytest.fixture(scope="module")
def brownfield(campus: Topology, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabHandle]:
    configs = {host: path for host, (_, path) in FIXTURES.items()}
    state = tmp_path_factory.mktemp("brownfield-lab")
    with run_lab(campus, state, base_address=BASE, port=free_port(), configs=configs) as handle:
        yield handle


@pytest.fixture(scope="module")
def greenfield(campus: Topology, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabHandle]:
    state = tmp_path_factory.mktemp("greenfield-lab")
    with run_lab(campus, state, base_address=GREENFIELD_BASE, port=free_port()) as handle:
        yield handle


def device(lab: LabHandle, hostname: str) -> LabDevice:
    return next(d for d in lab.devices if d.hostname == hostname)


def configure(lab: LabHandle, target: LabDevice, lines: list[str]) -> str:
    """Send lines the way the push layer does (explicit modes, VRPv8 commit); the dump after."""
    spec = platform_for(target.platform)
    session = connect(lab, target)
    try:
        if spec.enable_after_login:
            session.enable()
        session.send_command(spec.config_mode.enter, expect_string=spec.config_mode.prompt)
        session.send_config_set(
            lines, enter_config_mode=False, exit_config_mode=False, error_pattern=spec.error_pattern
        )
        if spec.two_stage_commit:
            session.send_command("commit", expect_string=spec.config_mode.prompt)
        session.send_command(spec.config_mode.leave, expect_string=spec.config_mode.leave_prompt)
        return str(session.send_command("display current-configuration"))
    finally:
        session.disconnect()


def shown(lab: LabHandle, target: LabDevice) -> str:
    session = connect(lab, target)
    try:
        if platform_for(target.platform).enable_after_login:
            session.enable()
        return str(session.send_command("display current-configuration"))
    finally:
        session.disconnect()


def added_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    changed = [line for line in diff if line[:1] in "+-"]
    assert all(line.startswith("+") for line in changed), changed  # nothing removed or changed
    return [line[2:] for line in changed]


@pytest.mark.parametrize("hostname", sorted(FIXTURES))
def test_a_device_prints_its_brownfield_configuration_back_byte_for_byte(
    brownfield: LabHandle, hostname: str
) -> None:
    _, path = FIXTURES[hostname]
    text = path.read_text(encoding="utf-8")
    assert brownfield.running_config(hostname) == text
    assert shown(brownfield, device(brownfield, hostname)) == text.rstrip("\n")


def test_a_change_on_an_ar_leaves_every_other_line_as_it_was(brownfield: LabHandle) -> None:
    _, path = FIXTURES["UNION-CPE-01"]
    after = configure(
        brownfield,
        device(brownfield, "UNION-CPE-01"),
        [
            "ntp-service unicast-server 10.250.0.11",
            "interface GigabitEthernet0/0/2",
            "description B",
        ],
    )
    # the new global in the AR layout, next to its kind; the device added nothing else
    assert (
        " ntp-service unicast-server 10.250.0.10\n ntp-service unicast-server 10.250.0.11\n"
        in after
    )
    assert added_lines(path.read_text(encoding="utf-8"), after) == [
        " ntp-service unicast-server 10.250.0.11",
        " description B",
    ]


def test_a_change_on_an_ne_keeps_undo_shutdown_and_the_oam_vpn(brownfield: LabHandle) -> None:
    _, path = FIXTURES["NS-DC-PE-01"]
    after = configure(
        brownfield,
        device(brownfield, "NS-DC-PE-01"),
        ["interface GigabitEthernet1/0/4", "undo shutdown", "description spare"],
    )
    # a VRPv8 port brought up shows undo shutdown in place of shutdown, like the ports in use
    assert "interface GigabitEthernet1/0/4\n undo shutdown\n description spare\n#\n" in after
    # the commit rewrites the dump's "last updated" line with its time and user
    updated = next(
        line for line in after.splitlines() if line.startswith("!Last configuration was updated")
    )
    assert updated.endswith(f" by {brownfield.credentials.username}")
    before = path.read_text(encoding="utf-8").replace(
        "interface GigabitEthernet1/0/4\n shutdown\n", "interface GigabitEthernet1/0/4\n"
    )
    before = before.replace(
        "!Last configuration was updated at 2026-11-20 09:12:44+08:00 by noc", updated
    )
    assert added_lines(before, after) == [" undo shutdown", " description spare"]


def test_a_new_ont_on_an_olt_joins_the_real_gpon_body(brownfield: LabHandle) -> None:
    _, path = FIXTURES["UNION-OLT-01"]
    ont = 'ont add 2 2 sn-auth "48575443B7E01E05" omci ont-lineprofile-id 30 ont-srvprofile-id 30'
    after = configure(
        brownfield,
        device(brownfield, "UNION-OLT-01"),
        ["interface gpon 0/1", ont, "quit", "vlan 300 smart"],
    )
    assert added_lines(path.read_text(encoding="utf-8"), after) == [
        " vlan 300 smart",  # in [vlan-config], after the range
        " " + ont,  # one-space body of the real [gpon] section, no quit
    ]
    assert " vlan 200 to 201 smart\n vlan 300 smart\n" in after
    assert f'cctv-car-park"\n {ont}\n ont port native-vlan 2 0 ' in after  # among the ONTs


@pytest.mark.parametrize(
    ("hostname", "ntp_lines"),
    [
        ("UNION-CPE-01", [" ntp-service server disable"]),
        ("NS-DC-PE-02", ["ntp-service server disable", "ntp-service ipv6 server disable"]),
        ("UNION-OLT-02", [" ntp-service server disable", " ntp-service ipv6 server disable"]),
    ],
)
def test_devices_add_their_own_ntp_and_snmp_lines(
    greenfield: LabHandle, hostname: str, ntp_lines: list[str]
) -> None:
    target = device(greenfield, hostname)
    before = shown(greenfield, target)
    assert "ntp-service server disable" not in before and "local-engineid" not in before
    after = configure(
        greenfield,
        target,
        ["ntp-service unicast-server 10.250.0.10", "snmp-agent sys-info version v3"],
    )
    lines = after.splitlines()
    server = next(i for i, line in enumerate(lines) if "ntp-service unicast-server" in line)
    assert lines[server - len(ntp_lines) : server] == ntp_lines
    engine = next(
        i for i, line in enumerate(lines) if "snmp-agent local-engineid 800007DB03" in line
    )
    assert "snmp-agent sys-info version v3" in lines[engine + 1]
    # the device keeps its engine id when SNMP is configured again
    again = configure(greenfield, target, ["snmp-agent sys-info version v3"])
    assert again.count("snmp-agent local-engineid") == 1
    assert lines[engine] in again.splitlines()


def test_the_lab_keeps_what_it_does_not_model_in_its_view(brownfield: LabHandle) -> None:
    running = brownfield.running_config("UNION-CPE-01")
    assert (
        "interface LoopBack0\n ip address 10.255.10.1 255.255.255.255\n ospf enable 1 area"
        in running
    )
    assert " authentication-scheme radius\n  authentication-mode radius\n" in running


@pytest.mark.parametrize("hostname", sorted(FIXTURES))
def test_what_save_stores_loads_back_to_the_same_dump(hostname: str) -> None:
    platform, path = FIXTURES[hostname]
    render = platform_for(platform).lab().render
    first = render(load_config(platform, path.read_text(encoding="utf-8"), str(path)))
    assert render(load_config(platform, first, "startup.cfg")) == first
