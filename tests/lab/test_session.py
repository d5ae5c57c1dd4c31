"""The terminal behaviour under netmiko's feet: echo, NUL bytes, paging, views, logout, keys."""

import time
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import paramiko
import pytest

from medinfra.lab import LabDevice, LabHandle, run_lab
from medinfra.model import Platform, Topology
from tests.lab.conftest import first, free_port


class Shell:
    """A raw interactive shell (paramiko), reading until a marker shows up."""

    def __init__(self, lab: LabHandle, device: LabDevice, **auth: object) -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        credentials = auth or {"password": lab.credentials.password}
        self.client.connect(
            device.address,
            port=device.port,
            username=lab.credentials.username,
            look_for_keys=False,
            allow_agent=False,
            **credentials,
        )
        self.channel = self.client.invoke_shell(width=200)
        self.channel.settimeout(5)

    def until(self, marker: str) -> str:
        data = ""
        deadline = time.monotonic() + 5
        while marker not in data:
            assert time.monotonic() < deadline, f"no {marker!r} in {data!r}"
            data += self.channel.recv(65536).decode()
        return data

    def send(self, text: str) -> None:
        self.channel.send(text.encode())

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def vrp(lab: LabHandle) -> Iterator[tuple[Shell, LabDevice]]:
    device = first(lab, Platform.HUAWEI_VRP)
    shell = Shell(lab, device)
    shell.until(f"<{device.hostname}>")
    yield shell, device
    shell.close()


def test_echo_nul_and_backspace(vrp: tuple[Shell, LabDevice]) -> None:
    shell, device = vrp
    shell.send("\x00dis\x00play clockX\x7f\n")
    output = shell.until(f"<{device.hostname}>")
    assert output.startswith("dis")
    assert "display clock" in output.replace("\b \b", "").replace("X", "")
    assert "Time Zone(UTC)" in output
    assert "Error" not in output


def test_paging_until_screen_length_zero(vrp: tuple[Shell, LabDevice]) -> None:
    shell, device = vrp
    shell.send("system-view\n")
    shell.until(f"[{device.hostname}]")
    shell.send(
        "".join(
            f"interface GigabitEthernet0/0/{n}\ndescription paging test {n}\n"
            for n in range(10, 25)
        )
    )
    shell.until(f"[{device.hostname}-GigabitEthernet0/0/24]")
    shell.send("return\ndisplay current-configuration\n")
    first_page = shell.until("---- More ----").split("display current-configuration", 1)[1]
    assert "return\r\n" not in first_page
    assert len(first_page.splitlines()) == 1 + 24 + 1  # end of the echo, one page, the More line
    rest = ""
    shell.send(" ")
    while f"<{device.hostname}>" not in rest:
        rest += shell.channel.recv(65536).decode()
        if rest.endswith("---- More ----"):
            shell.send(" ")
    assert "#\r\nreturn\r\n" in rest
    shell.send("screen-length 0 temporary\ndisplay current-configuration\n")
    whole = shell.until("#\r\nreturn\r\n")
    assert "---- More ----" not in whole


def test_views_display_this_and_quit(vrp: tuple[Shell, LabDevice]) -> None:
    shell, device = vrp
    shell.send("system-view\ninterface GigabitEthernet0/0/7\ndescription here\ndisplay this\n")
    shown = shell.until("return\r\n")
    assert "#\r\ninterface GigabitEthernet0/0/7\r\n description here\r\n#\r\nreturn\r\n" in shown
    shell.send("quit\n")
    shell.until(f"[{device.hostname}]")
    shell.send("quit\n")
    shell.until(f"<{device.hostname}>")
    shell.send("quit\n")
    time.sleep(0.3)
    assert (
        shell.channel.closed
        or shell.channel.exit_status_ready()
        or not shell.client.get_transport().is_active()
    )


def test_smartax_smart_mode_and_logout(lab: LabHandle) -> None:
    device = first(lab, Platform.HUAWEI_SMARTAX, 1)
    shell = Shell(lab, device)
    try:
        assert "Huawei Integrated Access Software" in shell.until(f"{device.hostname}>")
        shell.send("enable\ndisplay version\n")
        assert "{ <cr>||<K> }:" in shell.until("{ <cr>||<K> }:")
        shell.send("\n")
        assert "PRODUCT : MA5800-X7" in shell.until(f"{device.hostname}#")
        shell.send("quit\n")
        shell.until("Are you sure to log out? (y/n)[n]:")
        shell.send("y\n")
        assert "Configuration console exit, please retry to log on" in shell.until("log on")
    finally:
        shell.close()


def test_public_key_login_and_banner(campus: Topology, tmp_path: Path) -> None:
    known, unknown = (asyncssh.generate_private_key("ssh-ed25519") for _ in range(2))
    (tmp_path / "authorized_keys").write_bytes(known.export_public_key("openssh"))
    keys = []
    for name, key in (("known", known), ("unknown", unknown)):
        (tmp_path / name).write_bytes(key.export_private_key("openssh"))
        keys.append(paramiko.Ed25519Key.from_private_key_file(str(tmp_path / name)))
    with run_lab(
        campus, tmp_path, base_address="127.0.79.1", port=free_port(), sites=["union-main"]
    ) as lab:
        device = lab.devices[0]
        lab.apply_lines(device.hostname, ['header login information "Lab use only."'])
        shell = Shell(lab, device, pkey=keys[0])
        assert shell.client.get_transport().get_banner() == b"Lab use only.\n"
        shell.until(f"<{device.hostname}>")
        shell.close()
        with pytest.raises(paramiko.AuthenticationException):
            Shell(lab, device, pkey=keys[1])


def test_abbreviated_commands(vrp: tuple[Shell, LabDevice]) -> None:
    shell, device = vrp
    shell.send("scr 0 temp\ndis cur\n")
    assert "#\r\nreturn\r\n" in shell.until("#\r\nreturn\r\n")
    shell.send("sys\n")
    shell.until(f"[{device.hostname}]")
    shell.send("ret\n")
    shell.until(f"<{device.hostname}>")
    shell.send("s\n")
    refused = shell.until(f"<{device.hostname}>")
    assert (
        "Error: Ambiguous command found at '^' position." in refused
    )  # save, screen-length, system-view


def test_display_filters_and_a_bar_in_configuration_text(
    lab: LabHandle, vrp: tuple[Shell, LabDevice]
) -> None:
    shell, device = vrp
    shell.send("system-view\ninterface GigabitEthernet0/0/9\ndescription ward | imaging\nreturn\n")
    shell.until(f"<{device.hostname}>")
    assert "description ward | imaging" in lab.running_config(device.hostname)
    shell.send("display current-configuration | include ^ sysname\n")
    shown = shell.until(f"\r\n<{device.hostname}>").split("| include ^ sysname", 1)[1]
    assert shown.strip().splitlines()[:1] == [f"sysname {device.hostname}"]
    assert "interface" not in shown


def test_control_keys(vrp: tuple[Shell, LabDevice]) -> None:
    shell, device = vrp
    shell.send("system-view\n")
    shell.until(f"[{device.hostname}]")
    shell.send("interface GigabitEthernet0/0/1\x03")  # Ctrl+C drops the line
    assert shell.until(f"[{device.hostname}]").endswith(f"\r\n[{device.hostname}]")
    shell.send("\x1a")  # Ctrl+Z back to the user view
    shell.until(f"<{device.hostname}>")
    shell.send("display clock\n")
    assert "Time Zone" in shell.until(f"<{device.hostname}>")
