"""Every example passes the checks; mutated copies fail with the expected rule ids and lines."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.diagnostics import Severity
from medinfra.validation import validate_path
from tests.conftest import EXAMPLES, INVENTORY, replace_in

runner = CliRunner()


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_has_no_error_finding(name: str) -> None:
    report = validate_path(INVENTORY / name)
    assert report.checks is not None, report.diagnostics
    errors = [d.format() for d in report.diagnostics if d.severity is Severity.ERROR]
    assert errors == []
    assert len(report.checks.rules) >= 35


MUTATIONS = [
    # (example, file, old text, new text, expected line fragment)
    (
        "henan-provincial-hospital",
        "sites/hpph-main.yaml",
        "path_id: unicom-zz-route-west",
        "path_id: unicom-zz-route-east",
        "topo/sites/hpph-main.yaml:40:5: uplinks[1].path_id: site hpph-main: uplinks "
        "'hpph-peotn-a' and 'hpph-peotn-b' share physical path 'unicom-zz-route-east', so one "
        "cut takes both down; order the second line on a different physical route and give it its "
        "own path_id [MI-WAN-002]",
    ),
    (
        "henan-provincial-hospital",
        "sites/hpph-main.yaml",
        "bandwidth: 1Gbit/s",
        "bandwidth: 30Mbit/s",
        "topo/sites/hpph-main.yaml:7:1: imaging: site hpph-main uploads 109.6 GB/day = 30.444 "
        "Mbit/s over the 8 h busy window, more than 70% of 30 Mbit/s (one line after a failure) "
        "= 21 Mbit/s; raise the uplinks' bandwidth, add an uplink, or spread the upload over a "
        "longer busy_window [MI-CAP-001]",
    ),
    (
        "henan-provincial-hospital",
        "topology.yaml",
        "raw_capacity: 900TB",
        "raw_capacity: 300TB",
        "[MI-STO-001]",
    ),
    (
        "longgang-regional-imaging",
        "topology.yaml",
        "services: [image-viewer]\n          action: permit\n          description: Patients",
        "services: [pacs]\n          action: permit\n          description: Patients",
        "[MI-SEC-002]",
    ),
    (
        "longgang-regional-imaging",
        "sites/chc-bantian-01.yaml",
        "availability_target: 99.5%",
        "availability_target: 99.9%",
        "topo/sites/chc-bantian-01.yaml:20:1: uplinks: site chc-bantian-01 end-to-end "
        "availability 99.879% (635.9 min/year down) is below the target 99.9% (525.6 "
        "min/year); set the site's own availability_target, add a second private line on "
        "another path (wan_protection: 1+1), or suppress MI-AV-001 on the site with a reason "
        "[MI-AV-001]",
    ),
    (
        "union-shenzhen-campus",
        "sites/union-main.yaml",
        "fibre_length: 1.2km",
        "fibre_length: 32km",
        "; use fewer or smaller splits, better optics (a higher optical class) or a shorter "
        "fibre path [MI-OPT-001]",
    ),
    (
        "henan-telemedicine",
        "topology.yaml",
        "protocols: [ssh, snmpv3]",
        "protocols: [ssh, telnet, snmpv3]",
        "management.protocols[1]: management protocol telnet is clear text; use ssh (and "
        "snmpv3) [MI-SEC-005]",
    ),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "expected"), MUTATIONS)
def test_mutated_example_fails(example_copy, name, file, old, new, expected) -> None:  # type: ignore[no-untyped-def]
    topo: Path = example_copy(name)
    replace_in(topo / file, old, new)
    result = runner.invoke(app, ["validate", str(topo)])
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "invalid" in result.output


def test_ignoring_the_failing_rule_passes_again(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo: Path = example_copy("henan-provincial-hospital")
    replace_in(topo / "topology.yaml", "raw_capacity: 900TB", "raw_capacity: 300TB")
    assert runner.invoke(app, ["validate", str(topo), "--ignore", "MI-STO-001"]).exit_code == 0
    only = runner.invoke(app, ["validate", str(topo), "--select", "MI-SEC,MI-AV"])
    assert only.exit_code == 0, only.output


def test_suppression_in_yaml_needs_a_reason_and_silences(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo: Path = example_copy("henan-provincial-hospital")
    replace_in(topo / "topology.yaml", "raw_capacity: 900TB", "raw_capacity: 300TB")
    replace_in(
        topo / "topology.yaml",
        "          name: PACS online images\n",
        "          name: PACS online images\n          suppress:\n"
        "            - {rule: MI-STO-001, reason: Expansion to 1.2 PB ordered under PO 2291}\n",
    )
    text = runner.invoke(app, ["validate", str(topo)])
    assert text.exit_code == 0
    assert (
        "topo/topology.yaml:158:11: suppressed [MI-STO-001]: Expansion to 1.2 PB ordered under "
        "PO 2291"
    ) in text.output
    (report,) = json.loads(runner.invoke(app, ["validate", str(topo), "--format", "json"]).output)
    assert report["suppressed"] == [
        {
            "code": "MI-STO-001",
            "path": "cloud.tenants[0].storage_pools[0].raw_capacity",
            "message": report["suppressed"][0]["message"],
            "suppressed_by": "MI-STO-001",
            "reason": "Expansion to 1.2 PB ordered under PO 2291",
        }
    ]
    assert "2.4 years of runway" in report["suppressed"][0]["message"]
    replace_in(
        topo / "topology.yaml", "reason: Expansion to 1.2 PB ordered under PO 2291", "reason: ok"
    )
    result = runner.invoke(app, ["validate", str(topo)])
    assert result.exit_code == 1
    assert "suppress[0].reason" in result.output and "[MI-SCHEMA-001]" in result.output
