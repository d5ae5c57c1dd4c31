"""Hostile input is refused with file and line, never rendered or crashed on (issue #21)."""

import os
from pathlib import Path

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
    ("sites/hpph-main.yaml", "network: 10.20.10.0/24", "network: 1"),  # a gateway peer
    ("sites/hpph-main.yaml", "management_address: 10.255.10.20/24", "management_address: true"),
    ("sites/hpph-main.yaml", "address: 10.0.1.1/30}", "address: 16777217}"),  # a private line
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


def _validate(*args):
    from typer.testing import CliRunner

    from medinfra.cli import app

    return CliRunner().invoke(app, ["validate", *map(str, args)])


def _special_entries(sites: Path) -> dict[str, str]:
    """Site entries that are not regular YAML files, and the word their diagnostic uses."""
    sites = sites.absolute()
    (sites / "a-dir.yaml").mkdir()
    os.mkfifo(sites / "a-fifo.yaml")
    (sites / "loop.yaml").symlink_to(sites / "loop.yaml")
    (sites / "to-dir.yml").symlink_to(sites.parent)
    (sites / "to-zero.yaml").symlink_to("/dev/zero")
    (sites / "dangling.yaml").symlink_to(sites / "nowhere")
    return {
        "a-dir.yaml": "a directory",
        "a-fifo.yaml": "a FIFO",
        "loop.yaml": "a symbolic link that loops",
        "to-dir.yml": "a directory (through a symbolic link)",
        "to-zero.yaml": "a device (through a symbolic link)",
        "dangling.yaml": "a symbolic link to nothing",
    }


def test_site_entries_that_are_not_regular_files_are_errors_by_name(example_copy):
    root = example_copy(HENAN)
    expected = _special_entries(root / "sites")
    diagnostics = _errors(root)
    found = {d.location.file.removeprefix("topo/sites/"): d.message for d in diagnostics}
    assert set(found) == set(expected)
    for name, words in expected.items():
        assert words in found[name], found[name]


def test_an_upper_case_extension_is_a_site_like_any_other(example_copy):
    root = example_copy(HENAN)
    (root / "sites" / "xincai-branch.yaml").rename(root / "sites" / "XINCAI-BRANCH.YAML")
    topology = load_topology(root).topology
    assert "xincai-branch" in {site.id for site in topology.sites}


def test_an_unreadable_topology_or_site_file_is_a_usage_error_with_the_path(
    example_copy, monkeypatch
):
    root = example_copy(HENAN)
    blocked = (root / "sites" / "hpph-main.yaml").absolute()
    original = Path.read_bytes

    def read_bytes(self):
        if self.absolute() == blocked:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = _validate(root)
    assert result.exit_code == 2, result.output
    assert f"{blocked.relative_to(Path.cwd())}: cannot read: Permission denied" in result.output
    assert "internal error" not in result.output


def test_render_out_onto_a_file_or_an_unwritable_folder_is_a_usage_error(
    example_copy, tmp_path, monkeypatch
):
    from typer.testing import CliRunner

    from medinfra.cli import app

    root = example_copy(HENAN)
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    onto_file = CliRunner().invoke(app, ["render", str(root), "--out", str(a_file)])
    assert onto_file.exit_code == 2, onto_file.output
    assert f"{a_file} is a file, not a directory" in onto_file.output

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    read_only = CliRunner().invoke(app, ["render", str(root), "--out", str(tmp_path / "ro")])
    assert read_only.exit_code == 2, read_only.output
    assert f"cannot write {tmp_path / 'ro'}" in read_only.output
    assert "Permission denied" in read_only.output and "internal error" not in read_only.output


def test_escape_sequences_in_keys_are_escaped_in_text_output(example_copy):
    root = example_copy(HENAN)
    replace_in(root / "sites" / "hpph-main.yaml", "name:", '"evil\\e]0;owned\\a": 1\nname:')
    result = _validate(root)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "evil\\x1b]0;owned\\x07" in result.output


def test_node_limit_holds_for_all_files_of_a_run_together(example_copy, monkeypatch):
    from medinfra.load import yaml_reader

    root = example_copy(HENAN)
    per_file = max(yaml_reader.read_yaml(p).nodes for p in [root / "topology.yaml"])
    monkeypatch.setattr(yaml_reader, "MAX_NODES", per_file + 10)  # each site file alone fits
    diagnostics = _errors(root)
    over = [d for d in diagnostics if d.code == "MI-YAML-003"]
    assert over and all(d.location.file.startswith("topo/sites/") for d in over)
    assert "for all files of a topology together" in over[0].message
