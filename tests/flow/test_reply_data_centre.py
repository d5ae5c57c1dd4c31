"""A reply comes back into the data centre whose cloud holds the connection (henan-telemedicine).

Each data centre's cloud holds its own ranges of every cloud zone (``ranges[].data_centre``),
so every router between them has one destination per prefix: both edges route the Zhengdong
cloud's ranges to the Zhengdong routers (the Hezhi edge over its standby leg on the Zhengdong
provider network) and the Hezhi cloud's to the Hezhi routers. Asserted here: a management
poll the Zhengdong cloud opens while the Zhengdong edge is down comes back, hop by hop, into
the Zhengdong cloud; one range in both clouds is refused at its line; and, on a model that
loading refused for it, the walk names the reply that comes back into the other cloud.
"""

from typer.testing import CliRunner

from medinfra.checks.paths import failure_findings, walk
from medinfra.cli import app
from medinfra.flow.endpoints import resolve
from medinfra.flow.intended import IntendedFlow
from medinfra.load.loader import load_partially
from tests.conftest import INVENTORY, replace_in
from tests.flow.test_trace_cli import at

runner = CliRunner()
NAME = "henan-telemedicine"
TOPO = str(INVENTORY / NAME)
MGMT_RANGES = (
    "          ranges:\n"
    "            - {network: 10.253.0.0/24, data_centre: zzu-dc-zhengdong}\n"
    "            - {network: 10.253.3.0/24, data_centre: zzu-dc-hezhi}\n"
)


def _line(text: str) -> int:
    """The line of topology.yaml holding ``text`` (found, as the file changes)."""
    lines = (INVENTORY / NAME / "topology.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def _return_path(*args: str) -> list[str]:
    result = runner.invoke(app, ["trace", TOPO, *args])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith("return: ")]
    assert len(starts) == 2, lines  # nothing down, then the failure
    return lines[starts[1] :]


def test_a_poll_the_zhengdong_cloud_opens_with_its_edge_down_comes_back_to_the_zhengdong_cloud():
    back = _return_path("telemed-province/mgmt", "TM-ANYA-CPE-01", "mgmt", "--fail", "TM-DC1-PE-01")
    assert back[0] == (
        "return: device TM-ANYA-CPE-01 (10.253.10.1) -> zone telemed-province/mgmt (10.253.0.1)"
    )
    hops = [line for line in back if line[:5].strip().rstrip(".").isdigit()]
    assert hops == [
        "   1. CPE route        10.253.0.0/16 via 10.4.0.22 (backup, preference 70)",
        "   2. private line     line anyang-central-hospital-to-dc2 VLAN 105: TM-ANYA-CPE-01 "
        "GigabitEthernet0/0/2.105 -> TM-DC2-PE-01 10GE1/0/1.105",
        # the Hezhi edge routes the Zhengdong cloud's range to the Zhengdong router...
        "   3. edge route       10.253.0.0/24 via 10.130.255.4",
        # ...over its standby leg on the Zhengdong provider network
        "   4. cloud handoff    TM-DC2-PE-01 100GE2/0/1 10.130.255.3/28 -> router of tenant "
        "telemed-province at 10.130.255.4",
        "   5. tenant router    router telemed-province-router in data centre zzu-dc-zhengdong: "
        "port on 10.253.0.0/24 (zone mgmt)",
        "   6. firewall rule    zone telemed-province/mgmt ingress: reply of the permitted "
        "connection (FWaaS rules are stateful)",
        "   7. zone             zone telemed-province/mgmt range 10.253.0.0/24 holds 10.253.0.1",
    ]
    rendered = [line.strip() for line in back if line.strip().startswith("rendered ")]
    assert (
        "rendered "
        + at(NAME, "TM-DC2-PE-01", "ip route-static 10.253.0.0 255.255.255.0 10.130.255.4")
        in rendered
    )
    assert "rendered " + at(NAME, "TM-DC2-PE-01", "interface 100GE2/0/1") in rendered
    assert "rendered openstack:networking:RouterInterface telemed-province-mgmt-1-port" in rendered
    assert back[-1] == "  arrives"


def test_one_range_in_both_data_centres_clouds_is_refused_at_its_line(example_copy) -> None:
    topo = example_copy(NAME)
    replace_in(topo / "topology.yaml", MGMT_RANGES, "          ranges: [10.253.0.0/24]\n")
    result = runner.invoke(app, ["validate", str(topo), "--format", "github"])
    assert result.exit_code == 1
    line = _line("- {network: 10.253.0.0/24, data_centre: zzu-dc-zhengdong}") - 1
    assert result.output.splitlines()[0] == (
        f"::error file=topo/topology.yaml,line={line},col=20,title=MI-REF-001::"
        "cloud.tenants[0].zones[3].ranges[0]: zone telemed-province/mgmt range 10.253.0.0/24 "
        "names no data centre, so the clouds of zzu-dc-zhengdong and zzu-dc-hezhi "
        "(active-active) would both hold it: every router between them would have two "
        "destinations for one prefix, and a reply would come back into the cloud that does not "
        "hold the connection; give each data centre its own range, '- {network: 10.253.0.0/24, "
        "data_centre: zzu-dc-zhengdong}' and another range with 'data_centre: zzu-dc-hezhi'"
    )


