"""A VRPv8 commit is cheap when nothing else changed the running config (the candidate is
committed as it stands), and still keeps what changed meanwhile (the entered lines are
replayed); a view's children are found through its index exactly as by reading them all."""

from typing import Any

import pytest

from medinfra.lab import LabDevice
from medinfra.lab.config_tree import Node, lines_of, new_root
from medinfra.lab.device import DeviceState
from medinfra.lab.editor import Editor
from medinfra.lab.vrpv8 import Vrpv8Console
from medinfra.model import Platform

ROUTES = [f"ip route-static 10.8.{n}.0 255.255.255.0 NULL0" for n in range(40)]
INTERFACE = ["interface GigabitEthernet0/1/0.77", "vlan-type dot1q 77", "description lab", "quit"]


def _edge() -> DeviceState:
    info = LabDevice("PE-1", Platform.HUAWEI_VRPV8, "127.1.30.251", 0)
    return DeviceState(info, "NE40E-X8A", new_root(), lambda _: None)


@pytest.fixture
def applied(monkeypatch) -> list[str]:
    """Every line an editor applies (typed, or replayed by a commit)."""
    seen: list[str] = []
    apply = Editor.apply

    def record(self: Editor, line: str) -> Any:
        seen.append(line)
        return apply(self, line)

    monkeypatch.setattr(Editor, "apply", record)
    return seen


def _typed(console: Vrpv8Console, lines: list[str]) -> None:
    for line in ["system-view", *lines]:
        assert "Error" not in console.handle(line).text, line


def test_a_commit_over_an_unchanged_running_config_replays_nothing(applied):
    device = _edge()
    console = Vrpv8Console(device, "medinfra")
    _typed(console, [*ROUTES, *INTERFACE])
    typed = len(applied)
    assert console.handle("commit").text == ""
    assert applied[typed:] == []  # the candidate is committed as it stands
    running = lines_of(device.running)
    assert all(route in running for route in ROUTES)
    assert " vlan-type dot1q 77" in running
    assert len(device.commits) == 1


def test_a_change_made_meanwhile_is_kept_by_replaying_the_entered_lines(applied):
    device = _edge()
    console = Vrpv8Console(device, "medinfra")
    _typed(console, ROUTES)
    drift = device.editor()  # a change by hand, in place, while the candidate is open
    assert drift.apply("lldp enable").ok
    typed = len(applied)
    assert console.handle("commit").text == ""
    assert len(applied) - typed >= len(ROUTES)  # replayed onto the running config
    running = lines_of(device.running)
    assert "lldp enable" in running
    assert all(route in running for route in ROUTES)


def _linear_key(node: Node, key: str) -> Node | None:
    return next((child for child in node.children if child.key == key), None)


def test_the_index_answers_as_reading_every_child_does():
    root = new_root()
    nodes = [Node(line=f"ip route-static 10.0.{n}.0 24 NULL0", key=f"r{n % 7}") for n in range(30)]
    for node in nodes:
        root.append(node)
    root.insert_before(nodes[3], Node(line="undo lldp enable", key="lldp"))
    root.put(Node(line="ip route-static 10.9.9.0 24 NULL0", key="r3"))  # replaces the first r3
    assert root.remove_prefix(["undo", "lldp"])
    root.children.pop()  # changed behind the index's back: the length tells it
    for key in [f"r{n}" for n in range(7)] + ["lldp", "none"]:
        assert root.find_key(key) is _linear_key(root, key), key
    root.replace_children([Node(line="sysname PE-1", key="sysname")])
    assert root.find_key("r1") is None and root.find_key("sysname") is not None
    assert not root.remove_prefix(["undo", "sysname"])
    assert root.remove_prefix(["sysname"]) and root.children == []
