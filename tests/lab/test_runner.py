"""``run_lab`` life cycle: start state from the model, a brownfield file or the saved startup."""

import socket
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from medinfra.lab import LabError, run_lab
from medinfra.lab.state import addresses, startup_path
from medinfra.model import Topology
from tests.lab.conftest import free_port

SITE = "union-main"


def _only(topology: Topology) -> list[str]:
    return [d.hostname for s, d in topology.all_devices() if s.id == SITE]


def test_initial_state_from_the_model(campus: Topology, tmp_path: Path) -> None:
    with run_lab(
        campus, tmp_path, base_address="127.0.79.1", port=free_port(), sites=[SITE]
    ) as lab:
        assert [d.hostname for d in lab.devices] == _only(campus)
        cpe = lab.devices[0]
        running = lab.running_config(cpe.hostname)
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection((cpe.address, cpe.port), 2),
    ):
        pass  # the listener is gone once run_lab has returned
    # an AR's dump: version line first, sysname among the globals printed with a leading space
    assert running == (
        f"[V300R019C10SPC300]\n#\n sysname {cpe.hostname}\n#\ninterface GigabitEthernet0/0/0\n"
        " ip address 10.250.10.1 255.255.255.0\n#\n telnet server enable\n#\nreturn\n"
    )


def test_saved_startup_survives_a_restart_and_brownfield_wins(
    campus: Topology, tmp_path: Path
) -> None:
    port = free_port()
    with run_lab(campus, tmp_path, base_address="127.0.79.1", port=port, sites=[SITE]) as lab:
        cpe = lab.devices[0]
        lab.apply_lines(cpe.hostname, ["interface GigabitEthernet0/0/5", "description saved"])
        with ConnectHandler(
            device_type="huawei",
            host=cpe.address,
            port=cpe.port,
            username=lab.credentials.username,
            password=lab.credentials.password,
        ) as session:
            session.save_config()
        lab.apply_lines(cpe.hostname, ["interface GigabitEthernet0/0/6", "description not saved"])
        key_line = (tmp_path / "known_hosts").read_text(encoding="utf-8")
    with run_lab(campus, tmp_path, base_address="127.0.79.1", port=port, sites=[SITE]) as lab:
        running = lab.running_config(cpe.hostname)
        assert (tmp_path / "known_hosts").read_text(encoding="utf-8") == key_line  # same host key
    assert "description saved" in running
    assert "not saved" not in running
    assert running == startup_path(tmp_path, cpe.hostname).read_text(encoding="utf-8")
    brownfield = tmp_path / "old.cfg"
    brownfield.write_text(
        f"#\n sysname {cpe.hostname}\n#\ninterface Vlanif10\n ip address 10.1.1.1 24\n#\nreturn\n"
    )
    with run_lab(
        campus,
        tmp_path,
        base_address="127.0.79.1",
        port=port,
        sites=[SITE],
        configs={cpe.hostname: brownfield},
    ) as lab:
        running = lab.running_config(cpe.hostname)
    # kept as printed, but for the version line the device adds and the mask it rewrites
    assert running == (
        f"[V300R019C10SPC300]\n#\n sysname {cpe.hostname}\n#\ninterface Vlanif10\n"
        " ip address 10.1.1.1 255.255.255.0\n#\nreturn\n"
    )


def test_drift_lines_the_device_refuses_raise(campus: Topology, tmp_path: Path) -> None:
    with (
        run_lab(campus, tmp_path, base_address="127.0.79.1", port=free_port(), sites=[SITE]) as lab,
        pytest.raises(LabError, match="refuses 'interface'"),
    ):
        lab.apply_lines(lab.devices[0].hostname, ["interface"])


def test_unknown_site_and_device_are_named(campus: Topology, tmp_path: Path) -> None:
    with (
        pytest.raises(LabError, match="unknown site"),
        run_lab(campus, tmp_path, sites=["nowhere"]),
    ):
        pass
    with (
        pytest.raises(LabError, match="no lab device 'X-1'"),
        run_lab(campus, tmp_path, sites=[SITE], configs={"X-1": tmp_path}),
    ):
        pass


def test_addresses_skip_network_and_broadcast_host_parts() -> None:
    assert addresses("127.0.10.253", 4) == [
        "127.0.10.253",
        "127.0.10.254",
        "127.0.11.1",
        "127.0.11.2",
    ]
    with pytest.raises(LabError, match=r"leave 127\.0\.0\.0/8"):
        addresses("127.255.255.254", 3)