def test_the_same_range_named_for_both_data_centres_is_refused_at_its_line(example_copy) -> None:
    topo = example_copy(NAME)
    replace_in(
        topo / "topology.yaml",
        "{network: 10.253.3.0/24, data_centre: zzu-dc-hezhi}",
        "{network: 10.253.0.0/24, data_centre: zzu-dc-hezhi}",
    )
    result = runner.invoke(app, ["validate", str(topo), "--format", "github"])
    assert result.exit_code == 1
    line = _line("- {network: 10.253.3.0/24, data_centre: zzu-dc-hezhi}")
    assert (
        f"::error file=topo/topology.yaml,line={line},col=16,title=MI-REF-001::"
        "cloud.tenants[0].zones[3].ranges[1].network: zone telemed-province/mgmt range "
        "10.253.0.0/24 in data centre zzu-dc-hezhi overlaps its range 10.253.0.0/24 in data "
        "centre zzu-dc-zhengdong: both clouds would hold those addresses and replies would "
        "return to the wrong one; give each data centre a range of its own"
    ) in result.output.splitlines()


def test_a_reply_routed_into_the_other_clouds_router_is_the_break(example_copy) -> None:
    # the shape loading refuses, walked anyway: with the Zhengdong edge down the poll leaves
    # the Zhengdong cloud by the standby edge, and the reply to the shared range is routed
    # by prefix into the Hezhi cloud
    topo = example_copy(NAME)
    replace_in(topo / "topology.yaml", MGMT_RANGES, "          ranges: [10.253.0.0/24]\n")
    loaded = load_partially(topo).loaded
    assert loaded is not None
    topology = loaded.topology
    flow = IntendedFlow(
        "a poll",
        ("cloud", "tenants", 0),
        resolve(topology, "telemed-province/mgmt"),
        resolve(topology, "TM-ANYA-CPE-01"),
        None,
    )
    walked = walk(topology, flow)
    assert walked.forward.arrives and walked.back.arrives  # nothing down: Zhengdong both ways
    found = [
        (f.rule_id, str(loaded.sources.locate(f.path)), f.message)
        for f in failure_findings(topology, [walked])
    ]
    line = _line("- {network: 10.253.0.0/24, data_centre: zzu-dc-zhengdong}") - 1
    assert len(found) == 1, found
    assert found[0][:2] == ("MI-FLOW-004", f"topo/topology.yaml:{line}:20")
    assert found[0][2].startswith(
        "tenant router: the reply to 10.253.0.1 (zone telemed-province/mgmt) comes back "
        "into the cloud of data centre zzu-dc-hezhi (router of tenant telemed-province, "
        "uplinks[1]), but the connection is held by the router in data centre "
        "zzu-dc-zhengdong: its stateful firewall never saw it and the host is not there; "
        "give each data centre's cloud its own ranges of zone mgmt (10.253.0.0/24 is in "
        "both): with device TM-DC1-PE-01 down, the return path of a poll (device "
        "TM-ANYA-CPE-01 (10.253.10.1) -> zone telemed-province/mgmt (10.253.0.1))"
    )


def test_a_zone_named_with_its_data_centre_stands_in_that_clouds_range() -> None:
    result = runner.invoke(
        app, ["trace", TOPO, "telemed-province/mgmt@zzu-dc-hezhi", "TM-ANYA-CPE-01", "mgmt"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == (
        "forward: zone telemed-province/mgmt (10.253.3.1) -> device TM-ANYA-CPE-01 (10.253.10.1)"
    )
    # it leaves by the Hezhi router and its reply comes back to it
    assert any("gateway 10.130.254.4/28 on hezhi-handoff" in line for line in lines)
    assert any(
        "router telemed-province-router in data centre zzu-dc-hezhi: port on 10.253.3.0/24" in line
        for line in lines
    )
    assert lines.count("  arrives") == 2


def test_a_zone_named_with_an_unknown_data_centre_is_refused() -> None:
    result = runner.invoke(app, ["trace", TOPO, "telemed-province/mgmt@zzu-dc-hezi", "pacs"])
    assert result.exit_code != 0
    assert (
        "'telemed-province/mgmt@zzu-dc-hezi': no data centre has that name (data centres: "
        "zzu-dc-zhengdong, zzu-dc-hezhi)"
    ) in result.output
