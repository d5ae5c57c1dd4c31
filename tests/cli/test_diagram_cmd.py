"""``medinfra diagram``: a Graphviz picture of every example; sites with errors in red."""

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.diagram import DETAIL_LIMIT, ERROR
from medinfra.load import load_topology
from tests.conftest import EXAMPLES, INVENTORY, NEEDS_DOT, replace_in

pytestmark = NEEDS_DOT
runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path: Path) -> list[str]:
    return [t.text or "" for t in ET.parse(path).getroot().iter(f"{SVG}text")]


def group_of(path: Path, title: str) -> ET.Element:
    """The <g> of the node or cluster whose <title> is ``title``."""
    for group in ET.parse(path).getroot().iter(f"{SVG}g"):
        heading = group.find(f"{SVG}title")
        if heading is not None and heading.text == title:
            return group
    raise AssertionError(f"no element titled {title!r} in {path}")


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_is_drawn(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.svg"
    result = runner.invoke(app, ["diagram", str(INVENTORY / name), "--out", str(out)])
    assert result.exit_code == 0, result.output
    texts = " ".join(svg_texts(out))
    topology = load_topology(INVENTORY / name).topology
    assert f"({topology.name})" in texts
    for site in topology.sites:
        if site.kind.value == "data_centre":
            assert f"(data centre {site.id})" in texts
            for device in site.devices:
                assert device.hostname in texts
        elif len(topology.sites) <= DETAIL_LIMIT:
            assert site.id in texts
            for line in site.uplinks:  # each line labelled with its path
                assert f"path {line.path_id}" in texts
    for tenant in topology.cloud.tenants:
        assert f"tenant {tenant.id}" in texts
    if len(topology.sites) > DETAIL_LIMIT:
        assert "(sites grouped by kind and region)" in result.output


def test_png_too(tmp_path: Path) -> None:
    out = tmp_path / "campus.png"
    result = runner.invoke(
        app, ["diagram", str(INVENTORY / "union-shenzhen-campus"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: 2 sites, 0 with errors drawn in red\n"
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_pon_tree_is_drawn(tmp_path: Path) -> None:
    out = tmp_path / "campus.svg"
    runner.invoke(app, ["diagram", str(INVENTORY / "union-shenzhen-campus"), "--out", str(out)])
    texts = svg_texts(out)
    assert "1:16 medtech-1" in texts and "4 ONTs, 16.2 dB" in texts
    assert "PON 0/1/0" in texts and "xgs-pon N2" in texts


def test_a_site_with_errors_is_red(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(
        topo / "sites/hpph-main.yaml",
        "path_id: unicom-zz-route-west",
        "path_id: unicom-zz-route-east",
    )
    result = runner.invoke(app, ["diagram", str(topo), "--out", "picture.svg"])
    assert result.exit_code == 0, result.output
    assert result.output == "wrote picture.svg: 3 sites, 1 with errors drawn in red\n"
    bad = ET.tostring(group_of(Path("picture.svg"), "site/hpph-main"), encoding="unicode")
    good = ET.tostring(group_of(Path("picture.svg"), "site/xincai-branch"), encoding="unicode")
    assert ERROR in bad and ERROR not in good


def test_the_picture_format_comes_from_the_file_name(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["diagram", str(INVENTORY / "union-shenzhen-campus"), "--out", str(tmp_path / "x.gif")]
    )
    assert result.exit_code == 2
    assert (
        result.output == f"error: --out {tmp_path / 'x.gif'}: the file name ends in .svg or .png\n"
    )


def test_at_national_size_a_group_with_a_failing_site_is_red(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("longgang-regional-imaging")
    replace_in(
        topo / "sites/chc-bantian-01.yaml",
        "availability_target: 99.5%",
        "availability_target: 99.9%",
    )
    result = runner.invoke(app, ["diagram", str(topo), "--out", "picture.svg"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "wrote picture.svg: 181 sites (sites grouped by kind and region), 1 with errors drawn in red\n"
    )
    groups = [
        g for g in ET.parse("picture.svg").getroot().iter(f"{SVG}g") if g.get("class") == "node"
    ]
    red = [g for g in groups if ERROR in ET.tostring(g, encoding="unicode")]
    (only,) = red
    texts = " ".join(t.text or "" for t in only.iter(f"{SVG}text"))
    assert "community_health_centre" in texts and "1 with errors" in texts
