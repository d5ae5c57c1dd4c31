"""A lab of the main campus started from the rendered configurations, through unmodified
netmiko: the SmartAX ``acl`` view (netmiko's own device test enters ``acl 2456``), the alarm
syslog line the template renders, and ``display interface`` in the AR layout (parsed by
ntc-templates) and the NE layout. Its own lab (127.0.140.x): the shared lab stays untouched."""

import re
from collections.abc import Iterator
from ipaddress import IPv4Interface
from pathlib import Path
from typing import Any

import pytest
from ntc_templates.parse import parse_output

from medinfra.lab import LabDevice, LabHandle, run_lab
from medinfra.model import Platform, Topology
from medinfra.platforms.hardware import HARDWARE
from medinfra.render import render_device
from tests.lab.conftest import SMARTAX_ERRORS, connect, first, free_port

SITES = ("union-main", "nanshan-health-cloud")
"""The campus (CPE, OLTs) and the data centre (the NE edges)."""


@pytest.fixture(scope="module")
def rendered_lab(campus: Topology, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabHandle]:
    """A lab of the main campus whose devices run what medinfra renders for them."""
    configs = tmp_path_factory.mktemp("rendered")
    paths: dict[str, Path] = {}
    for site, device in campus.all_devices():
        if site.id in SITES:
            paths[device.hostname] = configs / f"{device.hostname}.cfg"
            paths[device.hostname].write_text(render_device(campus, device.hostname))
    state = tmp_path_factory.mktemp("state")
    with run_lab(
        campus,
        state,
        base_address="127.0.140.1",
        port=free_port(),
        sites=list(SITES),
        configs=paths,
    ) as handle:
        yield handle


@pytest.fixture(scope="module")
def olt(rendered_lab: LabHandle) -> LabDevice:
    return first(rendered_lab, Platform.HUAWEI_SMARTAX)


@pytest.fixture
def session(rendered_lab: LabHandle, olt: LabDevice) -> Iterator[Any]:
    connection = connect(rendered_lab, olt)
    connection.enable()
    yield connection
    connection.disconnect()


def test_the_acl_view_takes_rules_and_shows_in_the_dump(session: Any, olt: LabDevice) -> None:
    output = session.send_config_set(
        [
            "acl 2456",
            "rule 5 permit source 10.250.0.0 0.0.255.255",
            "rule 10 deny",
            "quit",
            "acl 4020",
            "description wards",
            "rule 10 permit cos 1 source 30",
        ],
        error_pattern=SMARTAX_ERRORS,
    )
    assert f"{olt.hostname}(config-acl-basic-2456)#rule 5 permit" in output
    assert f"{olt.hostname}(config-acl-link-4020)#rule 10 permit cos 1" in output
    shown = session.send_command("display current-configuration | include acl 2456")
    assert shown.strip() == "acl 2456"
    dump = [
        line.strip() for line in session.send_command("display current-configuration").splitlines()
    ]
    start = dump.index("acl 2456")
    assert dump[start + 1 : start + 3] == [
        "rule 5 permit source 10.250.0.0 0.0.255.255",
        "rule 10 deny",
    ]
    start = dump.index("acl 4020")
    assert dump[start + 1 : start + 3] == ["description wards", "rule 10 permit cos 1 source 30"]


def test_an_acl_out_of_range_is_refused(
    rendered_lab: LabHandle, session: Any, olt: LabDevice
) -> None:
    output = session.send_config_set(["acl 1999"])
    assert "% Parameter error, the error locates at '^'" in output  # as an MA5800 says it
    assert " acl 1999" not in rendered_lab.running_config(olt.hostname)


def test_the_rendered_alarm_syslog_line_is_running(rendered_lab: LabHandle, olt: LabDevice) -> None:
    running = rendered_lab.running_config(olt.hostname).splitlines()
    assert " syslog enable alarm-event" in running
    assert running.index(" syslog enable alarm-event") > running.index(
        " loghost activate ip 10.250.0.20"
    )


def _send(lab: LabHandle, device: LabDevice, command: str) -> str:
    connection = connect(lab, device)
    try:
        if device.platform is Platform.HUAWEI_SMARTAX:
            connection.enable()
        return str(connection.send_command(command))
    finally:
        connection.disconnect()


def _interfaces(campus: Topology, hostname: str) -> dict[str, tuple[str | None, str | None]]:
    """Interface -> (address/len, description) as the rendered configuration gives them."""
    found: dict[str, tuple[str | None, str | None]] = {}
    name = None
    for line in render_device(campus, hostname).splitlines():
        if line.startswith("interface "):
            name = line.split()[1]
            found[name] = (None, None)
        elif name and line.startswith(" ip address "):
            ip, mask = line.split()[2:4]
            found[name] = (str(IPv4Interface(f"{ip}/{mask}").with_prefixlen), found[name][1])
        elif name and line.startswith(" description "):
            found[name] = (found[name][0], line.split(maxsplit=1)[1])
        elif not line.startswith(" "):
            name = None
    return found


