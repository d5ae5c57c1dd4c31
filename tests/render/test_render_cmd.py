"""``medinfra render`` through the CLI runner: files, summary, selection and exit codes."""

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from medinfra.cli import app
from tests.conftest import INVENTORY, replace_in
from tests.render.conftest import config_of

runner = CliRunner()
HENAN = INVENTORY / "henan-provincial-hospital"


def test_render_writes_every_device_and_prints_a_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(HENAN), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.cfg"))
    assert files == [
        "hpph-main/HPPH-CPE-01.cfg",
        "xincai-branch/XC-CPE-01.cfg",
        "zz-central-plains-dc/ZZ-DC-PE-01.cfg",
        "zz-central-plains-dc/ZZ-DC-PE-02.cfg",
    ]
    text = (tmp_path / "hpph-main/HPPH-CPE-01.cfg").read_text(encoding="utf-8")
    assert text == config_of("henan-provincial-hospital", "HPPH-CPE-01")
    assert "Rendered 4 configuration(s) of henan-provincial-hospital" in result.output
    row = next(line for line in result.output.splitlines() if "HPPH-CPE-01" in line)
    assert "hpph-main" in row and "huawei_vrp" in row
    assert f" {text.count(chr(10))} " in row
    assert not list(tmp_path.rglob(".*"))  # no temporary file left behind


def test_render_one_site_and_one_device(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(HENAN), "-o", str(tmp_path), "--site", "zz-central-plains-dc"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.rglob("*.cfg")) == ["ZZ-DC-PE-01.cfg", "ZZ-DC-PE-02.cfg"]
    other = tmp_path / "other"
    result = runner.invoke(app, ["render", str(HENAN), "-o", str(other), "--device", "XC-CPE-01"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in other.rglob("*.cfg")] == ["XC-CPE-01.cfg"]


def test_unknown_site_is_a_usage_error_naming_the_known_ones(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(HENAN), "-o", str(tmp_path), "--site", "hpph"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: unknown site 'hpph' (known: hpph-main, xincai-branch, zz-central-plains-dc)"
    )
    assert not tmp_path.exists() or not list(tmp_path.iterdir())


def test_unknown_device_is_a_usage_error_naming_the_known_ones(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(HENAN), "-o", str(tmp_path), "-d", "HPPH-CPE-1"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: unknown device 'HPPH-CPE-1' "
        "(known: HPPH-CPE-01, XC-CPE-01, ZZ-DC-PE-01, ZZ-DC-PE-02)"
    )


def test_override_templates_from_the_command_line(tmp_path: Path) -> None:
    overrides = tmp_path / "site-templates"
    (overrides / "huawei_vrp").mkdir(parents=True)
    (overrides / "huawei_vrp/_system.j2").write_text(
        "#\nsysname {{ hostname }}-LAB\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["render", str(HENAN), "-o", str(out), "-d", "HPPH-CPE-01", "--templates", str(overrides)],
    )
    assert result.exit_code == 0, result.output
    text = (out / "hpph-main/HPPH-CPE-01.cfg").read_text(encoding="utf-8")
    assert text.startswith("#\nsysname HPPH-CPE-01-LAB\n#\ninfo-center loghost")


def test_missing_template_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(HENAN), "-o", str(tmp_path), "--templates", str(tmp_path / "nope")]
    )
    assert result.exit_code == 2
    assert "does not exist or is not a folder" in result.output


def test_an_invalid_topology_reports_file_and_line(
    example_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "vlan: 101", "vlan: 5000")
    result = runner.invoke(app, ["render", str(topo), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "topo/sites/hpph-main.yaml:" in result.output
    assert "uplinks[0].vlan" in result.output
    assert not (tmp_path / "out").exists()


def test_render_refuses_a_model_that_breaks_a_rule_it_relies_on(
    example_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    """The renderer trusts the model and re-checks nothing: `render` validates first, so a
    line-VLAN clash is refused with the rule's own finding (file and line), nothing written."""
    topo = example_copy("henan-provincial-hospital")
    branch = topo / "sites/xincai-branch.yaml"
    replace_in(
        branch,
        "z: {device: ZZ-DC-PE-01, interface: GigabitEthernet1/0/2",
        "z: {device: ZZ-DC-PE-01, interface: GigabitEthernet1/0/1",
    )
    replace_in(branch, "vlan: 201", "vlan: 101")
    result = runner.invoke(app, ["render", str(topo), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (
        "topo/sites/xincai-branch.yaml:26:5: uplinks[0].vlan: private line 'xincai-otn-a': "
        "ZZ-DC-PE-01 GigabitEthernet1/0/1 VLAN 101 is already used" in result.output
    )
    assert "[MI-INT-006]" in result.output and "nothing rendered or pushed" in result.output
    assert not (tmp_path / "out").exists()


def test_render_refuses_an_ont_id_beyond_the_port_limit(
    example_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    topo = example_copy("union-shenzhen-campus")
    replace_in(topo / "sites/union-main.yaml", "        - id: 4\n", "        - id: 128\n")
    result = runner.invoke(app, ["render", str(topo), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "topo/sites/union-main.yaml:84:11: " in result.output
    assert (
        "ONT id 128 on UNION-OLT-01 port 0/1/0" in result.output and "[MI-INT-004]" in result.output
    )
    assert not (tmp_path / "out").exists()
