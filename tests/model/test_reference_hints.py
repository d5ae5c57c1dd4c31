"""Did-you-mean hints for unknown references are bounded, so thousands of them stay linear."""

import re
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.model.references import HINT_BUDGET

EXTRA = 6


def _write_sites(sites: Path, count: int) -> None:
    for i in range(count):
        (sites / f"typo-{i:03d}.yaml").write_text(
            f"id: typo-{i:03d}\nname: Clinic {i}\nkind: community_health_centre\nparent: hpph-mian\n"
            "region: Henan\nwan_protection: none\n",
            encoding="utf-8",
        )


def test_every_unknown_reference_is_reported_and_only_the_first_ones_get_a_hint(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("henan-provincial-hospital")
    _write_sites(topo / "sites", HINT_BUDGET + EXTRA)
    result = CliRunner().invoke(app, ["validate", str(topo)])
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if "unknown parent site 'hpph-mian'" in ln]
    # each unknown reference at its own file and line, hinted or not
    assert len(lines) == HINT_BUDGET + EXTRA, result.output
    assert all(re.match(r"topo/sites/typo-\d{3}\.yaml:4:1: parent: ", ln) for ln in lines)
    hinted = [ln for ln in lines if "did you mean 'hpph-main'?" in ln]
    plain = [ln for ln in lines if "(no suggestion: over 64 unknown references)" in ln]
    assert (len(hinted), len(plain)) == (HINT_BUDGET, EXTRA)


def test_the_budget_is_per_topology(example_copy: Callable[[str], Path]) -> None:
    topo = example_copy("henan-provincial-hospital")
    _write_sites(topo / "sites", HINT_BUDGET + EXTRA)
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(topo)]).exit_code == 1
    for extra in sorted((topo / "sites").glob("typo-*.yaml"))[1:]:
        extra.unlink()
    output = runner.invoke(app, ["validate", str(topo)]).output
    assert "parent: unknown parent site 'hpph-mian'; did you mean 'hpph-main'?" in output
