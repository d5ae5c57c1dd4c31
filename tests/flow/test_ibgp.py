"""iBGP between the data-centre edges (henan-telemedicine): each edge announces the sites it
holds over its own lines (tagged static routes, imported while BFD keeps them up), so a flow
either data centre's cloud starts reaches a site with one of its lines down, through the
other edge; with both lines down neither edge routes the site (no loop). Mutations: without
the iBGP sessions MI-FLOW-004 names the stranded edge with its file and line; without the AS
the topology does not load, with the fix."""

from typer.testing import CliRunner

from medinfra.checks.paths import failure_findings, walk
from medinfra.cli import app
from medinfra.flow.endpoints import resolve
from medinfra.flow.intended import IntendedFlow
from medinfra.flow.trace import failure_of, trace_endpoints
from medinfra.flow.walk import Walker
from medinfra.load import load_topology
from tests.conftest import INVENTORY, replace_in
from tests.flow.test_dc_failover import NAME, TOPO, _trace
from tests.flow.test_trace_cli import at

runner = CliRunner()
HEZHI = "zzu-dc-hezhi"


def _from_cloud(topology, data_centre: str) -> IntendedFlow:  # type: ignore[no-untyped-def]
    """The city services of ``data_centre``'s cloud to the Anyang hospital."""
    return IntendedFlow(
        "cloud to site",
        ("cloud", "tenants", 1),
        resolve(topology, f"telemed-cities/city-services@{data_centre}"),
        resolve(topology, "anyang-central-hospital"),
        None,
    )


FIX = (
    "give the site a second line to another edge on another path, give the edge routes that "
    "fail over with the lines (tracked, primary and backup), or trace the flow with 'medinfra "
    "trace ... --fail ELEMENT'"
)


def at_line(hostname: str, text: str) -> str:
    """``HOST:N: line`` of the rendered config line starting with ``text``."""
    return at(NAME, hostname, text)


def test_with_the_first_line_down_the_first_edge_takes_the_second_edges_ibgp_route() -> None:
    lines = _trace(
        "telemed-cities/city-services",
        "anyang-central-hospital",
        "--fail",
        "anyang-central-hospital-to-dc1",
    )
    # the line's tracked route is withdrawn (and with it the first edge's announcement);
    # the second edge announces the site over its own line: the first edge crosses to it
    at = lines.index(
        "   3. edge route       10.140.0.0/21 via 10.130.254.2 (iBGP from TM-DC2-PE-01, "
        "preference 255: it holds the site over anyang-central-hospital-to-dc2)"
    )
    assert lines[at + 1 : at + 4] == [
        "      model    inventory/henan-telemedicine/sites/zzu-dc-hezhi.yaml:18:3 handoffs[0]",
        "      rendered " + at_line("TM-DC1-PE-01", "peer 10.130.254.2 as-number 65020"),
        "   4. cloud handoff    TM-DC1-PE-01 100GE2/0/1 10.130.254.3/28 -> TM-DC2-PE-01 (the "
        "data-centre side) at 10.130.254.2",
    ]
    assert lines[-1] == "  arrives"


def test_the_second_data_centres_cloud_reaches_a_site_whose_second_line_is_down() -> None:
    # the flow the one-way across routes could not carry: started in the Hezhi cloud (the
    # data centre of the hospital's later line) with that line down
    topology = load_topology(INVENTORY / NAME).topology
    flow = _from_cloud(topology, HEZHI)
    walked = walk(topology, flow)
    assert walked.forward.arrives and walked.back.arrives
    assert list(failure_findings(topology, [walked])) == []
    failure = failure_of(topology, ["anyang-central-hospital-to-dc2"])
    traced = trace_endpoints(topology, flow.source, flow.dest, None, failure)
    forward = traced.forward
    summaries = [hop.summary for hop in forward.hops]
    assert (
        "10.140.0.0/21 via 10.130.254.3 (iBGP from TM-DC1-PE-01, preference 255: it holds the "
        "site over anyang-central-hospital-to-dc1)" in summaries
    )
    assert forward.arrives


