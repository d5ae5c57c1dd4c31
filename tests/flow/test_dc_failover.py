"""Active-active data centres (henan-telemedicine): the return path fails over between them.

Each data centre's cloud has its own tenant routers; their one next hop towards the hospitals
is the VRRP virtual address of that data centre's provider network, held by its edge (master,
priority 120) and backed up by the other data centre's edge over the interconnect (a
``standby`` handoff, priority 90). Neutron's extra routes are not tracked, so failing over by
the virtual address is what moves the return traffic when an edge dies. Asserted here: the
trace with the data centre or its edge down takes the other one's path, the rendered configs
and the cloud plan hold the lines the trace relies on, and without the standby handoff
MI-FLOW-004 names the broken hop with its file and line.
"""

from pathlib import Path

from typer.testing import CliRunner

from medinfra.checks.paths import failure_findings, walk
from medinfra.cli import app
from medinfra.flow.endpoints import resolve
from medinfra.flow.intended import IntendedFlow
from medinfra.load import load_topology
from tests.cloud.conftest import example_plan
from tests.conftest import INVENTORY, replace_in
from tests.flow.test_trace_cli import _config, at

runner = CliRunner()
NAME = "henan-telemedicine"
TOPO = str(INVENTORY / NAME)
ROUTE = "openstack:networking/routerRoute:RouterRoute"
ROUTER = "openstack:networking/router:Router"
STANDBY = "- {device: TM-DC2-PE-01, interface: 100GE2/0/1, address: 10.130.255.3/28"


def _trace(*args: str, exit_code: int = 0) -> list[str]:
    """The trace with the failure (the command prints the one with nothing down first)."""
    result = runner.invoke(app, ["trace", TOPO, *args])
    assert result.exit_code == exit_code, result.output
    lines = result.output.splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith("trace ")]
    assert len(starts) == 2 and "down" in lines[starts[1]], lines
    return lines[starts[1] :]


def _line(text: str, occurrence: int = 1) -> int:
    """The line number of the ``occurrence``-th line of topology.yaml holding ``text`` (the
    file changes under other work; the tests find their lines in it)."""
    lines = (INVENTORY / NAME / "topology.yaml").read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if text in line]
    return found[occurrence - 1]


# telemed-cities is the second tenant: its uplinks are the second of each data centre
CITIES_ZHENGDONG = _line("- data_centre: zzu-dc-zhengdong", 2)
CITIES_HEZHI = _line("- data_centre: zzu-dc-hezhi", 2)


def _lines(hostname: str) -> list[str]:
    return _config(NAME, hostname)


def _tenant_router_hop(
    step: int, via: str, gateway: str, uplink_line: int, uplink: int
) -> list[str]:
    """The trace's lines of telemed-cities' router sending 10.140.0.0/16 to ``via``."""
    return [
        f"   {step}. tenant router    router telemed-cities-router: 10.140.0.0/16 via {via} "
        f"(gateway {gateway})",
        f"      model    inventory/henan-telemedicine/topology.yaml:{uplink_line}:11 "
        f"cloud.tenants[1].uplinks[{uplink}]",
        "      rendered openstack:networking:RouterRoute telemed-cities-route-10.140.0.0-16: "
        f"destination 10.140.0.0/16 next_hop {via}",
    ]


def _backup_edge_route_hop(step: int) -> list[str]:
    """The trace's lines of TM-DC2-PE-01's backup route to Anyang over its second line."""
    return [
        f"   {step}. edge route       10.140.0.0/21 via 10.4.0.21 (backup, preference 70)",
        "      model    inventory/henan-telemedicine/sites/anyang-central-hospital.yaml:28:3 "
        "uplinks[1]",
        "      rendered "
        + at(
            NAME,
            "TM-DC2-PE-01",
            "ip route-static 10.140.0.0 255.255.248.0 10.4.0.21 preference 70 tag 1616 "
            "track bfd-session 10ge1-0-1-105",
        ),
    ]


def _without_standby(example_copy) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the example without TM-DC2-PE-01's standby handoff."""
    topo: Path = example_copy(NAME)
    site = topo / "sites/zzu-dc-hezhi.yaml"
    text = site.read_text(encoding="utf-8")
    start = text.index(STANDBY)
    replace_in(site, text[start : text.index("}\n", start) + 2], "")
    return topo


