"""MI-FLOW: ranges routed to two sites, imaging gateways whose archive nothing reaches."""

import pytest
from typer.testing import CliRunner

from medinfra.checks.flows import range_on_two_sites
from medinfra.cli import app
from tests.checks.builders import Edit, edited, rule_lines
from tests.checks.conftest import example, findings
from tests.conftest import EXAMPLES

runner = CliRunner()
HPPH = "henan-provincial-hospital"
MAIN = "sites/hpph-main.yaml"
FLOW_FIX = (
    "give each site its own management range (a /28 or /29 per site, not one shared /24), "
    "or move the range to the one site it really belongs to"
)


def test_every_example_routes_each_range_to_one_site_and_reaches_its_archives() -> None:
    for name in EXAMPLES:
        topology = example(name)
        assert findings(topology, "MI-FLOW-001") == [], name
        assert findings(topology, "MI-FLOW-002") == [], name


@pytest.mark.parametrize(
    ("name", "edit", "rule_id", "expected"),
    [
        # west-branch's CPE back into east-branch's /28, as when every branch shared one /24
        pytest.param(
            "multi-branch-hospital",
            Edit("sites/west-branch.yaml", "10.251.10.33/28", "10.251.10.2/28"),
            "MI-FLOW-001",
            "::error file=topo/sites/west-branch.yaml,line=18,col=16,title=MI-FLOW-001::"
            "devices[0].management.address: range 10.251.10.0/28 of site west-branch is also "
            "behind the lines of site east-branch: the edge routes it to both sites (first "
            f"defined at topo/sites/east-branch.yaml:18:16); {FLOW_FIX}",
            id="a-shared-management-range-names-both-sites",
        ),
        pytest.param(
            HPPH,
            Edit(MAIN, "host: 10.30.1.10", "host: 10.99.1.10"),
            "MI-FLOW-002",
            "::error file=topo/sites/hpph-main.yaml,line=54,col=41,title=MI-FLOW-002::"
            "imaging_gateways[0].archive.host: imaging gateway HPPH-DICOM-GW-01 forwards to "
            "archive ZZ_REGION_ARCH at 10.99.1.10, which is in no zone of any tenant; give the "
            "archive an address in a zone of the gateway's tenant and a permit policy from the "
            "gateway's zone to that zone with a service carrying the archive's port",
            id="gateway-archive-outside-every-zone",
        ),
    ],
)
def test_a_broken_flow_is_reported_at_its_line(
    example_copy,  # type: ignore[no-untyped-def]
    name: str,
    edit: Edit,
    rule_id: str,
    expected: str,
) -> None:
    assert rule_lines(edited(example_copy, name, edit), rule_id) == [expected]


def test_a_range_several_devices_of_one_site_share_is_fine() -> None:
    topology = example("union-shenzhen-campus")
    assert list(range_on_two_sites(topology, topology.settings)) == []


def test_gateway_archive_no_policy_permits(example_copy) -> None:  # type: ignore[no-untyped-def]
    # the clinical -> pacs rule carries pacs (TCP 104, 11112); with image-viewer instead,
    # nothing from clinical reaches the archive's port and the tenant denies by default
    old = "destination: pacs\n          services: [pacs]"
    new = "destination: pacs\n          services: [image-viewer]"
    topo = edited(example_copy, HPPH, Edit("topology.yaml", old, new))
    (line,) = rule_lines(topo, "MI-FLOW-002")
    assert line.startswith(
        "::error file=topo/sites/hpph-main.yaml,line=54,col=41,title=MI-FLOW-002::"
    )
    assert (
        "forwards to archive ZZ_REGION_ARCH at 10.30.1.10:11112 in zone hpph/pacs, but no "
        "policy of tenant hpph permits TCP 11112 from zone clinical to it;" in line
    )


def test_gateway_archive_by_name(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = edited(example_copy, HPPH, Edit(MAIN, "host: 10.30.1.10", "host: archive.example"))
    (line,) = rule_lines(topo, "MI-FLOW-002")
    assert "at 'archive.example', a name no zone can hold;" in line


def test_explain_flow_rules() -> None:
    for rule_id in ("MI-FLOW-001", "MI-FLOW-002"):
        result = runner.invoke(app, ["explain", rule_id.lower()])
        assert result.exit_code == 0
        assert result.output.startswith(f"{rule_id} (error, flow)\n")
