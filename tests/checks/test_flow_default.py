"""MI-FLOW-003/004 on the examples: every intended flow of every example arrives both ways and
survives any single failure, and taking away a piece the management plane needs (the
management zone's egress rule, an edge's vpn-instance route, the imaging gateway's own
address) gives the exact finding at its file and line."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

import medinfra.cloud.fwaas_rules
from medinfra.checks.paths import walked_flows
from medinfra.cli import app
from tests.checks.conftest import example
from tests.conftest import EXAMPLES, replace_in

runner = CliRunner()
FIX_003 = (
    "add the hop the finding names (the site's LAN handoff, the edge's handoff towards the "
    "cloud, the tenant router's route, a permit policy), or trace the flow with 'medinfra "
    "trace' to see every hop"
)


def _github(topo: Path) -> list[str]:
    """The findings of a plain validate (the path rules run by default) as GitHub annotations."""
    result = runner.invoke(app, ["validate", str(topo), "--format", "github"])
    return [line for line in result.output.splitlines() if line.startswith("::")]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_intended_flow_of_every_example_arrives_and_validate_finds_nothing(
    name: str, example_copy
) -> None:  # type: ignore[no-untyped-def]
    walked = walked_flows(example(name))
    kinds = {item.flow.why.split(" ")[0] for item in walked}
    assert {"policy", "management"} <= kinds, name
    broken = [
        (item.flow.why, path.direction)
        for item in walked
        for path in (item.forward, item.back)
        if not path.arrives
    ]
    assert broken == [], name
    lines = _github(example_copy(name))
    assert [line for line in lines if "MI-FLOW-00" in line] == [], lines


def test_without_the_management_egress_rule_the_default_deny_is_the_finding(
    example_copy, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(medinfra.cloud.fwaas_rules, "management_firewall_rules", lambda *_: [])
    topo = example_copy("multi-branch-hospital")
    lines = [line for line in _github(topo) if "title=MI-FLOW-003" in line]
    assert lines == [
        "::error file=topo/topology.yaml,line=93,col=7,title=MI-FLOW-003::"
        "cloud.tenants[0].default_action: firewall rule: zone mbh/mgmt egress: mgmt tcp/22 "
        "from 10.251.0.1 to 10.251.10.1 is denied by the default rule "
        "(mbh-mgmt-out-default-deny): the forward path of management of MBH-B1-CPE-01 (zone "
        "mbh/mgmt (10.251.0.1) -> device MBH-B1-CPE-01 (10.251.10.1)); 5 more flow(s) break "
        f"here; {FIX_003}"
    ]


def test_without_the_oam_vpn_route_the_edges_return_path_is_the_finding(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("multi-branch-hospital")
    replace_in(
        topo / "sites/main-campus-dc.yaml",
        "{address: 10.251.1.2/24, gateway: 10.251.1.254/24}",
        "{address: 10.251.1.2/24}",
    )
    lines = [line for line in _github(topo) if "title=MI-FLOW-003" in line]
    assert lines == [
        "::error file=topo/sites/main-campus-dc.yaml,line=15,col=5,title=MI-FLOW-003::"
        "devices[1]: edge route: MBH-DC-PE-02 has no route to 10.251.0.1 (zone mbh/mgmt, in the "
        "cloud): the return path of management of MBH-DC-PE-02 (device MBH-DC-PE-02 "
        f"(10.251.1.2) -> zone mbh/mgmt (10.251.0.1)); {FIX_003}"
    ]


def test_a_gateway_sending_from_outside_its_zone_is_refused_where_it_is_written(
    example_copy,
) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "    address: 10.20.12.20/24", "    #")
    result = runner.invoke(app, ["validate", str(topo)])
    assert result.exit_code == 1
    assert (
        "topo/sites/hpph-main.yaml:45:5: imaging_gateways[0].management_address: imaging "
        "gateway HPPH-DICOM-GW-01 sends its studies from 10.255.10.20 (management_address), "
        "outside its zone clinical of tenant hpph (10.20.0.0/16): the zone's policies do not "
        "permit it and the tenant router does not route it back; add 'address:' with the "
        "gateway's imaging interface in the zone (keep management_address for its management) "
        "[MI-REF-001]"
    ) in " ".join(result.output.split())
