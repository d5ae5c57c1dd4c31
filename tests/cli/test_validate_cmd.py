"""``medinfra validate`` through the CLI runner: exact messages, file and line, exit codes."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from tests.conftest import EXAMPLES, INVENTORY, replace_in

runner = CliRunner()
HPPH = Path("topo/sites/hpph-main.yaml")


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_is_valid(name: str) -> None:
    code, output = run(str(INVENTORY / name))
    assert code == 0, output
    assert "valid" in output


def test_yaml_syntax_error_names_file_and_line(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "kind: tertiary_hospital", "kind: [tertiary_hospital")
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/sites/hpph-main.yaml:5:7: YAML syntax error: while parsing a flow sequence, "
        "did not find expected ',' or ']' (the construct started at line 4) [MI-YAML-001]"
    ) in output


def test_wrong_type(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "studies_per_day: 600", "studies_per_day: many")
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/sites/hpph-main.yaml:10:18: imaging.modalities[0].studies_per_day: "
        "Input should be a valid integer, unable to parse string as an integer, got 'many' "
        "[MI-SCHEMA-001]"
    ) in output


def test_unknown_key_suggests_the_right_one(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(
        topo / "sites/hpph-main.yaml", "    credentials: henan/cpe", "    credential: henan/cpe"
    )
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/sites/hpph-main.yaml:20:5: devices[0].credential: unknown key 'credential'; "
        "did you mean 'credentials'? (expected one of: availability, credentials, hostname, "
        "managed, management, model, no_reboot, platform, role, serial, suppress) [MI-SCHEMA-001]"
    ) in output
    # the missing required key is reported in the same run, at its mapping
    assert "devices[0].credentials: missing required key 'credentials'" in output


def test_duplicate_key(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(
        topo / "topology.yaml",
        "availability_target: 99.95%",
        "availability_target: 99.95%\navailability_target: 99.9%",
    )
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/topology.yaml:11:1: duplicate key 'availability_target' (first at line 10); "
        "YAML would silently keep only the last one [MI-YAML-002]"
    ) in output


def test_unknown_reference_with_suggestion(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/xincai-branch.yaml", "parent: hpph-main", "parent: hpph-mian")
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/sites/xincai-branch.yaml:7:1: parent: unknown parent site 'hpph-mian'; "
        "did you mean 'hpph-main'? [MI-REF-001]"
    ) in output


def test_unknown_service_in_zone_policy(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "topology.yaml", "services: [his]", "services: [hiss]")
    code, output = run(str(topo))
    assert code == 1
    assert (
        "cloud.tenants[0].policies[2].services[0]: unknown service 'hiss'; did you mean 'his'? "
        "[MI-REF-001]"
    ) in output
    assert "topo/topology.yaml:132:22: cloud.tenants[0].policies[2].services[0]" in output


def test_duplicate_id_points_at_first_definition(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/xincai-branch.yaml", "hostname: XC-CPE-01", "hostname: HPPH-CPE-01")
    replace_in(
        topo / "sites/xincai-branch.yaml", "device: XC-CPE-01", "device: HPPH-CPE-01", count=2
    )
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/sites/xincai-branch.yaml:16:5: devices[0].hostname: duplicate hostname "
        "'HPPH-CPE-01' (first defined at topo/sites/hpph-main.yaml:15:5) [MI-REF-002]"
    ) in output
    # the uplinks of the branch now start on a device of another site
    assert "the A end of an uplink must be a device of site 'xincai-branch'" in output


def test_bad_unit(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "bandwidth: 1Gbit/s", "bandwidth: 1Gbps/s")
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/sites/hpph-main.yaml:27:5: uplinks[0].bandwidth: unit 'Gbps/s' is not a unit of "
        "a bandwidth; use one of: bit/s, bps, kbit/s, kbps, Mbit/s, Mbps, Gbit/s, Gbps, Tbit/s "
        "(e.g. '1Gbit/s') [MI-SCHEMA-001]"
    ) in output


def test_bare_number_is_refused(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(topo / "sites/hpph-main.yaml", "bandwidth: 1Gbit/s", "bandwidth: 1000")
    code, output = run(str(topo))
    assert code == 1
    assert (
        "uplinks[0].bandwidth: expected a bandwidth with a unit, such as '1Gbit/s' (a bare number 1000 is ambiguous)"
        in output
    )


def test_control_character_in_a_name(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    replace_in(
        topo / "sites/hpph-main.yaml",
        "name: Henan Provincial People's Hospital",
        'name: "Henan\\nsystem-view\\nundo info-center enable"',
    )
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/sites/hpph-main.yaml:3:1: name: control character U+000A LINE FEED at position 5 "
        "is not allowed (text may reach a device command line; write it on one line) "
        "[MI-SCHEMA-001]"
    ) in output


def test_all_errors_of_a_file_at_once(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    site = topo / "sites/hpph-main.yaml"
    replace_in(site, "platform: huawei_vrp", "platform: cisco_ios")
    replace_in(site, "bandwidth: 1Gbit/s", "bandwidth: fast")
    replace_in(site, "kind: tertiary_hospital", "kind: tertiary_hospital\nkind: clinic")
    code, output = run(str(topo), "--format", "json")
    assert code == 1
    report = json.loads(output)
    codes = sorted((d["line"], d["code"]) for d in report[0]["diagnostics"])
    assert codes == [(5, "MI-YAML-002"), (17, "MI-SCHEMA-001"), (28, "MI-SCHEMA-001")]


def test_json_format_of_a_valid_topology() -> None:
    code, output = run(str(INVENTORY / "union-shenzhen-campus"), "--format", "json")
    assert code == 0
    (report,) = json.loads(output)
    assert report["valid"] is True
    assert report["summary"]["onts"] == 19
    assert report["diagnostics"] == []


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run(str(tmp_path / "nope"))
    assert code == 2
    assert "Invalid value for 'paths'" in output


def test_bad_flag_is_a_usage_error() -> None:
    code, output = run("--colour", str(INVENTORY / "union-shenzhen-campus"))
    assert code == 2
    assert "No such option" in output


def test_bad_format_is_a_usage_error() -> None:
    code, _ = run("--format", "xml", str(INVENTORY / "union-shenzhen-campus"))
    assert code == 2


def test_directory_without_topology_yaml(tmp_path: Path) -> None:
    code, output = run(str(tmp_path))
    assert code == 1
    assert "no topology.yaml in this directory" in output


def test_validate_never_modifies_files(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("union-shenzhen-campus")
    before = {p: p.read_bytes() for p in topo.rglob("*.yaml")}
    stamps = {p: p.stat().st_mtime_ns for p in before}
    assert run(str(topo))[0] == 0
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == stamps


def test_ont_service_without_a_pon_profile(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("union-shenzhen-campus")
    replace_in(topo / "topology.yaml", "    pon_profile: {dba_type: 4, maximum: 500Mbit/s}\n", "")
    code, output = run(str(topo))
    assert code == 1
    assert (
        "topo/sites/union-main.yaml:71:44: campus.olts[0].pon_ports[0].splitters[0].onts[0]"
        ".services[2]: service 'wifi' has no pon_profile in the service catalogue, so no OLT "
        "can carry it; add services[].pon_profile or drop it here [MI-REF-001]"
    ) in output
