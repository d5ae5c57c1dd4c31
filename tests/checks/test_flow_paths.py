"""MI-FLOW-003/004: every intended flow walked both ways, and again with each element down."""

from typer.testing import CliRunner

from medinfra.checks.paths import failure_findings, single_failures, walk, walked_flows
from medinfra.cli import app
from medinfra.flow.endpoints import device_endpoint
from medinfra.flow.intended import IntendedFlow, intended_flows
from tests.checks.conftest import example
from tests.conftest import EXAMPLES, replace_in

runner = CliRunner()
FIX_003 = (
    "add the hop the finding names (the site's LAN handoff, the edge's handoff towards the "
    "cloud, the tenant router's route, a permit policy), or trace the flow with 'medinfra "
    "trace' to see every hop"
)


def _github(topo: str, rule: str) -> list[str]:
    result = runner.invoke(app, ["validate", topo, "--select", rule, "--format", "github"])
    return result.output.splitlines()


# With the LAN side, the edge handoffs, the management zone's egress and routes and the
# edges' management LAN rendered, and the imaging gateway sending from its imaging address in
# the clinical zone, nothing is left.
BREAKS = {
    "henan-provincial-hospital": set(),
    "henan-telemedicine": set(),
    "longgang-regional-imaging": set(),
    "multi-branch-hospital": set(),
    "union-shenzhen-campus": set(),
}


def test_every_example_flow_is_walked_and_breaks_only_at_the_missing_hops() -> None:
    assert set(BREAKS) == set(EXAMPLES)
    for name in EXAMPLES:
        topology = example(name)
        walked = walked_flows(topology)
        kinds = {flow.why.split(" ")[0] for flow in intended_flows(topology)}
        assert "management" in kinds, name
        layers = {
            path.broken.layer.value
            for item in walked
            for path in (item.forward, item.back)
            if path.broken is not None
        }
        assert layers == BREAKS[name], name


def test_each_intended_kind_is_there() -> None:
    flows = list(intended_flows(example("henan-provincial-hospital")))
    whys = [flow.why for flow in flows]
    # each policy once per site whose LAN holds part of the source zone (hpph-main, xincai)
    assert list(dict.fromkeys(whys))[:3] == [
        "policy clinical-to-pacs of tenant hpph (pacs)",
        "policy clinical-to-viewer of tenant hpph (image-viewer)",
        "policy clinical-to-his of tenant hpph (his)",
    ]
    assert "imaging gateway HPPH-DICOM-GW-01 to archive ZZ_REGION_ARCH" in whys
    assert [why for why in whys if why.startswith("management")] == [
        "management of HPPH-CPE-01",
        "management of XC-CPE-01",
        "management of ZZ-DC-PE-01",
        "management of ZZ-DC-PE-02",
    ]


def test_no_finding_sits_at_a_sites_lan_once_the_render_has_it(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = str(example_copy("henan-provincial-hospital"))
    lines = _github(topo, "MI-FLOW-003")
    assert not [line for line in lines if "title=MI-FLOW-003::lan:" in line]


def _cpe_to_cpe(topology_name: str) -> IntendedFlow:
    topology = example(topology_name)
    return IntendedFlow(
        "site to site",
        ("sites", 0),
        device_endpoint(topology, "HPPH-CPE-01"),
        device_endpoint(topology, "XC-CPE-01"),
        None,
    )


def test_a_failed_line_no_longer_strands_the_edge() -> None:
    # the point: when a site's line fails, its edge needs a route around it; the
    # edge falls back across the provider network to the edge of the site's next line, so
    # with any one line or edge down both paths still arrive
    topology = example("henan-provincial-hospital")
    walked = walk(topology, _cpe_to_cpe("henan-provincial-hospital"))
    assert walked.forward.arrives and walked.back.arrives
    assert list(failure_findings(topology, [walked])) == []


def test_both_branch_lines_on_one_edge_break_when_that_edge_fails(example_copy) -> None:  # type: ignore[no-untyped-def]
    from medinfra.load import load_topology

    topo = example_copy("henan-provincial-hospital")
    replace_in(
        topo / "sites/xincai-branch.yaml",
        "z: {device: ZZ-DC-PE-02, interface: GigabitEthernet1/0/2",
        "z: {device: ZZ-DC-PE-01, interface: GigabitEthernet1/0/3",
    )
    loaded = load_topology(topo)
    topology = loaded.topology
    flow = IntendedFlow(
        "site to site",
        ("sites", 0),
        device_endpoint(topology, "HPPH-CPE-01"),
        device_endpoint(topology, "XC-CPE-01"),
        None,
    )
    found = list(failure_findings(topology, [walk(topology, flow)]))
    places = [(f.message, str(loaded.sources.locate(f.path))) for f in found]
    assert places == [
        (
            # the other edge has no route: the branch's announcement went down with PE-01
            "edge route: ZZ-DC-PE-02 has no route to 10.255.11.1 (device XC-CPE-01): with "
            "device ZZ-DC-PE-01 down, the forward path of site to site (device HPPH-CPE-01 "
            "(10.255.10.1) -> device XC-CPE-01 (10.255.11.1))",
            "topo/sites/zz-central-plains-dc.yaml:14:5",
        ),
        (
            "CPE route: XC-CPE-01 has no route to 10.255.10.1 (device HPPH-CPE-01): with device "
            "ZZ-DC-PE-01 down, the return path of site to site (device XC-CPE-01 (10.255.11.1) "
            "-> device HPPH-CPE-01 (10.255.10.1))",
            "topo/sites/xincai-branch.yaml:16:5",
        ),
    ]


def test_the_failures_tried_are_the_lines_and_edges_the_paths_cross() -> None:
    topology = example("henan-provincial-hospital")
    walked = walk(topology, _cpe_to_cpe("henan-provincial-hospital"))
    assert single_failures(topology, walked) == [
        "device:ZZ-DC-PE-01",
        "line:hpph-peotn-a",
        "line:xincai-otn-a",
    ]


def test_a_site_with_one_line_has_no_failure_to_survive(example_copy) -> None:  # type: ignore[no-untyped-def]
    from medinfra.load import load_topology

    topo = example_copy("henan-provincial-hospital")
    for name in ("hpph-main", "xincai-branch"):
        replace_in(topo / f"sites/{name}.yaml", "wan_protection: 1+1", "wan_protection: none")
    topology = load_topology(topo).topology
    flow = IntendedFlow(
        "site to site",
        ("sites", 0),
        device_endpoint(topology, "HPPH-CPE-01"),
        device_endpoint(topology, "XC-CPE-01"),
        None,
    )
    assert single_failures(topology, walk(topology, flow)) == []


def test_flow_findings_in_sarif_and_json_point_at_the_broken_hop(example_copy) -> None:  # type: ignore[no-untyped-def]
    import json

    topo = example_copy("union-shenzhen-campus")
    # the edge without its management gateway: no vpn-instance route to the servers
    replace_in(
        topo / "sites/nanshan-health-cloud.yaml",
        "{address: 10.250.1.1/24, gateway: 10.250.1.254/24}",
        "{address: 10.250.1.1/24}",
    )
    topo = str(topo)
    sarif = runner.invoke(app, ["validate", topo, "--select", "MI-FLOW", "--format", "sarif"])
    assert sarif.exit_code == 1
    run = json.loads(sarif.output)["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    first = run["results"][0]
    assert ids[first["ruleIndex"]] == "MI-FLOW-003"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "topo/sites/nanshan-health-cloud.yaml"},
        "region": {"startLine": 8, "startColumn": 5},
    }
    document = json.loads(
        runner.invoke(app, ["validate", topo, "--select", "MI-FLOW-003", "--format", "json"]).output
    )
    found = document[0]["diagnostics"] if isinstance(document, list) else document
    assert "MI-FLOW-003" in json.dumps(found)


