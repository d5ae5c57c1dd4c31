"""Golden files: every device of every example under inventory/ renders byte for byte as
committed in tests/render/golden/<topology>/<site>/<hostname>.cfg.

A template change shows up here as a readable diff. After reviewing it, regenerate with

    MEDINFRA_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_golden.py

and commit the changed golden files with the template change.
"""

import difflib
import os
from pathlib import Path

import pytest

from medinfra.render import config_path
from tests.conftest import EXAMPLES
from tests.render.conftest import rendered

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("MEDINFRA_UPDATE_GOLDEN") == "1"
HOW = "MEDINFRA_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_golden.py"


@pytest.mark.parametrize("name", EXAMPLES)
def test_rendered_configs_match_the_golden_files(name: str) -> None:
    problems = []
    for config in rendered(name):
        path = config_path(GOLDEN / name, config)
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text(encoding="utf-8") != config.text:
                path.write_text(config.text, encoding="utf-8")
            continue
        if not path.is_file():
            problems.append(f"missing golden file {path}; create it with: {HOW}")
            continue
        expected = path.read_text(encoding="utf-8")
        if expected != config.text:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True),
                config.text.splitlines(keepends=True),
                fromfile=str(path),
                tofile=f"rendered {config.hostname}",
            )
            problems.append("".join(diff))
    assert not problems, "\n".join(problems[:5]) + f"\n(if intended, regenerate: {HOW})"


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_golden_file_is_left_over(name: str) -> None:
    wanted = {config_path(GOLDEN / name, config) for config in rendered(name)}
    present = set((GOLDEN / name).rglob("*.cfg"))
    if UPDATE:
        for path in present - wanted:
            path.unlink()
        return
    assert not present - wanted, (
        f"golden files of devices no longer in {name}: {sorted(present - wanted)}"
    )


def test_every_example_has_golden_files() -> None:
    folders = {path.name for path in GOLDEN.iterdir() if path.is_dir()}
    assert set(EXAMPLES) <= folders, f"examples without golden files; run {HOW}"
