"""Loading whole topologies: layouts, source map, references."""

from pathlib import Path

import pytest

from medinfra.errors import TopologyError
from medinfra.load import load_topology
from tests.conftest import EXAMPLES, INVENTORY


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_load(name: str) -> None:
    loaded = load_topology(INVENTORY / name)
    assert loaded.topology.name == name
    assert loaded.topology.sites


def test_source_map_points_into_site_files() -> None:
    loaded = load_topology(INVENTORY / "henan-provincial-hospital")
    index = next(i for i, s in enumerate(loaded.topology.sites) if s.id == "hpph-main")
    location = loaded.sources.locate(("sites", index, "uplinks", 1, "bandwidth"))
    assert location is not None
    assert location.file.endswith("inventory/henan-provincial-hospital/sites/hpph-main.yaml")
    assert (location.line, location.column) == (37, 5)  # "    bandwidth: 1Gbit/s" of route B
    top = loaded.sources.locate(("cloud", "tenants", 0, "storage_pools", 0, "raw_capacity"))
    assert top is not None and top.file.endswith("topology.yaml")


def test_single_file_topology_with_inline_sites(tmp_path: Path) -> None:
    directory = INVENTORY / "henan-provincial-hospital"
    text = (directory / "topology.yaml").read_text() + "sites:\n"
    for site in sorted((directory / "sites").glob("*.yaml")):
        body = "".join(
            ("  - " if i == 0 else "    ") + line + "\n"
            for i, line in enumerate(
                line for line in site.read_text().splitlines() if not line.startswith("#")
            )
        )
        text += body
    single = tmp_path / "henan.yaml"
    single.write_text(text)
    loaded = load_topology(single)
    assert {s.id for s in loaded.topology.sites} == {
        "hpph-main",
        "xincai-branch",
        "zz-central-plains-dc",
    }
    location = loaded.sources.locate(("sites", 0, "id"))
    assert location is not None and location.file.endswith("henan.yaml")


def test_quantities_are_parsed_into_base_units() -> None:
    topology = load_topology(INVENTORY / "henan-provincial-hospital").topology
    pool = topology.cloud.tenants[0].storage_pools[0]
    assert pool.current_data == 230 * 10**12
    assert pool.yearly_growth == 48 * 10**12
    assert topology.availability_target == pytest.approx(0.9995)
    site = next(s for s in topology.sites if s.id == "hpph-main")
    assert site.uplinks[0].bandwidth == 10**9


def test_error_carries_every_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "topology.yaml").write_text("name: Bad Name\n")
    with pytest.raises(TopologyError) as raised:
        load_topology(tmp_path)
    messages = [d.format() for d in raised.value.diagnostics]
    assert any("name: 'Bad Name' is not valid: expected an id" in m for m in messages)
    assert any("missing required key 'baseline'" in m for m in messages)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "topology.yaml").write_text("# nothing\n")
    with pytest.raises(TopologyError) as raised:
        load_topology(tmp_path)
    assert [d.message for d in raised.value.diagnostics] == ["the file is empty"]
