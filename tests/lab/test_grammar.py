"""The grammar takes every line the templates render and prints it back in the same layout."""

import functools
import re

import pytest
from hier_config import Platform as HierPlatform
from hier_config import WorkflowRemediation, get_hconfig

from medinfra.lab.config_tree import new_root, render_vrp
from medinfra.lab.device import LabError, load_config
from medinfra.lab.editor import Editor
from medinfra.lab.grammar import SMARTAX, VRP
from medinfra.lab.syntax import Verdict
from medinfra.load import load_topology
from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.render import render_device
from tests.conftest import EXAMPLES, INVENTORY

SECRETS = re.compile(r"<<secret:[^>]*>>|%\^%#\w+%\^%#")


@functools.cache
def rendered_and_back(name: str) -> list[tuple[Platform, str, str, str]]:
    """(platform, hostname, rendered config, the lab's read-back) for every device of an example."""
    topology = load_topology(INVENTORY / name).topology
    result = []
    for _, device in topology.all_devices():
        rendered = render_device(topology, device.hostname)
        back = (
            platform_for(device.platform).lab().render(load_config(device.platform, rendered, "x"))
        )
        result.append((device.platform, device.hostname, rendered, back))
    return result


@pytest.mark.parametrize("name", EXAMPLES)
def test_rendered_configs_round_trip(name: str) -> None:
    for _, hostname, rendered, back in rendered_and_back(name):
        # secrets come back as the device's irreversible cipher, everything else verbatim
        assert SECRETS.sub("SECRET", back) == SECRETS.sub("SECRET", rendered), hostname
        assert "<<secret:" not in back


@pytest.mark.parametrize(
    ("line", "verdict", "column"),
    [
        ("ip adress 10.0.0.1 24", Verdict.UNRECOGNIZED, 3),
        ("ip address 10.0.0.x 24", Verdict.WRONG_PARAMETER, 11),
        ("ip address 10.0.0.1", Verdict.INCOMPLETE, 19),
        ("description", Verdict.INCOMPLETE, 11),
        ("trust dscp override now", Verdict.TOO_MANY, 20),
        ("foo", Verdict.UNRECOGNIZED, 0),
    ],
)
def test_refusals_put_the_caret_where_a_device_does(
    line: str, verdict: Verdict, column: int
) -> None:
    editor = Editor(VRP, new_root())
    assert editor.apply("interface GigabitEthernet0/0/1").ok
    outcome = editor.apply(line)
    assert (outcome.verdict, outcome.column) == (verdict, column)


def test_lines_replace_undo_and_fall_back_to_the_system_view() -> None:
    root = new_root()
    editor = Editor(VRP, root)
    for line in [
        "interface GigabitEthernet0/0/1",
        "ip address 10.0.0.1 24",
        "ip address 10.0.0.5 30",
        "sysname NEW",
        "undo interface GigabitEthernet0/0/1",
    ]:
        assert editor.apply(line).ok, line
    assert editor.depth == 0  # ``sysname`` left the interface view, as VRP does
    assert [node.line for node in root.children] == ["sysname NEW"]
    editor.apply("interface GigabitEthernet0/0/2")
    editor.apply("ip address 10.0.0.1 24")
    assert root.children[1].children[0].line == "ip address 10.0.0.1 255.255.255.0"
    assert editor.apply("undo ip address").ok
    assert root.children[1].children == []


def test_smartax_views_do_not_fall_back_and_check_serials() -> None:
    root = new_root()
    editor = Editor(
        SMARTAX, root, fallback=False, check=platform_for(Platform.HUAWEI_SMARTAX).lab().check
    )
    assert editor.apply("interface gpon 0/1").ok
    assert editor.apply("vlan 10 smart").verdict is Verdict.UNRECOGNIZED
    ont = 'ont add 0 {} sn-auth "48575443F5E5A8AB" omci ont-lineprofile-id 1 ont-srvprofile-id 1'
    assert editor.apply(ont.format(1)).ok
    assert editor.apply(ont.format(2)).failure == "Failure: SN already exists"
    assert editor.apply("ont delete 0 1").ok
    assert editor.apply("ont delete 0 1").failure == "missing"


def test_brownfield_line_the_device_refuses_names_file_and_line() -> None:
    with pytest.raises(LabError, match=r"old\.cfg:3: huawei_vrp refuses 'ip adress 1.1.1.1 24'"):
        load_config(
            Platform.HUAWEI_VRP,
            "sysname A\ninterface GigabitEthernet0/0/1\n ip adress 1.1.1.1 24\n",
            "old.cfg",
        )


def test_unique_abbreviations_expand_and_ambiguous_ones_are_refused() -> None:
    root = new_root()
    editor = Editor(VRP, root)
    assert editor.apply("int GigabitEthernet0/0/1").ok
    assert editor.apply("desc to the data centre").ok
    assert editor.apply("traffic-p medinfra-wan out").ok
    assert editor.apply("ip route-static 0.0.0.0 0 10.0.0.2 pre 10").ok
    assert [line for line in render_vrp(root).splitlines() if line[:1] in "i "] == [
        "interface GigabitEthernet0/0/1",
        " description to the data centre",
        " traffic-policy medinfra-wan outbound",
        "ip route-static 0.0.0.0 0.0.0.0 10.0.0.2 preference 10",
    ]
    # 'in' begins interface, info-center and inbound: a device answers with an error
    assert not editor.apply("in GigabitEthernet0/0/2").ok
    assert editor.depth == 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_hier_config_sees_no_difference_after_a_round_trip(name: str) -> None:
    for platform, hostname, rendered, back in rendered_and_back(name):
        if platform is Platform.HUAWEI_SMARTAX:
            continue  # hier_config has no SmartAX driver
        remediation = WorkflowRemediation(
            get_hconfig(HierPlatform.HUAWEI_VRP, SECRETS.sub("SECRET", back)),
            get_hconfig(HierPlatform.HUAWEI_VRP, SECRETS.sub("SECRET", rendered)),
        ).remediation_config
        assert [str(line) for line in remediation.all_children_sorted()] == [], hostname
