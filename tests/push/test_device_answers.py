"""What real devices answer to a refused or questioned line, through the real push path.

The lab prints the answers public captures show (``docs/lab.md``, provenance); the push must
see each one on the line that caused it, stop, restore and say in words what the device said.
"""

import time
from collections.abc import Iterator

import pytest

from medinfra.lab import ConfirmLine, LabHandle, RejectCommand, run_lab
from medinfra.lab.faults import CONFIRM_QUESTION
from medinfra.load import load_topology
from medinfra.model import Platform, Topology
from medinfra.push.credentials import load_store
from medinfra.push.remediation import remediation
from medinfra.push.results import Outcome
from medinfra.push.session import Session
from tests.conftest import INVENTORY
from tests.fixtures.brownfield import FIXTURES
from tests.lab.conftest import connect
from tests.push.labkit import DEVICE_ADDED, free_port, plan_for, push_all, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

CAMPUS = "union-shenzhen-campus"
OLT = "UNION-OLT-01"

SMARTAX_ANSWERS = [
    ("vlan 93 smarter", "% Unknown command, the error locates at '^'"),
    ("vlan 99999 smart", "% Parameter error, the error locates at '^'"),
    ("vlan 93 smart extra", "% Too many parameters, the error locates at '^'"),
    ("vlan", "% Incomplete command, the error locates at '^'"),
    ("vla 93 smart", "% Ambiguous command, the error locates at '^'"),
]
"""MA5600T/MA5683T/MA5800 captures: each refusal names its kind under the caret line."""


@pytest.fixture(scope="module")
def campus() -> Topology:
    return load_topology(INVENTORY / CAMPUS).topology


@pytest.fixture
def olt_lab(campus: Topology, tmp_path) -> Iterator[tuple[Topology, LabHandle]]:
    with run_lab(campus, tmp_path / "lab", base_address="127.0.215.1", port=free_port()) as lab:
        yield campus, lab


@pytest.mark.parametrize(("line", "answer"), SMARTAX_ANSWERS)
def test_smartax_refusals_name_their_kind(olt_lab, line, answer):
    _, lab = olt_lab
    (device,) = [d for d in lab.devices if d.hostname == OLT]
    session = connect(lab, device)
    try:
        session.enable()
        session.send_command("config", expect_string=r"\)#")
        output = session.send_command(line, expect_string=r"\)#")
        assert f"  {answer}" in output.splitlines(), output
        assert device.platform is Platform.HUAWEI_SMARTAX
    finally:
        session.disconnect()


@pytest.mark.parametrize(("line", "answer"), SMARTAX_ANSWERS[1:])
def test_a_smartax_refusal_of_any_kind_stops_the_push_and_is_told(olt_lab, tmp_path, line, answer):
    campus, lab = olt_lab
    before = lab.running_config(OLT)
    lab.inject(OLT, RejectCommand(r"^vlan desc 130 ", message=f"  {answer}"))
    plan = plan_for(CAMPUS, tmp_path / "lab", hostnames=[OLT])
    run = push_all(plan, campus, tmp_path)
    result = run[OLT]
    assert result.failed and result.outcome is Outcome.ROLLED_BACK, (result.outcome, result.error)
    # refused on its own line, not found afterwards by the read-back
    assert f"the device refused a line ({answer})" in (result.error or ""), result.error
    assert "vlan desc 130" in (result.error or "")
    assert result.rolled_back and result.restore_verified
    # back at its old config but for the lines the device added itself when the push's first
    # SNMP and NTP lines arrived: the restore never undoes a device's own line
    after = lab.running_config(OLT)
    left = remediation(Platform.HUAWEI_SMARTAX, after, before, restore=True).commands
    device_lines = (
        "undo ntp-service server disable",
        "undo ntp-service ipv6 server disable",
        "undo snmp-agent local-engineid 800007DB03",
    )
    assert len(left) == len(device_lines), left
    assert all(line.startswith(device_lines) for line in left), left
    assert "the restore left lines the push did not write" in " ".join(result.notes)


