"""``medinfra adopt`` on a CPE: the uplink sub-interfaces a brownfield AR holds go into the
private lines of the model (VLAN, addresses, description), every other byte of the site file
kept; what no line matches is said with what the user must add; conflicts exit 1 and change
nothing; after adoption a push has nothing to do for the adopted sub-interfaces."""

import difflib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.lab import run_lab
from medinfra.load import load_topology
from medinfra.push.adopt_cpe import device_subinterfaces
from medinfra.push.plan import plan_push
from medinfra.push.results import Outcome
from medinfra.render import render_device
from tests.conftest import INVENTORY
from tests.fixtures.brownfield import HERE, TOPOLOGY
from tests.push.labkit import free_port, push_all, push_env

CPE = "UNION-CPE-01"
VARIANT = HERE / "variants" / "UNION-CPE-01-adopt.cfg"
"""The brownfield AR fixture with line A on VLAN 310 (the model: 301) and a circuit
description, line B on other addresses (10.0.10.13/30; the model: .5/30), a guest
sub-interface no line matches."""
ADOPTED_SUBS = ("GigabitEthernet0/0/1.310", "GigabitEthernet0/0/2.302")


@pytest.fixture
def campus(tmp_path):
    copy = tmp_path / TOPOLOGY
    shutil.copytree(INVENTORY / TOPOLOGY, copy)
    return copy


def _adopt(campus: Path, *args: str):
    return CliRunner().invoke(app, ["adopt", str(campus), "--device", CPE, *args])


def _block(config: str, name: str) -> list[str]:
    """The lines of ``interface NAME`` up to its closing '#'."""
    lines = config.splitlines()
    start = lines.index(f"interface {name}")
    end = lines.index("#", start)
    return lines[start:end]


def test_adopt_writes_vlan_addresses_description_and_keeps_every_other_byte(campus):
    site = campus / "sites" / "union-main.yaml"
    before = site.read_text()
    checked = _adopt(campus, "--from", str(VARIANT), "--check")
    assert checked.exit_code == 0, checked.output
    assert "+    vlan: 310" in checked.output  # the diff is printed
    assert "would change (2 sub-interface(s)); --check" in checked.output
    assert site.read_text() == before
    result = _adopt(campus, "--from", str(VARIANT))
    assert result.exit_code == 0, result.output
    assert "union-main.yaml: changed (2 sub-interface(s) adopted)" in result.output
    assert "adopted: GigabitEthernet0/0/1.310 as line union-line-a" in result.output
    assert "far end NS-DC-PE-02 address set to 10.0.10.14/30" in result.output
    assert "not adopted: GigabitEthernet0/0/3.500: no private line of the model" in result.output
    assert "the far end (device, port, address), the bandwidth, the technology" in result.output
    changes = sorted(
        line
        for line in difflib.ndiff(before.splitlines(), site.read_text().splitlines())
        if line.startswith(("+ ", "- "))
    )
    assert changes == sorted(
        [
            "-     description: Shenzhen healthcare private network, route A",
            "+     description: circuit SZ-MPLS-0310",
            "-     vlan: 301",
            "+     vlan: 310",
            "-     a: {device: UNION-CPE-01, interface: GigabitEthernet0/0/2, address: 10.0.10.5/30}",
            "-     z: {device: NS-DC-PE-02, interface: GigabitEthernet1/0/1, address: 10.0.10.6/30}",
            "+     a: {device: UNION-CPE-01, interface: GigabitEthernet0/0/2, address: 10.0.10.13/30}",
            "+     z: {device: NS-DC-PE-02, interface: GigabitEthernet1/0/1, address: 10.0.10.14/30}",
        ]
    )
    rendered = render_device(load_topology(campus).topology, CPE)
    for name in ADOPTED_SUBS:  # the model now renders what the device holds
        assert _block(rendered, name) == _block(VARIANT.read_text(), name)
    again = _adopt(campus, "--from", str(VARIANT))
    assert again.exit_code == 0 and "nothing to adopt" in again.output