def test_with_the_first_data_centre_down_both_paths_take_the_second() -> None:
    lines = _trace("anyang-central-hospital", "city-services", "pacs", "--fail", "zzu-dc-zhengdong")
    text = "\n".join(lines)
    assert "data centre zzu-dc-zhengdong down" in lines[0]
    assert "TM-DC1-PE-01" not in text
    # the zone's hosts in the Zhengdong cloud are down with it: the flow goes to its range
    # in the Hezhi cloud, 10.141.2.0/24
    assert "   2. CPE route        10.141.2.0/24 via 10.4.0.22 (backup, preference 70)" in lines
    back = lines.index(
        "return: zone telemed-cities/city-services (10.141.2.1) -> site anyang-central-hospital "
        "(10.140.0.1)"
    )
    assert lines[back + 3 : back + 6] == _tenant_router_hop(
        2, "10.130.254.1", "10.130.254.5/28 on hezhi-handoff", CITIES_HEZHI, 1
    )
    assert lines[back + 6 : back + 12] == [
        "   3. cloud handoff    TM-DC2-PE-01 100GE2/0/0 10.130.254.2/28 answers 10.130.254.1",
        "      model    inventory/henan-telemedicine/sites/zzu-dc-hezhi.yaml:18:3 handoffs[0]",
        "      rendered " + at(NAME, "TM-DC2-PE-01", "interface 100GE2/0/0"),
        *_backup_edge_route_hop(4),
    ]
    assert lines[-1] == "  arrives"


def test_with_the_first_edge_down_its_cloud_leaves_through_the_standby_edge() -> None:
    # the Zhengdong cloud is up, its edge is not: its router's next hop 10.130.255.1 moves
    # (VRRP) to the Hezhi edge's leg on the Zhengdong provider network
    lines = _trace(
        "telemed-cities/city-services", "anyang-central-hospital", "--fail", "TM-DC1-PE-01"
    )
    forward = lines.index(
        "forward: zone telemed-cities/city-services (10.141.1.1) -> site anyang-central-hospital "
        "(10.140.0.1)"
    )
    assert lines[forward + 1 : forward + 10] == [
        *_tenant_router_hop(
            1, "10.130.255.1", "10.130.255.5/28 on zhengdong-handoff", CITIES_ZHENGDONG, 0
        ),
        "   2. cloud handoff    TM-DC2-PE-01 100GE2/0/1 10.130.255.3/28 answers 10.130.255.1 "
        "(VRRP standby of another data centre)",
        "      model    inventory/henan-telemedicine/sites/zzu-dc-hezhi.yaml:22:3 handoffs[1]",
        "      rendered " + at(NAME, "TM-DC2-PE-01", "interface 100GE2/0/1"),
        *_backup_edge_route_hop(3),
    ]


def test_the_rendered_edges_hold_the_vrrp_groups_and_the_routes_the_trace_follows() -> None:
    dc1, dc2 = _lines("TM-DC1-PE-01"), _lines("TM-DC2-PE-01")
    for lines, own, other in ((dc1, "255", "254"), (dc2, "254", "255")):
        own_port = lines.index("interface 100GE2/0/0")
        assert lines[own_port + 3 : own_port + 6] == [
            f" ip address 10.130.{own}.2 255.255.255.240",
            f" vrrp vrid 1 virtual-ip 10.130.{own}.1",
            " vrrp vrid 1 priority 120",
        ]
        standby = lines.index("interface 100GE2/0/1")
        assert lines[standby + 3 : standby + 6] == [
            f" ip address 10.130.{other}.3 255.255.255.240",
            f" vrrp vrid 1 virtual-ip 10.130.{other}.1",
            " vrrp vrid 1 priority 90",
        ]
    # each data centre's cloud holds its own ranges: both edges route the Zhengdong range to
    # the Zhengdong router (the Hezhi edge over its standby leg) and the Hezhi range to the
    # Hezhi router, so a reply always comes back into the cloud that holds the connection
    for lines in (dc1, dc2):
        assert "ip route-static 10.141.1.0 255.255.255.0 10.130.255.5" in lines
        assert "ip route-static 10.141.2.0 255.255.255.0 10.130.254.5" in lines
        assert "ip route-static 10.141.2.0 255.255.255.0 10.130.255.5" not in lines
        assert "ip route-static 10.141.1.0 255.255.255.0 10.130.254.5" not in lines


