"""Zone placement is required: a topology written before it existed fails with the fix.

Before ``placement`` existed every zone was a cloud zone; a default of ``cloud`` would make
``medinfra plan`` create Neutron subnets with DHCP for the hospitals' own ranges without a
word. So an old file is refused, each zone at its file and line, with what to add.
"""

import json
import re
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from medinfra.cli import app

runner = CliRunner()

ADD = (
    "missing required key 'placement': add `placement: on_premises` (a hospital LAN behind "
    "the WAN, never a cloud subnet) or `placement: cloud` (a Neutron network of the tenant); "
    "a zone without it used to mean cloud, which would create Neutron subnets with DHCP for "
    "its ranges and black-hole the return traffic to the real hosts"
)


def _old_shape(topo: Path) -> None:
    """The example as it was written before zones had a placement."""
    path = topo / "topology.yaml"
    text = path.read_text(encoding="utf-8")
    old, removed = re.subn(r"\n *placement: (cloud|on_premises)(?=\n)", "", text)
    assert removed == 5, "every zone of the example states its placement"
    path.write_text(old, encoding="utf-8")


def test_an_old_shape_topology_names_each_zone_and_how_to_fix_it(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    _old_shape(topo)
    result = runner.invoke(app, ["validate", str(topo), "--format", "text"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "topo/topology.yaml:90:11: cloud.tenants[0].zones[0].placement: "
        + ADD
        + "; a clinical zone is usually on_premises [MI-SCHEMA-001]"
    ) in lines
    assert (
        f"topo/topology.yaml:94:11: cloud.tenants[0].zones[1].placement: {ADD} [MI-SCHEMA-001]"
    ) in lines
    found = [line for line in lines if line.startswith("topo/")]
    assert len(found) == 5, "one finding per zone, none that only follows from the zones lost"
    assert all("missing required key 'placement'" in line for line in found)


def test_the_plan_refuses_an_old_shape_topology_instead_of_making_subnets(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    _old_shape(topo)
    result = runner.invoke(app, ["plan", str(topo)])
    assert result.exit_code == 1
    assert "cloud.tenants[0].zones[0].placement: missing required key 'placement'" in (
        result.output
    )
    assert "networking.Subnet" not in result.output


def test_the_schema_requires_placement_of_every_zone() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    zone = schema["$defs"]["Zone"]
    assert "placement" in zone["required"]
    assert "default" not in zone["properties"]["placement"]
