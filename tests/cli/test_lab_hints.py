"""``medinfra lab``'s hints repeat the options the user gave; a taken port says what to do."""

import socket
from pathlib import Path

from typer.testing import CliRunner

from medinfra.cli import app
from tests.conftest import INVENTORY
from tests.lab.conftest import free_port

runner = CliRunner()
TOPOLOGY = INVENTORY / "union-shenzhen-campus"


def lab(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["lab", *args])
    return result.exit_code, result.output


def test_up_names_the_state_dir_in_its_down_hint(tmp_path: Path) -> None:
    state = tmp_path / "my lab"
    port = str(free_port())
    code, output = lab(
        "up",
        str(TOPOLOGY),
        "--port",
        port,
        "--base-address",
        "127.0.84.1",
        "--state-dir",
        str(state),
    )
    try:
        assert code == 0, output
        assert f"stop it with 'medinfra lab down --state-dir '{state}''" in output
    finally:
        code, output = lab("down", "--state-dir", str(state))
    assert code == 0 and output.startswith("lab stopped (pid ")


def test_status_without_a_lab_names_the_state_dir(tmp_path: Path) -> None:
    code, output = lab("status", "--state-dir", str(tmp_path))
    assert code == 0
    assert output == (
        f"no lab runs in {tmp_path}; start one with "
        f"'medinfra lab up TOPOLOGY --state-dir {tmp_path}'\n"
    )


def test_a_taken_port_is_a_clear_message_with_a_hint(tmp_path: Path) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.84.20", port))
        taken.listen()
        code, output = lab(
            "up",
            str(TOPOLOGY),
            "--port",
            str(port),
            "--base-address",
            "127.0.84.20",
            "--state-dir",
            str(tmp_path),
        )
    assert code == 1
    assert output == (
        f"error: cannot start the lab: 127.0.84.20:{port} is already in use (Address already "
        "in use); another lab or program listens there: choose another port or address, e.g. "
        f"'medinfra lab up {TOPOLOGY} --port {port + 1} --base-address "
        f"127.0.84.20 --state-dir {tmp_path}', or stop the other lab with "
        "'medinfra lab down --state-dir ITS_DIR'\n"
    )


def test_push_to_a_lab_that_is_not_there_names_the_state_dir(tmp_path: Path) -> None:
    result = runner.invoke(app, ["push", str(TOPOLOGY), "--lab", str(tmp_path), "--quiet"])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {tmp_path / 'override.yaml'}: no lab override here; start the lab first "
        f"('medinfra lab up TOPOLOGY --state-dir {tmp_path}') or point --lab / "
        "MEDINFRA_LAB_STATE at its state directory\n"
    )
