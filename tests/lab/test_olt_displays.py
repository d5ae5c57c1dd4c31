"""The MA5800 lab through unmodified netmiko, started from the rendered configurations: the
SmartAX ``acl`` view (netmiko's own device test enters ``acl 2456``) and the alarm syslog line
the template renders. Its own lab (127.0.140.x), so the shared lab's state stays untouched."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medinfra.lab import LabDevice, LabHandle, run_lab
from medinfra.model import Platform, Topology
from medinfra.render import render_device
from tests.lab.conftest import SMARTAX_ERRORS, connect, first, free_port

SITE = "union-main"


@pytest.fixture(scope="module")
def rendered_lab(campus: Topology, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabHandle]:
    """A lab of the main campus whose devices run what medinfra renders for them."""
    configs = tmp_path_factory.mktemp("rendered")
    paths: dict[str, Path] = {}
    for site, device in campus.all_devices():
        if site.id == SITE:
            paths[device.hostname] = configs / f"{device.hostname}.cfg"
            paths[device.hostname].write_text(render_device(campus, device.hostname))
    state = tmp_path_factory.mktemp("state")
    with run_lab(
        campus, state, base_address="127.0.140.1", port=free_port(), sites=[SITE], configs=paths
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
    assert "% Unknown command" in output
    assert " acl 1999" not in rendered_lab.running_config(olt.hostname)


def test_the_rendered_alarm_syslog_line_is_running(rendered_lab: LabHandle, olt: LabDevice) -> None:
    running = rendered_lab.running_config(olt.hostname).splitlines()
    assert " syslog enable alarm-event" in running
    assert running.index(" syslog enable alarm-event") > running.index(
        " loghost activate ip 10.250.0.20"
    )
