"""The template context: plain data, and the model problems templates cannot express."""

import json
from typing import Any

import pytest

from medinfra.model import Topology
from medinfra.render import RenderError, render_device
from medinfra.render.context import device_context
from medinfra.render.index import build_index
from tests.conftest import EXAMPLES
from tests.render.conftest import example

HENAN = "henan-provincial-hospital"
UNION = "union-shenzhen-campus"


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_context_is_plain_json_data(name: str) -> None:
    topology = example(name)
    index = build_index(topology)
    for _, device in list(topology.all_devices())[:10]:
        context = device_context(index, device.hostname)
        assert json.loads(json.dumps(context)) == context


def changed(topology: Topology, path: tuple[Any, ...], value: Any) -> Topology:
    """The topology with one value replaced, validated again."""
    document = topology.model_dump(mode="json")
    node = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return Topology.model_validate(document)


def test_a_line_on_the_management_port_is_an_error() -> None:
    topology = example(HENAN)
    site = next(i for i, s in enumerate(topology.sites) if s.id == "hpph-main")
    bad = changed(topology, ("sites", site, "uplinks", 0, "a", "interface"), "GigabitEthernet0/0/0")
    with pytest.raises(RenderError, match="uses GigabitEthernet0/0/0, the management port"):
        render_device(bad, "HPPH-CPE-01")


def test_the_management_gateway_adds_routes_to_the_other_management_ranges() -> None:
    topology = example(UNION)
    site = next(i for i, s in enumerate(topology.sites) if s.id == "union-main")
    device = next(
        i for i, d in enumerate(topology.sites[site].devices) if d.hostname == "UNION-OLT-01"
    )
    with_gateway = changed(
        topology, ("sites", site, "devices", device, "management", "gateway"), "10.250.20.254/24"
    )
    text = render_device(with_gateway, "UNION-OLT-01")
    assert "[route]\n  <route>\n ip route-static 10.250.0.0 255.255.0.0 10.250.20.254\n#\n" in text
    assert "[route]" not in render_device(topology, "UNION-OLT-01")