def test_a_vlan_of_another_line_is_a_conflict_and_changes_nothing(campus, tmp_path):
    site = campus / "sites" / "union-main.yaml"
    before = site.read_text()
    running = tmp_path / "running.cfg"  # line A's port and address, on line B's VLAN
    text = VARIANT.read_text().replace("GigabitEthernet0/0/1.310", "GigabitEthernet0/0/1.302")
    running.write_text(text.replace("dot1q termination vid 310", "dot1q termination vid 302"))
    result = _adopt(campus, "--from", str(running))
    assert result.exit_code == 1, result.output
    assert (
        "conflict: GigabitEthernet0/0/1.302 (line union-line-a): VLAN 302 is line union-line-b's"
        in result.output
    )
    assert site.read_text() == before


def test_sub_interfaces_are_read_with_their_vlan_address_and_description():
    subs = {sub.name: sub for sub in device_subinterfaces(VARIANT.read_text())}
    assert sorted(subs) == [*ADOPTED_SUBS, "GigabitEthernet0/0/3.500"]
    assert subs["GigabitEthernet0/0/2.302"].vlan == 302
    assert str(subs["GigabitEthernet0/0/2.302"].address) == "10.0.10.13/30"
    assert subs["GigabitEthernet0/0/3.500"].description == "guest-wifi-handoff"


def test_the_plain_fixture_has_nothing_to_adopt_and_odd_sub_interfaces_are_said(campus, tmp_path):
    plain = _adopt(campus, "--from", str(HERE / "UNION-CPE-01.cfg"))
    assert plain.exit_code == 0, plain.output
    assert "nothing to adopt from UNION-CPE-01" in plain.output
    assert "GigabitEthernet0/0/1.301 (line union-line-a): no description on the device" in (
        plain.output
    )
    odd = VARIANT.read_text().replace(
        "interface GigabitEthernet0/0/3.500\n", "interface GigabitEthernet0/0/1.10\n"
    )
    odd = odd.replace(  # line A's port and address once more, on another VLAN
        "\nreturn\n",
        "\ninterface GigabitEthernet0/0/1.311\n dot1q termination vid 311\n"
        " ip address 10.0.10.1 255.255.255.252\n#\nreturn\n",
    )
    running = tmp_path / "odd.cfg"
    running.write_text(odd)
    result = _adopt(campus, "--from", str(running), "--check")
    assert result.exit_code == 0, result.output
    assert "not adopted: GigabitEthernet0/0/1.10: its number differs from its VLAN 500" in (
        result.output
    )
    assert (
        "not adopted: GigabitEthernet0/0/1.311: line union-line-a is another sub-interface's"
        in result.output
    )


@pytest.mark.lab
@pytest.mark.slow
def test_adopt_from_the_lab_over_ssh_then_push_check_leaves_the_sub_interfaces(
    campus, tmp_path, monkeypatch
):
    topology = load_topology(campus).topology
    state = tmp_path / "lab"
    for name, value in push_env(topology).items():
        if name.startswith("MEDINFRA_"):
            monkeypatch.setenv(name, value)
    with run_lab(
        topology, state, base_address="127.0.90.20", port=free_port(), configs={CPE: VARIANT}
    ) as lab:
        before = lab.running_config(CPE)
        adopted = _adopt(campus, "--lab", str(state), "--timeout", "5")
        assert adopted.exit_code == 0, adopted.output
        assert "adopted: GigabitEthernet0/0/2.302 as line union-line-b" in adopted.output
        plan = plan_push(campus, hostnames=[CPE], lab_state=state, timeout=5.0)
        check = push_all(plan, load_topology(campus).topology, tmp_path, check=True)[CPE]
        assert check.outcome in {Outcome.WOULD_CHANGE, Outcome.UNCHANGED}, check.error
        proposed = [line.strip() for line in check.diff.splitlines()]
        for name in (*ADOPTED_SUBS, "GigabitEthernet0/0/1.301", "ip address 10.0.10.5 "):
            assert not any(name in line for line in proposed), (name, check.diff)
        assert not any(line.startswith("undo interface") for line in proposed), check.diff
        assert lab.running_config(CPE) == before
