"""Integrity rules: each with a violating and a satisfying fixture."""

from ipaddress import IPv4Interface

import pytest

from medinfra.model import Ont
from tests.checks.conftest import at, evolve, example, findings, site_index

UNION = "union-shenzhen-campus"
PORT0 = ("campus", "olts", 0, "pon_ports", 0, "splitters", 0, "onts")


@pytest.mark.parametrize(
    "rule_id", ["MI-INT-001", "MI-INT-002", "MI-INT-003", "MI-INT-004", "MI-INT-005", "MI-INT-006"]
)
def test_examples_satisfy(rule_id: str) -> None:
    for name in ("henan-provincial-hospital", UNION, "henan-telemedicine"):
        assert findings(example(name), rule_id) == []


def test_duplicate_hostname_and_unknown_service_are_reported() -> None:
    topology = example(UNION)
    s = site_index(topology, "union-main")
    copy = evolve(topology, ("sites", s, "devices", 2, "hostname"), "UNION-OLT-01")
    copy = evolve(copy, ("sites", s, *PORT0, 0, "services"), ("his", "telepathy"))
    messages = [f.message for f in findings(copy, "MI-INT-001")]
    assert any("duplicate hostname 'UNION-OLT-01'" in m for m in messages)
    assert any("unknown service 'telepathy'" in m for m in messages)


def test_duplicate_management_address() -> None:
    topology = example("henan-provincial-hospital")
    s = site_index(topology, "xincai-branch")
    copy = evolve(
        topology,
        ("sites", s, "devices", 0, "management", "address"),
        IPv4Interface("10.255.10.1/24"),
    )
    (finding,) = findings(copy, "MI-INT-002")
    assert finding.path == ("sites", s, "devices", 0, "management", "address")
    assert finding.message == "management address 10.255.10.1 is already used"
    assert finding.related == (
        "sites",
        site_index(topology, "hpph-main"),
        "devices",
        0,
        "management",
        "address",
    )


def test_duplicate_ont_serial() -> None:
    topology = example(UNION)
    s = site_index(topology, "union-main")
    serial = at(topology, ("sites", s, *PORT0, 0, "serial"))
    copy = evolve(topology, ("sites", s, *PORT0, 1, "serial"), serial)
    (finding,) = findings(copy, "MI-INT-003")
    assert finding.message == f"ONT serial {serial} is already used"
    assert finding.related == ("sites", s, *PORT0, 0, "serial")


def test_ont_id_above_127() -> None:
    topology = example(UNION)
    s = site_index(topology, "union-main")
    ont: Ont = at(topology, ("sites", s, *PORT0, 0))
    copy = evolve(topology, ("sites", s, *PORT0, 0), ont.model_copy(update={"id": 128}))
    (finding,) = findings(copy, "MI-INT-004")
    assert "ONT id 128 on UNION-OLT-01 port 0/1/0 is outside 0-127" in finding.message


def test_two_services_in_one_vlan() -> None:
    topology = example("henan-provincial-hospital")
    copy = evolve(topology, ("services", 1, "vlan"), 110)
    (finding,) = findings(copy, "MI-INT-005")
    assert finding.message == "VLAN 110 of service 'image-viewer' is already used"
    assert finding.related == ("services", 0, "vlan")


def test_two_lines_in_one_vlan_on_one_port() -> None:
    topology = example("henan-provincial-hospital")
    s = site_index(topology, "xincai-branch")
    line = at(topology, ("sites", s, "uplinks", 0))
    copy = evolve(
        topology,
        ("sites", s, "uplinks", 0),
        line.model_copy(
            update={
                "vlan": 101,
                "z": line.z.model_copy(update={"interface": "GigabitEthernet1/0/1"}),
            }
        ),
    )
    (finding,) = findings(copy, "MI-INT-006")
    assert "ZZ-DC-PE-01 GigabitEthernet1/0/1 VLAN 101 is already used" in finding.message
