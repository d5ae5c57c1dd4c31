"""``medinfra lab up | status | show | down`` with a real background process."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.lab.daemon import alive, stop_background
from tests.conftest import INVENTORY
from tests.lab.conftest import free_port

runner = CliRunner()
TOPOLOGY = INVENTORY / "henan-provincial-hospital"


def lab(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["lab", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def background(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int, str]]:
    state = tmp_path_factory.mktemp("cli-lab")
    port = free_port()
    code, output = lab(
        "up",
        str(TOPOLOGY),
        "--port",
        str(port),
        "--base-address",
        "127.0.78.1",
        "--site",
        "hpph-main",
        "--site",
        "zz-central-plains-dc",
        "--state-dir",
        str(state),
    )
    try:
        yield state, port, output
        assert code == 0, output
    finally:
        if (state / "lab.pid").exists():
            stop_background(state)


def test_up_prints_the_devices_and_writes_the_override(background: tuple[Path, int, str]) -> None:
    state, port, output = background
    assert "HPPH-CPE-01" in output and "127.0.78.1" in output
    assert "XC-CPE-01" not in output  # another site
    override = yaml.safe_load((state / "override.yaml").read_text(encoding="utf-8"))
    assert override["topology"] == str(TOPOLOGY.resolve())
    assert override["devices"]["HPPH-CPE-01"] == {
        "address": "127.0.78.1",
        "port": port,
        "platform": "huawei_vrp",
    }
    known = (state / "known_hosts").read_text(encoding="utf-8").splitlines()
    assert known[0].startswith(f"[127.0.78.1]:{port} ssh-ed25519 AAAA")
    assert len(known) == len(override["devices"]) == 3


def test_status_json(background: tuple[Path, int, str]) -> None:
    state, port, _ = background
    code, output = lab("status", "--format", "json", "--state-dir", str(state))
    assert code == 0
    rows = json.loads(output)
    assert rows[0] == {
        "hostname": "HPPH-CPE-01",
        "platform": "huawei_vrp",
        "address": "127.0.78.1",
        "port": port,
    }
    assert [row["hostname"] for row in rows] == ["HPPH-CPE-01", "ZZ-DC-PE-01", "ZZ-DC-PE-02"]


def test_show_prints_the_running_config(background: tuple[Path, int, str]) -> None:
    state, _, _ = background
    code, output = lab("show", "ZZ-DC-PE-01", "--state-dir", str(state))
    assert code == 0
    assert output.startswith("!Software Version V800R011C10SPC100\n#\nsysname ZZ-DC-PE-01\n#\n")
    assert output.endswith("#\nreturn\n")
    code, output = lab("show", "NOPE-01", "--state-dir", str(state))
    assert code == 1
    assert "no lab device 'NOPE-01'" in output


def test_second_up_is_refused(background: tuple[Path, int, str]) -> None:
    state, port, _ = background
    code, output = lab("up", str(TOPOLOGY), "--port", str(port), "--state-dir", str(state))
    assert code == 1
    assert "a lab already runs in" in output


def test_fault_at_run_time(background: tuple[Path, int, str]) -> None:
    state, port, _ = background
    login = {
        "device_type": "huawei",
        "host": "127.0.78.1",
        "port": port,
        "username": "medinfra",
        "password": "medinfra-lab",
    }
    code, output = lab("fault", "HPPH-CPE-01", "refuse-auth", "--state-dir", str(state))
    assert (code, output) == (0, "HPPH-CPE-01: refuse-auth\n")
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(**login)
    assert lab("fault", "HPPH-CPE-01", "--clear", "--state-dir", str(state))[0] == 0
    ConnectHandler(**login).paramiko_cleanup()
    code, output = lab("fault", "HPPH-CPE-01", "--state-dir", str(state))
    assert code == 2 and "give a FAULT to inject, or --clear" in output


def test_down_stops_the_process(background: tuple[Path, int, str]) -> None:
    state, _, _ = background
    pid = int((state / "lab.pid").read_text(encoding="utf-8"))
    code, output = lab("down", "--state-dir", str(state))
    assert code == 0, output
    assert f"lab stopped (pid {pid})" in output
    assert not alive(pid)
    assert not (state / "lab.pid").exists()
    assert json.loads(lab("status", "--format", "json", "--state-dir", str(state))[1]) == []
    code, output = lab("down", "--state-dir", str(state))
    assert code == 1 and "no lab runs in" in output
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    code, output = lab(
        "up", str(TOPOLOGY), "--fault", "HPPH-CPE-01=explode", "--state-dir", str(tmp_path)
    )
    assert code == 2
    assert "expected reject:PATTERN" in output
    code, output = lab("up", str(TOPOLOGY), "--config", "nofile", "--state-dir", str(tmp_path))
    assert code == 2
    assert "expected HOST=VALUE" in output


def test_foreground_with_faults_and_brownfield_until_interrupted(tmp_path: Path) -> None:
    brownfield = tmp_path / "xc.cfg"
    brownfield.write_text(
        "#\nsysname XC-CPE-01\n#\ninterface GigabitEthernet0/0/3\n description brownfield\n#\nreturn\n"
    )
    state = tmp_path / "state"
    command = [
        sys.executable,
        "-c",
        "from medinfra.cli import main; main()",
        "lab",
        "up",
        str(TOPOLOGY),
        "--foreground",
        "--site",
        "xincai-branch",
        "--port",
        str(free_port()),
        "--base-address",
        "127.0.78.50",
        "--state-dir",
        str(state),
        "--fault",
        "XC-CPE-01=refuse-auth",
        "--config",
        f"XC-CPE-01={brownfield}",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (state / "lab.json").exists():
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        device = json.loads((state / "lab.json").read_text(encoding="utf-8"))["devices"][0]
        with pytest.raises(NetmikoAuthenticationException):
            ConnectHandler(
                device_type="huawei",
                host=device["address"],
                port=device["port"],
                username="medinfra",
                password="medinfra-lab",
            )
        code, output = lab("show", "XC-CPE-01", "--state-dir", str(state))
        assert code == 0
        assert "interface GigabitEthernet0/0/3\n description brownfield\n" in output
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=30)[0]
    assert process.returncode == 0, output
    assert "XC-CPE-01" in output and "127.0.78.50" in output
    assert not (state / "lab.json").exists()
    assert not (state / "lab.pid").exists()
