"""Each injected fault shows up to an unmodified client as it would from a real device."""

from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest
from netmiko.exceptions import NetmikoAuthenticationException, ReadTimeout

from medinfra.errors import UsageError
from medinfra.lab import (
    ChangeHostKey,
    DropAfter,
    Hang,
    LabDevice,
    LabHandle,
    Latency,
    RefuseAuth,
    RejectCommand,
    parse_fault,
)
from medinfra.model import Platform
from tests.lab.conftest import connect, first


@pytest.fixture
def cpe(lab: LabHandle) -> Iterator[LabDevice]:
    device = first(lab, Platform.HUAWEI_VRP)
    yield device
    lab.clear_faults(device.hostname)


def test_refused_authentication(lab: LabHandle, cpe: LabDevice) -> None:
    lab.inject(cpe.hostname, RefuseAuth())
    with pytest.raises(NetmikoAuthenticationException):
        connect(lab, cpe)


def test_wrong_password_is_refused_without_a_fault(lab: LabHandle, cpe: LabDevice) -> None:
    with pytest.raises(NetmikoAuthenticationException):
        connect(lab, cpe, password="not-the-lab-password")


def test_rejected_command_gets_the_platform_error(lab: LabHandle, cpe: LabDevice) -> None:
    session = connect(lab, cpe)
    lab.inject(cpe.hostname, RejectCommand(r"^display version"))
    output = session.send_command("display version")
    assert "Error: Unrecognized command found at '^' position." in output
    assert "Huawei Versatile Routing Platform" not in output
    lab.clear_faults(cpe.hostname)
    assert "Huawei Versatile Routing Platform" in session.send_command("display version")
    session.disconnect()


def test_dropped_connection_is_a_read_error(lab: LabHandle, cpe: LabDevice) -> None:
    session = connect(lab, cpe)  # netmiko's login sends one command: screen-length 0 temporary
    lab.inject(cpe.hostname, DropAfter(2))
    assert "sysname" in session.send_command("display current-configuration")
    # paramiko closes the channel on the lost TCP session; netmiko's read then times out
    with pytest.raises(ReadTimeout):
        session.send_command("display version", expect_string=">", read_timeout=2)
    assert not session.remote_conn.get_transport().is_active()
    assert not session.is_alive()


def test_hang_times_out(lab: LabHandle, cpe: LabDevice) -> None:
    session = connect(lab, cpe)
    lab.inject(cpe.hostname, Hang())
    with pytest.raises(ReadTimeout):
        session.send_command("display version", expect_string=">", read_timeout=1, cmd_verify=False)
    session.remote_conn.close()


def test_hang_at_login_shows_no_prompt(lab: LabHandle, cpe: LabDevice) -> None:
    lab.inject(cpe.hostname, Hang())
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        cpe.address,
        port=cpe.port,
        username=lab.credentials.username,
        password=lab.credentials.password,
        look_for_keys=False,
        allow_agent=False,
    )
    try:
        channel = client.invoke_shell()
        channel.settimeout(0.5)
        channel.send(b"display version\n")
        with pytest.raises(TimeoutError):
            channel.recv(1024)
    finally:
        client.close()


def test_latency_delays_each_line(lab: LabHandle, cpe: LabDevice) -> None:
    session = connect(lab, cpe)
    lab.inject(cpe.hostname, Latency(1.5))
    with pytest.raises(ReadTimeout):
        session.send_command("display version", expect_string=">", read_timeout=0.5)
    session.remote_conn.close()


def _ssh_with_known_hosts(device: LabDevice, known_hosts: Path, lab: LabHandle) -> None:
    client = paramiko.SSHClient()
    client.load_host_keys(str(known_hosts))
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(
            device.address,
            port=device.port,
            username=lab.credentials.username,
            password=lab.credentials.password,
            look_for_keys=False,
            allow_agent=False,
        )
    finally:
        client.close()


def test_host_key_change_is_a_key_mismatch(lab: LabHandle, cpe: LabDevice) -> None:
    known_hosts = lab.state_dir / "known_hosts"
    _ssh_with_known_hosts(cpe, known_hosts, lab)  # the recorded key matches
    lab.inject(cpe.hostname, ChangeHostKey())
    with pytest.raises(paramiko.BadHostKeyException):
        _ssh_with_known_hosts(cpe, known_hosts, lab)
    lab.clear_faults(cpe.hostname)
    _ssh_with_known_hosts(cpe, known_hosts, lab)


def test_fault_text_forms() -> None:
    assert parse_fault("latency:0.5") == Latency(0.5)
    assert parse_fault("refuse-auth") == RefuseAuth()
    assert parse_fault("host-key") == ChangeHostKey()
    with pytest.raises(UsageError, match="expected reject:PATTERN"):
        parse_fault("explode")
    with pytest.raises(UsageError, match="drop:x"):
        parse_fault("drop:x")