def test_each_flow_rule_is_explained() -> None:
    for rule_id in ("MI-FLOW-003", "MI-FLOW-004"):
        result = runner.invoke(app, ["explain", rule_id])
        assert result.exit_code == 0
        # both run by default: no opt-in marker
        assert result.output.startswith(f"{rule_id} (error, flow)\n"), result.output


# (flows proven both ways, flows that break) per kind of intended flow; a flow a cloud zone
# starts or reaches is walked in each data centre's cloud (Henan telemedicine: 534 policy
# flows and the management of 140 devices in each of its two clouds)
PROVEN = {
    "henan-provincial-hospital": {"policy": (6, 0), "imaging": (1, 0), "management": (4, 0)},
    "henan-telemedicine": {"policy": (2 * 534, 0), "management": (280, 0)},
    "longgang-regional-imaging": {"policy": (360, 0), "management": (182, 0)},
    "multi-branch-hospital": {"policy": (9, 0), "management": (6, 0)},
    "union-shenzhen-campus": {"policy": (3, 0), "management": (5, 0)},
}
# Henan telemedicine's management servers leave the cloud of either data centre; with a site's
# line to that data centre down, its edge takes the other edge's iBGP route across the
# interconnect, and with that edge down the other data centre's edge holds the routers' next
# hop (its standby handoff): every flow survives there too.
SURVIVES = dict.fromkeys(PROVEN, True)


def test_every_policy_flow_is_proven_both_ways_and_through_every_single_failure() -> None:
    assert set(PROVEN) == set(EXAMPLES)
    for name in EXAMPLES:
        topology = example(name)
        counts: dict[str, list[int]] = {}
        proven = []
        for walked in walked_flows(topology):
            arrives = walked.forward.arrives and walked.back.arrives
            kind = counts.setdefault(walked.flow.why.split(" ")[0], [0, 0])
            kind[0 if arrives else 1] += 1
            if arrives:
                proven.append(walked)
        assert {kind: tuple(pair) for kind, pair in counts.items()} == PROVEN[name], name
        policy = [walked for walked in proven if walked.flow.why.startswith("policy")]
        assert list(failure_findings(topology, policy)) == [], name
        assert (list(failure_findings(topology, proven)) == []) is SURVIVES[name], name


def test_a_lan_without_its_route_to_the_campus_core_breaks_the_return_path(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "  next_hop: 10.20.127.254\n", "")
    assert _github(str(topo), "MI-FLOW-003")[0] == (
        "::error file=topo/sites/hpph-main.yaml,line=58,col=1,title=MI-FLOW-003::lan: CPE LAN: "
        "HPPH-CPE-01 has no rendered route to 10.20.0.1 (site hpph-main) towards the campus "
        "core on GigabitEthernet0/0/3.100: the return path of policy clinical-to-pacs of tenant "
        "hpph (pacs) (zone hpph/pacs (10.30.1.1) -> site hpph-main (10.20.0.1)); 3 more "
        f"flow(s) break here; {FIX_003}"
    )