def test_with_both_lines_of_a_site_down_no_edge_routes_it_and_nothing_loops() -> None:
    # both announcements are withdrawn with the lines' routes: each edge has no route to the
    # site, from either data centre's cloud (no path, not a cycle between the edges)
    topology = load_topology(INVENTORY / NAME).topology
    both = failure_of(
        topology, ["anyang-central-hospital-to-dc1", "anyang-central-hospital-to-dc2"]
    )
    walker = Walker(topology, both)
    for data_centre, edge in (("zzu-dc-zhengdong", "TM-DC1-PE-01"), (HEZHI, "TM-DC2-PE-01")):
        flow = _from_cloud(topology, data_centre)
        forward = walker.path(flow.source, flow.dest, None, "forward")
        assert forward.broken is not None
        assert "loops" not in forward.broken.reason
        assert forward.broken.reason.startswith(
            f"{edge} has no route to 10.140.0.1 (site anyang-central-hospital)"
        )
        assert [hop.config for hop in forward.hops].count(edge) == 1  # it never came back


def test_without_the_ibgp_sessions_mi_flow_004_names_each_stranded_edge(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the mutation: the edges render no iBGP (no peer): a line failure strands the replies
    # (and the polls) each data centre's cloud sends to a site over that line
    monkeypatch.setattr("medinfra.render.routing.ibgp_peers", lambda index, hostname: [])
    result = runner.invoke(app, ["validate", TOPO, "--select", "MI-FLOW-004", "--format", "github"])
    assert result.exit_code == 1
    assert sorted(result.output.splitlines()) == [
        f"::error file=inventory/{NAME}/sites/zzu-dc-hezhi.yaml,line=8,col=5,"
        "title=MI-FLOW-004::devices[0]: edge route: TM-DC2-PE-01 has no route to 10.120.0.1 "
        "(site anyang-county-1): with line anyang-county-1-to-dc2 down, the return path of "
        "policy members-to-consult of tenant telemed-province (video) (zone "
        "telemed-province/consult (10.130.11.1) -> site anyang-county-1 (10.120.0.1)); 671 more "
        "flow(s) or failure(s) break here; " + FIX,
        # a reply the Zhengdong router sends back to a county hospital that came in over
        # its line to Hezhi: the Zhengdong edge has no way to the hospital but iBGP
        f"::error file=inventory/{NAME}/sites/zzu-dc-zhengdong.yaml,line=8,col=5,"
        "title=MI-FLOW-004::devices[0]: edge route: TM-DC1-PE-01 has no route to 10.120.0.1 "
        "(site anyang-county-1): with line anyang-county-1-to-dc1 down, the return path of "
        "policy members-to-consult of tenant telemed-province (video) (zone "
        "telemed-province/consult (10.130.1.1) -> site anyang-county-1 (10.120.0.1)); 671 more "
        "flow(s) or failure(s) break here; " + FIX,
    ]


def test_without_the_as_the_topology_does_not_load_and_says_how_to_fix_it(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy(NAME)
    replace_in(topo / "topology.yaml", "  as_number: 65020", "")
    result = runner.invoke(app, ["validate", str(topo), "--format", "github"])
    assert result.exit_code == 1
    assert (
        "::error file=topo/topology.yaml,line=13,col=1,title=MI-REF-001::data_centres: missing "
        "required key 'as_number': the edges TM-DC2-PE-01 and TM-DC1-PE-01 share the handoff "
        "subnet 10.130.254.0/28 and exchange the sites they hold over their lines over iBGP "
        "there; add `as_number: 65001` (one private AS for the region's edges, 64512-65534 or "
        "4200000000-4294967294, or the AS they already run BGP in) to data_centres"
    ) in result.output.splitlines()
