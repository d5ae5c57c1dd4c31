"""Hostile input is refused with file and line, never rendered or crashed on (issue #21)."""

import pytest

from medinfra.errors import TopologyError
from medinfra.load import load_topology
from tests.conftest import replace_in

HENAN = "henan-provincial-hospital"


def _errors(root):
    with pytest.raises(TopologyError) as caught:
        load_topology(root)
    return caught.value.diagnostics


def _line_of(path, text):
    content = path.read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


ADDRESS_FIELDS = [
    ("topology.yaml", "ntp_servers: [10.255.0.10, 10.255.0.11]", "ntp_servers: [true]"),
    ("topology.yaml", "ntp_servers: [10.255.0.10, 10.255.0.11]", "ntp_servers: [12345]"),
    ("topology.yaml", "syslog_servers: [10.255.0.20, 10.255.0.21]", "syslog_servers: [167772160]"),
    ("topology.yaml", "targets: [10.255.0.30]", "targets: [false]"),
    ("topology.yaml", "networks: [10.255.0.0/16]", "networks: [0]"),
    ("topology.yaml", "ranges: [10.20.0.0/16]", "ranges: [167772160]"),
    ("sites/hpph-main.yaml", "network: 10.20.10.0/24", "network: 1"),
]


@pytest.mark.parametrize(("file", "old", "new"), ADDRESS_FIELDS)
def test_address_fields_refuse_yaml_integers_and_booleans(example_copy, file, old, new):
    root = example_copy(HENAN)
    line = _line_of(root / file, old)
    replace_in(root / file, old, new)
    diagnostics = _errors(root)
    assert {(d.location.file, d.location.line) for d in diagnostics} == {(f"topo/{file}", line)}
    assert "written as text such as" in diagnostics[0].message


def test_a_quantity_of_400_digits_is_a_load_error_with_file_and_line(example_copy):
    root = example_copy(HENAN)
    line = _line_of(root / "topology.yaml", "current_data: 230TB")
    replace_in(root / "topology.yaml", "current_data: 230TB", f"current_data: {'9' * 400}TB")
    (diagnostic,) = _errors(root)
    assert (diagnostic.location.file, diagnostic.location.line) == ("topo/topology.yaml", line)
    assert "400 digits" in diagnostic.message and "at most 12 digits" in diagnostic.message


def test_an_unbounded_count_is_a_load_error_with_file_and_line(example_copy):
    root = example_copy(HENAN)
    old = "        share_gigabytes: 480000\n"
    line = _line_of(root / "topology.yaml", old) + 1
    replace_in(root / "topology.yaml", old, old + f"        instances: {'9' * 400}\n")
    (diagnostic,) = _errors(root)
    assert (diagnostic.location.file, diagnostic.location.line) == ("topo/topology.yaml", line)
    assert "10000000" in diagnostic.message
