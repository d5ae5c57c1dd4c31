"""MI-FLOW: ranges routed to two sites, imaging gateways whose archive nothing reaches."""

from typer.testing import CliRunner

from medinfra.checks.flows import range_on_two_sites
from medinfra.cli import app
from tests.checks.conftest import example, findings
from tests.conftest import EXAMPLES, replace_in

runner = CliRunner()
FLOW_FIX = (
    "give each site its own management range (a /28 or /29 per site, not one shared /24), "
    "or move the range to the one site it really belongs to"
)


def _github(topo: str, rule: str) -> list[str]:
    result = runner.invoke(app, ["validate", topo, "--select", rule, "--format", "github"])
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


def test_every_example_routes_each_range_to_one_site_and_reaches_its_archives() -> None:
    for name in EXAMPLES:
        topology = example(name)
        assert findings(topology, "MI-FLOW-001") == [], name
        assert findings(topology, "MI-FLOW-002") == [], name


def test_a_shared_management_range_names_both_sites(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("multi-branch-hospital")
    # west-branch's CPE back into east-branch's /28, as when every branch shared one /24
    replace_in(topo / "sites/west-branch.yaml", "10.251.10.33/28", "10.251.10.2/28")
    assert _github(str(topo), "MI-FLOW-001") == [
        "::error file=topo/sites/west-branch.yaml,line=18,col=16,title=MI-FLOW-001::"
        "devices[0].management.address: range 10.251.10.0/28 of site west-branch is also "
        "behind the lines of site east-branch: the edge routes it to both sites (first "
        f"defined at topo/sites/east-branch.yaml:18:16); {FLOW_FIX}"
    ]


def test_a_range_several_devices_of_one_site_share_is_fine() -> None:
    topology = example("union-shenzhen-campus")
    assert list(range_on_two_sites(topology, topology.settings)) == []


def test_gateway_archive_outside_every_zone(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "host: 10.30.1.10", "host: 10.99.1.10")
    assert _github(str(topo), "MI-FLOW-002") == [
        "::error file=topo/sites/hpph-main.yaml,line=54,col=41,title=MI-FLOW-002::"
        "imaging_gateways[0].archive.host: imaging gateway HPPH-DICOM-GW-01 forwards to archive "
        "ZZ_REGION_ARCH at 10.99.1.10, which is in no zone of any tenant; give the archive "
        "an address in a zone of the gateway's tenant and a permit policy from the gateway's "
        "zone to that zone with a service carrying the archive's port"
    ]


def test_gateway_archive_no_policy_permits(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("henan-provincial-hospital")
    # the clinical -> pacs rule carries pacs (TCP 104, 11112); with image-viewer instead,
    # nothing from clinical reaches the archive's port and the tenant denies by default
    replace_in(
        topo / "topology.yaml",
        "destination: pacs\n          services: [pacs]",
        "destination: pacs\n          services: [image-viewer]",
    )
    (line,) = _github(str(topo), "MI-FLOW-002")
    assert line.startswith(
        "::error file=topo/sites/hpph-main.yaml,line=54,col=41,title=MI-FLOW-002::"
    )
    assert (
        "forwards to archive ZZ_REGION_ARCH at 10.30.1.10:11112 in zone hpph/pacs, but no "
        "policy of tenant hpph permits TCP 11112 from zone clinical to it;" in line
    )


def test_gateway_archive_by_name(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "host: 10.30.1.10", "host: archive.example")
    (line,) = _github(str(topo), "MI-FLOW-002")
    assert "at 'archive.example', a name no zone can hold;" in line


def test_explain_flow_rules() -> None:
    for rule_id in ("MI-FLOW-001", "MI-FLOW-002"):
        result = runner.invoke(app, ["explain", rule_id.lower()])
        assert result.exit_code == 0
        assert result.output.startswith(f"{rule_id} (error, flow)\n")
