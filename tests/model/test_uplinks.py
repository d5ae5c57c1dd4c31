"""Tenant uplinks and zone placement: what Neutron would refuse is a load error with file:line."""

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from medinfra.cli import app
from tests.conftest import replace_in

runner = CliRunner()


def run(topo: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(topo)])
    return result.exit_code, result.output


def test_a_next_hop_outside_the_handoff_subnet_is_refused_where_it_is_written(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "topology.yaml", "next_hop: 10.30.255.1", "next_hop: 10.30.254.1")
    code, output = run(topo)
    assert code == 1
    assert (
        "topo/topology.yaml:147:11: cloud.tenants[0].uplinks[0]: next_hop 10.30.254.1 is outside "
        "the handoff subnet 10.30.255.0/28 of router_address 10.30.255.4/28: Neutron refuses a "
        "route whose next hop is not connected to the router"
    ) in output


def test_the_routers_own_address_as_next_hop_is_refused(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "topology.yaml", "next_hop: 10.30.255.1", "next_hop: 10.30.255.4")
    code, output = run(topo)
    assert code == 1
    assert "next_hop 10.30.255.4 is the router's own address: Neutron refuses it" in output


def test_a_broadcast_router_address_is_refused(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(
        topo / "topology.yaml", "router_address: 10.30.255.4/28", "router_address: 10.30.255.15/28"
    )
    code, output = run(topo)
    assert code == 1
    assert (
        "router_address 10.30.255.15 is the network or broadcast address of 10.30.255.0/28"
        in output
    )


def test_on_premises_zones_without_uplinks_are_refused(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("union-shenzhen-campus")
    replace_in(topo / "topology.yaml", "      uplinks:\n", "      retired_uplinks:\n")
    replace_in(topo / "topology.yaml", "      retired_uplinks:\n", "      zzz:\n")
    text = (topo / "topology.yaml").read_text(encoding="utf-8")
    start = text.index("      zzz:\n")
    end = text.index("      storage_pools:\n", start)
    (topo / "topology.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    code, output = run(topo)
    assert code == 1
    assert (
        "cloud.tenants[0]: tenant union has on-premises zone(s) campus but no uplinks: its "
        "router could not reach them"
    ) in output


def test_active_active_needs_an_uplink_in_each_data_centre(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-telemedicine")
    replace_in(topo / "topology.yaml", "- data_centre: zzu-dc-hezhi", "- data_centre: zzu-dc-hezi")
    code, output = run(topo)
    assert code == 1
    assert (
        "cloud.tenants[0].uplinks[1].data_centre: unknown data centre 'zzu-dc-hezi'; did you "
        "mean 'zzu-dc-hezhi'? [MI-REF-001]"
    ) in output
    assert (
        "cloud.tenants[0].uplinks: tenant telemed-province has no uplink in data centre(s) "
        "zzu-dc-hezhi"
    ) in output


def test_two_uplinks_for_one_data_centre_are_refused(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-telemedicine")
    replace_in(
        topo / "topology.yaml", "- data_centre: zzu-dc-hezhi", "- data_centre: zzu-dc-zhengdong"
    )
    code, output = run(topo)
    assert code == 1
    assert "tenant telemed-province has two uplinks for data centre zzu-dc-zhengdong" in output


def test_a_management_lan_address_on_the_handoff_subnet_is_refused(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(
        topo / "topology.yaml",
        "management_address: 10.255.1.254/24",
        "management_address: 10.30.255.9/28",
    )
    code, output = run(topo)
    assert code == 1
    assert (
        "cloud.tenants[0].uplinks[0]: management_address 10.30.255.9/28 is on the handoff "
        "subnet 10.30.255.0/28: give the router's address on the data centre's management LAN, "
        "another subnet"
    ) in output