def test_ar_display_interface_is_parsed_by_ntc_templates_with_the_running_state(
    rendered_lab: LabHandle, campus: Topology
) -> None:
    cpe = first(rendered_lab, Platform.HUAWEI_VRP)
    text = _send(rendered_lab, cpe, "display interface")
    parsed = {
        row["interface"]: row for row in parse_output("huawei_vrp", "display interface", text)
    }
    model = next(d for _, d in campus.all_devices() if d.hostname == cpe.hostname)
    hardware = HARDWARE[model.model]
    configured = _interfaces(campus, cpe.hostname)
    assert configured and any("." in name for name in configured)
    for name, (address, description) in configured.items():
        row = parsed[name]
        assert row["link_status"] == "UP", name
        assert row["ip_address"] == (address or ""), name
        assert row["protocol_status"] == ("UP" if address else "DOWN"), name
        if description:
            assert row["interface_description"] == description
        assert re.fullmatch(r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}", row["mac_address"])
    # the chassis' own ports are listed too, unconfigured ones with the device's description
    fixed = [
        f"{g.kind}0/0/{n}"
        for g in hardware.ports
        if g.slots == (0, 0)
        for n in range(g.ports[0], g.ports[1] + 1)
    ]
    for name in fixed:
        if name not in configured:
            assert parsed[name]["interface_description"] == f"HUAWEI, AR Series, {name} Interface"
    assert parsed["NULL0"]["protocol_status"] == "UP (spoofing)"
    assert set(parsed) == set(configured) | set(fixed) | {"NULL0"}


def test_ar_display_interface_of_one_port_follows_its_shutdown(rendered_lab: LabHandle) -> None:
    cpe = first(rendered_lab, Platform.HUAWEI_VRP)
    port = next(name for name in _interfaces_of(rendered_lab, cpe) if "." in name)
    spaced = re.sub(r"(\D)(\d)", r"\1 \2", port, count=1)  # "GigabitEthernet 0/0/1.301"
    before = _send(rendered_lab, cpe, f"display interface {spaced}")
    assert before.splitlines()[0] == f"{port} current state : UP"
    rendered_lab.apply_lines(cpe.hostname, [f"interface {port}", "shutdown"])
    try:
        after = _send(rendered_lab, cpe, f"display interface {port}")
    finally:
        rendered_lab.apply_lines(cpe.hostname, [f"interface {port}", "undo shutdown"])
    rows = parse_output("huawei_vrp", "display interface", after)
    assert [(r["interface"], r["link_status"], r["protocol_status"]) for r in rows] == [
        (port, "Administratively DOWN", "DOWN")
    ]
    missing = _send(rendered_lab, cpe, "display interface GigabitEthernet0/0/99")
    assert "Error: Wrong parameter found at '^' position." in missing


def _interfaces_of(lab: LabHandle, device: LabDevice) -> list[str]:
    return [
        line.split()[1]
        for line in lab.running_config(device.hostname).splitlines()
        if line.startswith("interface ")
    ]


def test_ne_display_interface_has_the_vrpv8_layout(
    rendered_lab: LabHandle, campus: Topology
) -> None:
    edge = first(rendered_lab, Platform.HUAWEI_VRPV8)
    text = _send(rendered_lab, edge, "display interface")
    blocks = {block.split()[0]: block.splitlines() for block in text.strip().split("\n\n")}
    configured = _interfaces(campus, edge.hostname)
    assert set(blocks) == set(configured) | {"NULL0"}
    indexes = [int(re.search(r"\(ifindex: (\d+)\)$", b[0]).group(1)) for b in blocks.values()]  # type: ignore[union-attr]
    assert len(set(indexes)) == len(indexes) and blocks["NULL0"][0].endswith("(ifindex: 1)")
    for name, (address, description) in configured.items():
        lines = blocks[name]
        assert re.fullmatch(rf"{re.escape(name)} current state : UP \(ifindex: \d+\)", lines[0])
        assert f"Description: {description}" in lines if description else "Description:" in lines
        expected = (
            f"Internet Address is {address}"
            if address
            else "Internet protocol processing : disabled"
        )
        assert expected in lines, name
    management = blocks[HARDWARE["NE8000-M8"].management_port]
    assert "Media type: twisted-pair, link type: auto negotiation" in management
    line_port = next(
        b for n, b in blocks.items() if "." not in n and n.startswith("GigabitEthernet1/")
    )
    assert any(line.startswith("Loopback:none, full-duplex mode") for line in line_port)
    assert "Statistics last cleared:never" in line_port
    # an NE40E/NE8000 port is shut down until `undo shutdown`: an unused port of the chassis
    unused = _send(rendered_lab, edge, "display interface GigabitEthernet1/0/40")
    assert re.match(
        r"GigabitEthernet1/0/40 current state : Administratively DOWN \(ifindex: \d+\)\n", unused
    )
    assert "Line protocol current state : DOWN" in unused


