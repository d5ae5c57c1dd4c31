"""MI-INT-007: private lines end on ports the device's hardware model has and can route."""

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from tests.checks.conftest import evolve, example, findings, site_index
from tests.conftest import EXAMPLES, replace_in

runner = CliRunner()
LONGGANG = "longgang-regional-imaging"


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_use_ports_their_models_have(name: str) -> None:
    assert findings(example(name), "MI-INT-007") == []


def test_a_port_the_ar651_does_not_have_is_refused() -> None:
    topology = example(LONGGANG)
    s = site_index(topology, "chc-bantian-01")
    copy = evolve(topology, ("sites", s, "uplinks", 0, "a", "interface"), "GigabitEthernet0/0/12")
    (finding,) = findings(copy, "MI-INT-007")
    assert finding.path == ("sites", s, "uplinks", 0, "a", "interface")
    assert "AR651 has no port GigabitEthernet0/0/12" in finding.message
    assert "GigabitEthernet0/0/8..GigabitEthernet0/0/9 (routed)" in finding.message


def test_the_management_port_cannot_carry_a_line() -> None:
    topology = example(LONGGANG)
    s = site_index(topology, "chc-bantian-01")
    copy = evolve(topology, ("sites", s, "uplinks", 0, "a", "interface"), "GigabitEthernet0/0/0")
    (finding,) = findings(copy, "MI-INT-007")
    assert "GigabitEthernet0/0/0 is the management port of the AR651" in finding.message


def test_a_slot_beyond_the_chassis_is_refused_on_the_edge() -> None:
    topology = example("henan-provincial-hospital")
    s = site_index(topology, "hpph-main")
    copy = evolve(topology, ("sites", s, "uplinks", 0, "z", "interface"), "GigabitEthernet9/0/1")
    (finding,) = findings(copy, "MI-INT-007")
    assert "NE40E-X8A has no port GigabitEthernet9/0/1" in finding.message


def test_validate_names_file_and_line(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy(LONGGANG)
    site = topo / "sites/chc-bantian-01.yaml"
    replace_in(site, "interface: GigabitEthernet0/0/1,", "interface: GigabitEthernet0/0/12,")
    line = next(
        n
        for n, text in enumerate(site.read_text(encoding="utf-8").splitlines(), start=1)
        if "GigabitEthernet0/0/12" in text
    )
    result = runner.invoke(app, ["validate", str(topo), "--select", "MI-INT-007"])
    assert result.exit_code == 1
    assert f"topo/sites/chc-bantian-01.yaml:{line}:" in result.output
    assert "AR651 has no port GigabitEthernet0/0/12" in result.output
