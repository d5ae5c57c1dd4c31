"""``medinfra validate`` through the CLI runner: exact messages, file and line, exit codes."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from tests.checks.builders import Edit, edited
from tests.conftest import EXAMPLES, INVENTORY

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_is_valid(name: str) -> None:
    code, output = run(str(INVENTORY / name))
    assert code == 0, output
    assert "valid" in output


HENAN = "henan-provincial-hospital"
MAIN = "sites/hpph-main.yaml"
XINCAI = "sites/xincai-branch.yaml"

MISTAKES = [
    pytest.param(
        HENAN,
        [Edit(MAIN, "kind: tertiary_hospital", "kind: [tertiary_hospital")],
        [
            "topo/sites/hpph-main.yaml:5:7: YAML syntax error: while parsing a flow sequence, "
            "did not find expected ',' or ']' (the construct started at line 4) [MI-YAML-001]"
        ],
        id="yaml-syntax-error-names-file-and-line",
    ),
    pytest.param(
        HENAN,
        [Edit(MAIN, "studies_per_day: 600", "studies_per_day: many")],
        [
            "topo/sites/hpph-main.yaml:10:18: imaging.modalities[0].studies_per_day: "
            "Input should be a valid integer, unable to parse string as an integer, got 'many' "
            "[MI-SCHEMA-001]"
        ],
        id="wrong-type",
    ),
    pytest.param(
        HENAN,
        [Edit(MAIN, "    credentials: henan/cpe", "    credential: henan/cpe")],
        [
            "topo/sites/hpph-main.yaml:20:5: devices[0].credential: unknown key 'credential'; "
            "did you mean 'credentials'? (expected one of: availability, credentials, hostname, "
            "managed, management, model, no_reboot, platform, role, serial, suppress) "
            "[MI-SCHEMA-001]",
            # the missing required key is reported in the same run, at its mapping
            "devices[0].credentials: missing required key 'credentials'",
        ],
        id="unknown-key-suggests-the-right-one",
    ),
    pytest.param(
        HENAN,
        [
            Edit(
                "topology.yaml",
                "availability_target: 99.95%",
                "availability_target: 99.95%\navailability_target: 99.9%",
            )
        ],
        [
            "topo/topology.yaml:11:1: duplicate key 'availability_target' (first at line 10); "
            "YAML would silently keep only the last one [MI-YAML-002]"
        ],
        id="duplicate-key",
    ),
    pytest.param(
        HENAN,
        [Edit(XINCAI, "parent: hpph-main", "parent: hpph-mian")],
        [
            "topo/sites/xincai-branch.yaml:7:1: parent: unknown parent site 'hpph-mian'; "
            "did you mean 'hpph-main'? [MI-REF-001]"
        ],
        id="unknown-reference-with-suggestion",
    ),
    pytest.param(
        HENAN,
        [Edit("topology.yaml", "services: [his]", "services: [hiss]")],
        [
            "cloud.tenants[0].policies[2].services[0]: unknown service 'hiss'; did you mean "
            "'his'? [MI-REF-001]",
            "topo/topology.yaml:132:22: cloud.tenants[0].policies[2].services[0]",
        ],
        id="unknown-service-in-zone-policy",
    ),
    pytest.param(
        HENAN,
        [
            Edit(XINCAI, "hostname: XC-CPE-01", "hostname: HPPH-CPE-01"),
            Edit(XINCAI, "device: XC-CPE-01", "device: HPPH-CPE-01", count=2),
        ],
        [
            "topo/sites/xincai-branch.yaml:16:5: devices[0].hostname: duplicate hostname "
            "'HPPH-CPE-01' (first defined at topo/sites/hpph-main.yaml:15:5) [MI-REF-002]",
            # the uplinks of the branch now start on a device of another site
            "the A end of an uplink must be a device of site 'xincai-branch'",
        ],
        id="duplicate-id-points-at-first-definition",
    ),
    pytest.param(
        HENAN,
        [Edit(MAIN, "bandwidth: 1Gbit/s", "bandwidth: 1Gbps/s")],
        [
            "topo/sites/hpph-main.yaml:27:5: uplinks[0].bandwidth: unit 'Gbps/s' is not a unit "
            "of a bandwidth; use one of: bit/s, bps, kbit/s, kbps, Mbit/s, Mbps, Gbit/s, Gbps, "
            "Tbit/s (e.g. '1Gbit/s') [MI-SCHEMA-001]"
        ],
        id="bad-unit",
    ),
    pytest.param(
        HENAN,
        [Edit(MAIN, "bandwidth: 1Gbit/s", "bandwidth: 1000")],
        [
            "uplinks[0].bandwidth: expected a bandwidth with a unit, such as '1Gbit/s' (a bare "
            "number 1000 is ambiguous)"
        ],
        id="bare-number-is-refused",
    ),
    pytest.param(
        HENAN,
        [
            Edit(
                MAIN,
                "name: Henan Provincial People's Hospital",
                'name: "Henan\\nsystem-view\\nundo info-center enable"',
            )
        ],
        [
            "topo/sites/hpph-main.yaml:3:1: name: control character U+000A LINE FEED at "
            "position 5 is not allowed (text may reach a device command line; write it on one "
            "line) [MI-SCHEMA-001]"
        ],
        id="control-character-in-a-name",
    ),
    pytest.param(
        "union-shenzhen-campus",
        [Edit("topology.yaml", "    pon_profile: {dba_type: 4, maximum: 500Mbit/s}\n", "")],
        [
            "topo/sites/union-main.yaml:71:44: campus.olts[0].pon_ports[0].splitters[0].onts[0]"
            ".services[2]: service 'wifi' has no pon_profile in the service catalogue, so no OLT "
            "can carry it; add services[].pon_profile or drop it here [MI-REF-001]"
        ],
        id="ont-service-without-a-pon-profile",
    ),
]


@pytest.mark.parametrize(("name", "edits", "messages"), MISTAKES)
def test_a_mistake_is_reported_at_its_file_and_line(
    example_copy: Callable[[str], Path], name: str, edits: list[Edit], messages: list[str]
) -> None:
    code, output = run(str(edited(example_copy, name, *edits)))
    assert code == 1
    for message in messages:
        assert message in output


def test_all_errors_of_a_file_at_once(example_copy: Callable[[str], Path]) -> None:
    topo = edited(
        example_copy,
        HENAN,
        Edit(MAIN, "platform: huawei_vrp", "platform: cisco_ios"),
        Edit(MAIN, "bandwidth: 1Gbit/s", "bandwidth: fast"),
        Edit(MAIN, "kind: tertiary_hospital", "kind: tertiary_hospital\nkind: clinic"),
    )
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