QUESTIONS = [
    ("UNION-CPE-01", r"^local-user netadmin privilege level", CONFIRM_QUESTION),
    (
        "NS-DC-PE-01",
        r"^undo telnet server enable",
        "Warning: The Telnet server will be disabled.\nContinue? [Y/N]:",  # two lines
    ),
    (OLT, r"^vlan desc 130 ", "  Are you sure to modify the VLAN description? (y/n)[n]:"),
]
"""A line a device wants confirmed, per platform, with the question in its platform's form."""


@pytest.mark.parametrize(("host", "pattern", "question"), QUESTIONS)
def test_a_question_after_a_line_is_answered_no_and_told(
    olt_lab, tmp_path, host, pattern, question
):
    campus, lab = olt_lab
    before = lab.running_config(host)
    lab.inject(host, ConfirmLine(pattern, question))
    plan = plan_for(CAMPUS, tmp_path / "lab", hostnames=[host])
    started = time.monotonic()
    result = push_all(plan, campus, tmp_path)[host]
    assert time.monotonic() - started < 4 * plan.jobs[0].endpoint.timeout  # not a read timeout
    assert result.failed and result.rolled_back, (result.outcome, result.error)
    error = result.error or ""
    assert "the device asked for a confirmation" in error, error
    assert " ".join(question.split()) in error and "answered no" in error
    assert pattern.lstrip("^").split()[0] in error.rsplit(": ", 1)[-1]  # the line, last
    # restored: what still differs from the old config is only the device's own lines
    platform = plan.jobs[0].device.platform
    left = remediation(platform, lab.running_config(host), before, restore=True).commands
    assert all(line.removeprefix("undo ").startswith(DEVICE_ADDED) for line in left), left


PAGING_OFF = {"UNION-CPE-01": r"^screen-length", "NS-DC-PE-01": r"^screen-length", OLT: r"^scroll"}
"""The line netmiko turns paging off with, per device of the real-layout fixtures."""


@pytest.fixture
def paging_lab(campus: Topology, tmp_path) -> Iterator[LabHandle]:
    configs = {host: path for host, (_, path) in FIXTURES.items()}
    with run_lab(
        campus, tmp_path / "lab", base_address="127.0.215.20", port=free_port(), configs=configs
    ) as lab:
        yield lab


def test_a_device_that_pages_its_displays_is_read_whole_and_pushed(campus, paging_lab, tmp_path):
    """The device refuses the line that turns paging off: every long display stops at
    '---- More ----' (VRP erases it with ESC[42D, 42 spaces, ESC[42D when a key is pressed);
    the push reads each display whole and changes the devices as with paging off."""
    lab = paging_lab
    plan = plan_for(CAMPUS, tmp_path / "lab", hostnames=sorted(PAGING_OFF))
    unpaged = push_all(plan, campus, tmp_path, check=True)
    for host, pattern in PAGING_OFF.items():
        lab.inject(host, RejectCommand(pattern))
    store = load_store(push_env(campus))
    for job in plan.jobs:
        host = job.device.hostname
        session = Session.open(job.endpoint, store.login(job.device.credentials), {})
        try:
            assert session.running().strip() == lab.running_config(host).strip(), host
        finally:
            session.close()
    paged = push_all(plan, campus, tmp_path, check=True)
    for host in PAGING_OFF:
        assert paged[host].outcome is Outcome.WOULD_CHANGE, (host, paged[host].error)
        assert paged[host].diff == unpaged[host].diff
    pushed = push_all(plan, campus, tmp_path)
    assert {pushed[host].outcome for host in PAGING_OFF} == {Outcome.CHANGED}, pushed.failed_hosts
    again = push_all(plan, campus, tmp_path)
    assert {again[host].outcome for host in PAGING_OFF} == {Outcome.UNCHANGED}, again.failed_hosts