def test_each_data_centres_plan_routes_the_hospitals_to_its_own_virtual_address() -> None:
    for data_centre, own in (("zzu-dc-zhengdong", "255"), ("zzu-dc-hezhi", "254")):
        records = example_plan(NAME, data_centre).resources
        routes = {
            r.name: (r.properties["destinationCidr"], r.properties["nextHop"])
            for r in records
            if r.type == ROUTE
        }
        assert routes["telemed-cities-route-10.140.0.0-16"] == ("10.140.0.0/16", f"10.130.{own}.1")
        assert routes["telemed-province-route-10.120.0.0-14"] == (
            "10.120.0.0/14",
            f"10.130.{own}.1",
        )
        routers = {r.name: r.properties for r in records if r.type == ROUTER}
        gateway = routers["telemed-cities-router"]["externalFixedIps"]
        assert gateway == [{"ipAddress": f"10.130.{own}.5"}]


def _cloud_to_site(topology) -> IntendedFlow:  # type: ignore[no-untyped-def]
    return IntendedFlow(
        "cloud to site",
        ("cloud", "tenants", 1),
        resolve(topology, "telemed-cities/city-services"),
        resolve(topology, "anyang-central-hospital"),
        None,
    )


def test_the_cloud_to_site_flow_survives_every_single_failure() -> None:
    topology = load_topology(INVENTORY / NAME).topology
    walked = walk(topology, _cloud_to_site(topology))
    assert walked.forward.arrives and walked.back.arrives
    assert list(failure_findings(topology, [walked])) == []


def test_without_the_standby_handoff_the_edge_failure_strands_the_first_cloud(
    example_copy,  # type: ignore[no-untyped-def]
) -> None:
    topo = _without_standby(example_copy)
    loaded = load_topology(topo)
    topology = loaded.topology
    walked = walk(topology, _cloud_to_site(topology))
    found = list(failure_findings(topology, [walked]))
    places = [(f.rule_id, f.message, str(loaded.sources.locate(f.path))) for f in found]
    assert places == [
        (
            "MI-FLOW-004",
            "cloud handoff: next hop 10.130.255.1 of tenant telemed-cities's router is no "
            "data-centre edge's handoff address in the model: with device TM-DC1-PE-01 down, "
            "the forward path of cloud to site (zone telemed-cities/city-services (10.141.1.1) "
            "-> site anyang-central-hospital (10.140.0.1))",
            f"topo/topology.yaml:{CITIES_ZHENGDONG + 3}:11",  # its next_hop
        ),
        (
            # the reply: the Hezhi edge holds no route to the Zhengdong cloud's range without
            # its leg on the Zhengdong provider network
            "MI-FLOW-004",
            "edge route: TM-DC2-PE-01 has no route to 10.141.1.1 (zone "
            "telemed-cities/city-services, in the cloud): with device TM-DC1-PE-01 down, the "
            "return path of cloud to site (site anyang-central-hospital (10.140.0.1) -> zone "
            "telemed-cities/city-services (10.141.1.1)); 1 more flow(s) or failure(s) break here",
            "topo/sites/zzu-dc-hezhi.yaml:8:5",
        ),
    ]


def test_validate_names_the_stranded_next_hop_once_without_the_standby(
    example_copy,  # type: ignore[no-untyped-def]
) -> None:
    # the intended flows themselves: the management servers' flows leave the Zhengdong
    # cloud, and with its edge down nothing answers their router's next hop
    topo = _without_standby(example_copy)
    result = runner.invoke(
        app, ["validate", str(topo), "--select", "MI-FLOW-004", "--format", "github"]
    )
    assert result.exit_code == 1
    line = _line("next_hop: 10.130.255.1")
    found = result.output.splitlines()
    assert len(found) == 3, found  # the Hezhi edge's missing route, each tenant's next hop
    assert found[1].startswith(
        f"::error file=topo/topology.yaml,line={line},col=11,title=MI-FLOW-004::"
        "cloud.tenants[0].uplinks[0].next_hop: cloud handoff: next hop 10.130.255.1 of tenant "
        "telemed-province's router is no data-centre edge's handoff address in the model: with "
        "device TM-DC1-PE-01 down, the return path of policy members-to-consult of tenant "
        "telemed-province (video) (zone telemed-province/consult (10.130.1.1) -> site "
        "anyang-county-1 (10.120.0.1)); "
    )


def test_validate_finds_no_failure_the_example_does_not_survive() -> None:
    result = runner.invoke(app, ["validate", TOPO, "--select", "MI-FLOW-004", "--format", "github"])
    assert result.exit_code == 0, result.output
