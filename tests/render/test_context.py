"""The template context: plain data, and the model problems templates cannot express."""

import json
from typing import Any

import pytest

from medinfra.model import Topology
from medinfra.render import RenderError, render_device, render_topology
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


def test_two_lines_on_one_subinterface_are_an_error() -> None:
    topology = example(HENAN)
    site = next(i for i, s in enumerate(topology.sites) if s.id == "xincai-branch")
    clash = changed(topology, ("sites", site, "uplinks", 0, "vlan"), 101)
    clash = changed(clash, ("sites", site, "uplinks", 0, "z", "interface"), "GigabitEthernet1/0/1")
    with pytest.raises(RenderError) as caught:
        render_topology(clash)
    assert str(caught.value) == (
        "ZZ-DC-PE-01: private lines 'hpph-peotn-a' and 'xincai-otn-a' both need "
        "sub-interface GigabitEthernet1/0/1.101; give one of them another VLAN or port"
    )


def test_a_line_on_the_management_port_is_an_error() -> None:
    topology = example(HENAN)
    site = next(i for i, s in enumerate(topology.sites) if s.id == "hpph-main")
    bad = changed(topology, ("sites", site, "uplinks", 0, "a", "interface"), "GigabitEthernet0/0/0")
    with pytest.raises(RenderError, match="uses GigabitEthernet0/0/0, the management port"):
        render_device(bad, "HPPH-CPE-01")


def test_an_ont_service_without_a_pon_profile_is_an_error() -> None:
    topology = example(UNION)
    services = [s.model_dump(mode="json") for s in topology.services]
    for service in services:
        if service["id"] == "wifi":
            service["pon_profile"] = None
    bad = changed(topology, ("services",), services)
    with pytest.raises(RenderError) as caught:
        render_device(bad, "UNION-OLT-01")
    assert str(caught.value).startswith(
        "UNION-OLT-01: ONT 0 on port 0/1/0 takes service 'wifi', which has no pon_profile"
    )


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


def test_an_ont_id_beyond_the_port_limit_is_an_error() -> None:
    topology = example(UNION)
    site = next(i for i, s in enumerate(topology.sites) if s.id == "union-main")
    path = ("sites", site, "campus", "olts", 0, "pon_ports", 0, "splitters", 0, "onts", 4, "id")
    with pytest.raises(RenderError) as caught:
        render_device(changed(topology, path, 128), "UNION-OLT-01")
    assert str(caught.value) == (
        "UNION-OLT-01: ONT 128 on port 0/1/0: a GPON port takes ONT ids 0-127; renumber it"
    )
