"""``medinfra trace`` inside the cloud: one tenant router, intra-zone rules, the edge routes."""

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from medinfra.cli import app

runner = CliRunner()


def _trace(topo: Path, *args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["trace", str(topo), *args])
    return result.exit_code, result.output.splitlines()


def test_two_ranges_of_one_zone_reach_each_other_by_the_zone_itself(
    example_copy: Callable[[str], Path],
) -> None:
    code, lines = _trace(example_copy("multi-branch-hospital"), "10.80.1.10", "10.80.3.10", "pacs")
    assert code == 0, "\n".join(lines)
    assert lines[2:5] == [
        "   1. firewall rule    zone mbh/pacs egress allows pacs tcp/104 (intra-zone)",
        "      model    topo/topology.yaml:105:11 cloud.tenants[0].zones[1].ranges",
        "      rendered fwaas egress rule mbh-pacs-out-allow-90cf6433: allow any "
        "10.80.1.0/24 -> 10.80.3.0/24",
    ]
    assert "   3. tenant router    router mbh-router: port on 10.80.3.0/24 (zone pacs)" in lines


def test_management_reaches_the_pacs_zone_through_the_tenants_one_router(
    example_copy: Callable[[str], Path],
) -> None:
    code, lines = _trace(example_copy("multi-branch-hospital"), "mgmt", "pacs", "mgmt")
    assert code == 0, "\n".join(lines)
    assert "   2. tenant router    router mbh-router: port on 10.80.1.0/24 (zone pacs)" in lines
    assert "      rendered openstack:networking:RouterInterface mbh-pacs-1-port" in lines
