"""``medinfra validate`` reports every error of every file in one run, once, by file and line."""

import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from medinfra.cli import app
from tests.conftest import EXAMPLE_MARKER, INVENTORY, replace_in, shipped_examples

runner = CliRunner()


def findings(*args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", *args])
    return result.exit_code, [line for line in result.output.splitlines() if "[MI-" in line]


def test_schema_reference_and_rule_findings_of_all_files_in_one_run(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "platform: huawei_vrp", "platform: cisco_ios")
    branch = topo / "sites/xincai-branch.yaml"
    replace_in(branch, "z: {device: ZZ-DC-PE-01", "z: {device: ZZ-DC-PE-07")
    replace_in(branch, "encrypted: true", "encrypted: false")
    code, lines = findings(str(topo))
    assert code == 1
    assert lines == [
        "topo/sites/hpph-main.yaml:16:5: devices[0].platform: Input should be 'huawei_vrp', "
        "'huawei_vrpv8' or 'huawei_smartax', got 'cisco_ios' [MI-SCHEMA-001]",
        "topo/sites/xincai-branch.yaml:25:9: uplinks[0].z.device: unknown device "
        "'ZZ-DC-PE-07'; did you mean 'ZZ-DC-PE-02'? [MI-REF-001]",
        "topo/sites/xincai-branch.yaml:30:5: uplinks[0].encrypted: private line "
        "'xincai-otn-a' is not encrypted, but the baseline requires encryption in transit; "
        "set encrypted: true on the line (MACsec or IPsec over it) [MI-SEC-008]",
    ]


def test_a_bad_list_item_adds_no_error_for_the_lists_around_it(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("union-shenzhen-campus")
    site = topo / "sites/union-main.yaml"
    replace_in(site, "serial: 48575443A4C123B1", "serial: HWTC-1A2B3C4D")
    replace_in(site, "average_study_size: 80MB", "average_study_size: 400 Mo")
    code, lines = findings(str(topo))
    assert code == 1
    assert lines == [
        "topo/sites/union-main.yaml:11:40: imaging.modalities[1].average_study_size: unit 'Mo' "
        "is not a unit of a data size; use one of: B, kB, KB, MB, GB, TB, PB, KiB, MiB, GiB, "
        "TiB, PiB (e.g. '230TB') [MI-SCHEMA-001]",
        "topo/sites/union-main.yaml:69:11: campus.olts[0].pon_ports[0].splitters[0].onts[0]"
        ".serial: 'HWTC-1A2B3C4D' is not valid: expected an ONT serial of 16 upper-case hex "
        "digits, e.g. '48575443F5E5A8AB' [MI-SCHEMA-001]",
    ]


def test_a_clash_names_the_file_and_line_of_the_first_use(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    branch = topo / "sites/xincai-branch.yaml"
    replace_in(
        branch,
        "z: {device: ZZ-DC-PE-01, interface: GigabitEthernet1/0/2",
        "z: {device: ZZ-DC-PE-01, interface: GigabitEthernet1/0/1",
    )
    replace_in(branch, "vlan: 201", "vlan: 101")
    code, lines = findings(str(topo), "--select", "MI-INT-006")
    assert code == 1
    assert lines == [
        "topo/sites/xincai-branch.yaml:26:5: uplinks[0].vlan: private line 'xincai-otn-a': "
        "ZZ-DC-PE-01 GigabitEthernet1/0/1 VLAN 101 is already used (first defined at "
        "topo/sites/hpph-main.yaml:25:30); give one of the two lines another VLAN, or end it on "
        "another port [MI-INT-006]",
    ]


def test_findings_are_sorted_by_file_and_line(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/xincai-branch.yaml", "encrypted: true", "encrypted: false", 2)
    replace_in(topo / "sites/hpph-main.yaml", "encrypted: true", "encrypted: false", 2)
    _, lines = findings(str(topo))
    places = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert len(places) == 4
    assert places == sorted(places)


def test_a_users_own_topology_is_validated_but_is_no_example(
    tmp_path: Path, monkeypatch: object
) -> None:
    inventory = tmp_path / "inventory"
    shutil.copytree(INVENTORY / "union-shenzhen-campus", inventory / "union-shenzhen-campus")
    shutil.copytree(INVENTORY / "union-shenzhen-campus", inventory / "my-county-alliance")
    (inventory / "my-county-alliance" / EXAMPLE_MARKER).unlink()
    assert shipped_examples(inventory) == ["union-shenzhen-campus"]
    result = runner.invoke(app, ["validate", str(inventory), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "my-county-alliance" in result.output


def test_a_file_that_cannot_be_read_adds_no_unknown_reference_errors(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/zz-central-plains-dc.yaml", "kind: data_centre", "kind: [data_centre")
    replace_in(topo / "sites/xincai-branch.yaml", "encrypted: true", "encrypted: false")
    code, lines = findings(str(topo))
    assert code == 1
    assert lines == [
        "topo/sites/xincai-branch.yaml:30:5: uplinks[0].encrypted: private line "
        "'xincai-otn-a' is not encrypted, but the baseline requires encryption in transit; "
        "set encrypted: true on the line (MACsec or IPsec over it) [MI-SEC-008]",
        "topo/sites/zz-central-plains-dc.yaml:5:7: YAML syntax error: while parsing a flow "
        "sequence, did not find expected ',' or ']' (the construct started at line 4) "
        "[MI-YAML-001]",
    ]