def _modelled_onts(campus: Topology, hostname: str) -> dict[str, list[tuple[int, str]]]:
    """PON port -> its ONTs (id, serial) as the topology models them."""
    olt = next(
        olt
        for site in campus.sites
        if site.campus
        for olt in site.campus.olts
        if olt.device == hostname
    )
    return {
        port.port: sorted((ont.id, ont.serial.upper()) for sp in port.splitters for ont in sp.onts)
        for port in olt.pon_ports
    }


def test_display_ont_info_of_a_port_lists_the_modelled_onts(
    rendered_lab: LabHandle, campus: Topology, olt: LabDevice
) -> None:
    for port, expected in _modelled_onts(campus, olt.hostname).items():
        if not expected:
            continue
        frame, slot, number = port.split("/")
        text = _send(rendered_lab, olt, f"display ont info {frame} {slot} {number} all")
        rows = parse_output("huawei_smartax", f"display ont info {frame} {slot} {number} all", text)
        assert [(int(r["ont_id"]), r["serial_number"]) for r in rows] == expected, text
        assert {r["fsp"] for r in rows} == {f"{frame}/{slot:>2}/{number}"}
        assert {(r["control_flag"], r["run_state"], r["match_state"]) for r in rows} == {
            ("active", "offline", "initial")
        }
        assert f"the total of ONTs are: {len(expected)}, online: 0" in text
    every = _send(rendered_lab, olt, "display ont info 0 all")
    rows = parse_output("huawei_smartax", "display ont info 0 all", every)
    assert len(rows) == sum(len(onts) for onts in _modelled_onts(campus, olt.hostname).values())


def test_display_ont_info_of_one_ont_shows_its_profiles(
    rendered_lab: LabHandle, campus: Topology, olt: LabDevice
) -> None:
    port, onts = next((p, o) for p, o in _modelled_onts(campus, olt.hostname).items() if o)
    frame, slot, number = port.split("/")
    ont_id, serial = onts[-1]
    command = f"display ont info {frame} {slot} {number} {ont_id}"
    text = _send(rendered_lab, olt, command)
    (row,) = parse_output("huawei_smartax", command, text)
    assert row["serial_number"].split()[0] == serial
    assert (row["ont_id"], row["run_state"], row["authentic_type"]) == (
        str(ont_id),
        "offline",
        "SN-auth",
    )
    assert row["omcc_encrypt_switch"] == "On"  # the rendered line profile has omcc encrypt on
    running = [line.strip() for line in rendered_lab.running_config(olt.hostname).splitlines()]
    added = next(line for line in running if line.startswith(f"ont add {number} {ont_id} sn-auth "))
    profile = added.split("ont-lineprofile-id ")[1].split()[0]
    assert row["line_profile_id"] == row["service_profile_id"] == profile
    line_body = _body(running, f"ont-lineprofile gpon profile-id {profile} ")
    assert row["t_cont"] == [
        "0",
        *(line.split()[1] for line in line_body if line.startswith("tcont ")),
    ]
    srv_body = _body(running, f"ont-srvprofile gpon profile-id {profile} ")
    ports = next(line for line in srv_body if line.startswith("ont-port eth "))
    assert row["number_eth"] == ports.split()[2]
    missing = _send(rendered_lab, olt, f"display ont info {frame} {slot} {number} 127")
    assert missing.strip() == "Failure: The ONT does not exist"


def test_display_system_sys_info_names_the_olt(rendered_lab: LabHandle, olt: LabDevice) -> None:
    rendered_lab.apply_lines(olt.hostname, ['snmp-agent sys-info location "Union campus B2"'])
    text = _send(rendered_lab, olt, "display system sys-info")
    fields = dict(
        (part.strip() for part in line.split(":", 1)) for line in text.splitlines() if ":" in line
    )
    assert fields["System Name"] == olt.hostname
    assert fields["System Description"] == "Huawei Integrated Access Software"
    assert fields["System Location"] == "Union campus B2"
    assert re.fullmatch(
        r"\d+ day\(s\), \d+ hour\(s\), \d+ minute\(s\), \d+ second\(s\)", fields["System Uptime"]
    )


def _body(lines: list[str], header: str) -> list[str]:
    """The lines of the profile view opened by ``header``, up to its ``commit``/``quit``."""
    start = next(i for i, line in enumerate(lines) if line.startswith(header)) + 1
    end = next(i for i in range(start, len(lines)) if lines[i] in ("commit", "quit"))
    return lines[start:end]
