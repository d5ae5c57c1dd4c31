"""WAN redundancy rules."""

from medinfra.model import Protection
from tests.checks.conftest import at, evolve, example, findings, site_index

HPPH = "henan-provincial-hospital"
TELEMED = "henan-telemedicine"


def test_examples_satisfy() -> None:
    for name in (HPPH, TELEMED, "longgang-regional-imaging", "multi-branch-hospital"):
        for rule_id in (
            "MI-WAN-001",
            "MI-WAN-002",
            "MI-WAN-003",
            "MI-WAN-004",
            "MI-WAN-005",
            "MI-WAN-006",
        ):
            assert findings(example(name), rule_id) == [], (name, rule_id)


def test_one_plus_one_with_one_uplink() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    copy = evolve(topology, ("sites", s, "uplinks"), topology.sites[s].uplinks[:1])
    (finding,) = findings(copy, "MI-WAN-001")
    assert "site hpph-main claims 1+1 protection but has 1 uplink(s)" in finding.message


def test_shared_physical_path() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    copy = evolve(topology, ("sites", s, "uplinks", 1, "path_id"), "unicom-zz-route-east")
    (finding,) = findings(copy, "MI-WAN-002")
    assert finding.path == ("sites", s, "uplinks", 1, "path_id")
    assert "share physical path 'unicom-zz-route-east'" in finding.message
    # without the 1+1 claim the same lines are not rated
    relaxed = evolve(copy, ("sites", s, "wan_protection"), Protection.NONE)
    assert findings(relaxed, "MI-WAN-002") == []


def test_active_active_both_lines_to_one_data_centre() -> None:
    topology = example(TELEMED)
    s = site_index(topology, "anyang-county-1")
    line_b = at(topology, ("sites", s, "uplinks", 1))
    rehomed = line_b.model_copy(
        update={
            "z": line_b.z.model_copy(update={"device": "TM-DC1-PE-01", "interface": "10GE1/0/9"})
        }
    )
    copy = evolve(topology, ("sites", s, "uplinks", 1), rehomed)
    (finding,) = findings(copy, "MI-WAN-003")
    assert "site anyang-county-1: all 2 uplinks end on zzu-dc-zhengdong" in finding.message
    assert findings(copy, "MI-WAN-006")[0].message.endswith("a single point of failure")


def test_uplink_ending_on_a_cpe() -> None:
    topology = example(HPPH)
    s = site_index(topology, "xincai-branch")
    line = at(topology, ("sites", s, "uplinks", 0))
    copy = evolve(
        topology,
        ("sites", s, "uplinks", 0),
        line.model_copy(update={"z": line.z.model_copy(update={"device": "HPPH-CPE-01"})}),
    )
    (finding,) = findings(copy, "MI-WAN-004")
    assert (
        "ends on HPPH-CPE-01, which is not in one of the topology's data centres" in finding.message
    )


def test_site_without_uplink() -> None:
    topology = example(HPPH)
    s = site_index(topology, "xincai-branch")
    copy = evolve(topology, ("sites", s, "uplinks"), ())
    (finding,) = findings(copy, "MI-WAN-005")
    assert finding.message == "site xincai-branch (branch) has no uplink to a data centre"
