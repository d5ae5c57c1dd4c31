"""``medinfra report``: one self-contained HTML file, checked in headless Chromium too."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.load import load_topology
from tests.cli.png import pixels
from tests.conftest import EXAMPLES, INVENTORY, NEEDS_DOT, REPO, replace_in

pytestmark = NEEDS_DOT
runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Page(HTMLParser):
    """The parts of a report page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.sorted: dict[str, str] = {}
        self.links: list[str] = []
        self.svg = 0
        self.external: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self._table = values.get("id") or ""
            self.tables[self._table] = []
            if values.get("data-sorted"):
                self.sorted[self._table] = values["data-sorted"] or ""
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in {"td", "th"}:
            self._cell = []
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        elif tag == "svg":
            self.svg += 1
        if tag in {"script", "img", "link"} and (values.get("src") or values.get("href")):
            self.external.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_has_a_report(name: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(INVENTORY / name), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = parse(out.read_text(encoding="utf-8"))
    topology = load_topology(INVENTORY / name).topology
    assert page.svg >= 1 and page.external == []
    assert [row[0] for row in page.tables["sites"][1:]] == [site.id for site in topology.sites]
    pools = [p.id for t in topology.cloud.tenants for p in t.storage_pools]
    assert [row[1] for row in page.tables["runway"][1:]] == pools


def broken(example_copy: Callable[[str], Path]) -> Path:
    topo = example_copy("henan-provincial-hospital")
    replace_in(
        topo / "sites/hpph-main.yaml",
        "path_id: unicom-zz-route-west",
        "path_id: unicom-zz-route-east",
    )
    replace_in(topo / "sites/xincai-branch.yaml", "encrypted: true", "encrypted: false", 2)
    return topo


def test_findings_link_to_file_and_line(example_copy: Callable[[str], Path]) -> None:
    topo = broken(example_copy)
    result = runner.invoke(app, ["report", str(topo), "--out", "out/report.html"])
    assert result.exit_code == 1
    assert result.output == "wrote out/report.html: 3 error(s), 0 warning(s), 3 sites\n"
    page = parse(Path("out/report.html").read_text(encoding="utf-8"))
    assert page.links == [
        "../topo/sites/hpph-main.yaml#L40",
        "../topo/sites/xincai-branch.yaml#L30",
        "../topo/sites/xincai-branch.yaml#L38",
    ]
    assert [row[1] for row in page.tables["findings"][1:]] == [
        "MI-WAN-002",
        "MI-SEC-008",
        "MI-SEC-008",
    ]


def test_in_github_actions_links_go_to_the_commit(
    example_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    topo = broken(example_copy)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_REPOSITORY", "health/platform")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(Path.cwd()))
    runner.invoke(app, ["report", str(topo), "--out", "report.html"])
    page = parse(Path("report.html").read_text(encoding="utf-8"))
    assert (
        page.links[0]
        == "https://github.example/health/platform/blob/abc123/topo/sites/hpph-main.yaml#L40"
    )


def chromium(*args: str, profile: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", *args,
        ],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium)")
def test_the_report_in_a_browser(example_copy: Callable[[str], Path], tmp_path: Path) -> None:
    topo = broken(example_copy)
    out = Path("report.html").absolute()
    runner.invoke(app, ["report", str(topo), "--out", str(out)])
    # the DOM after the page's script ran, asked to sort the findings by rule
    dom = parse(chromium("--dump-dom", f"file://{out}#sort=code", profile=tmp_path / "a"))
    assert dom.sorted == {"findings": "code"}
    codes = [row[1] for row in dom.tables["findings"][1:]]
    assert codes == ["MI-SEC-008", "MI-SEC-008", "MI-WAN-002"]  # the file gives WAN first
    assert len(dom.tables["findings"]) == 4 and dom.svg >= 1
    assert all(link.startswith("../") or link.startswith("topo/") for link in dom.links)
    # the picture a reviewer sees: the error rows' background and the red site in the diagram
    shot = tmp_path / "shot.png"
    chromium(
        f"--screenshot={shot}", "--window-size=900,1100", f"file://{out}", profile=tmp_path / "b"
    )
    width, height, seen = pixels(shot)
    assert (width, height) == (900, 1100)
    error_rows = sum(1 for p in seen if p == (255, 235, 238))  # #ffebee
    red_ink = sum(1 for r, g, b in seen if r > 150 and g < 90 and b < 90)
    assert error_rows > 5000, error_rows
    assert red_ink > 200, red_ink
    assert len(set(seen)) > 50  # text, tables and a picture, not a blank page


def test_the_github_actions_example_uploads_the_reports(tmp_path: Path) -> None:
    workflow = yaml.safe_load((REPO / "examples/github-actions/validate-topology.yml").read_text())
    steps = workflow["jobs"]["validate"]["steps"]
    (write,) = [s for s in steps if "medinfra report" in s.get("run", "")]
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload["with"]["path"] == "reports/" and upload["if"] == "always()"
    shutil.copytree(
        INVENTORY / "union-shenzhen-campus", tmp_path / "inventory/union-shenzhen-campus"
    )
    fakes = tmp_path / "bin"
    fakes.mkdir()
    (fakes / "pip").write_text('#!/bin/sh\necho "pip $*" > pip.log\n', encoding="utf-8")
    (fakes / "pip").chmod(0o755)
    path = os.pathsep.join([str(fakes), str(Path(sys.executable).parent), os.environ["PATH"]])
    env = {**os.environ, "PATH": path}
    subprocess.run(["bash", "-ec", write["run"]], cwd=tmp_path, env=env, check=True, timeout=120)
    assert (tmp_path / "pip.log").read_text().strip() == "pip install graphviz>=0.20"
    page = parse((tmp_path / "reports/union-shenzhen-campus.html").read_text(encoding="utf-8"))
    assert page.svg >= 1 and "findings" in page.tables


def test_a_topology_with_schema_errors_still_gets_a_report(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("union-shenzhen-campus")
    replace_in(topo / "sites/union-main.yaml", "serial: 48575443A4C123B1", "serial: HWTC-1A2B3C4D")
    result = runner.invoke(app, ["report", str(topo), "--out", "report.html"])
    assert result.exit_code == 1
    page = parse(Path("report.html").read_text(encoding="utf-8"))
    assert [row[1] for row in page.tables["findings"][1:]] == ["MI-SCHEMA-001"]
    assert page.links == ["topo/sites/union-main.yaml#L69"]
    assert page.svg >= 1
