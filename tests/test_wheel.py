"""The built wheel works on its own: installed outside the repository, with the locked
dependencies, it validates, renders, starts a lab and checks a push (templates and schemas
come from inside the installed package, not from a checkout)."""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from medinfra.load import load_topology
from tests.conftest import INVENTORY, REPO
from tests.push.labkit import free_port, push_env

pytestmark = [pytest.mark.slow, pytest.mark.lab]

EXAMPLE = "union-shenzhen-campus"
BASE = "127.0.81.1"
BUILD_INPUTS = ("src", "templates", "schema", "pyproject.toml", "setup.py", "README.md")


def run(command: list[str | Path], cwd: Path, env: dict[str, str], timeout: int = 300) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def clean_env() -> dict[str, str]:
    """This process's environment without the checkout (no PYTHONPATH, no MEDINFRA_*)."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MEDINFRA_", "VIRTUAL_ENV", "PYTHONPATH"))
    }


def build_wheel(work: Path) -> Path:
    """Build from a copy of the build inputs (the checkout stays untouched, no build/)."""
    tree = work / "tree"
    tree.mkdir()
    for name in BUILD_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(
                source, tree / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
            )
        else:
            shutil.copy2(source, tree / name)
    dist = work / "dist"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    run([*command, "--quiet", "-w", dist, tree], work, clean_env())
    (wheel,) = dist.glob("medinfra-*.whl")
    return wheel


def install(wheel: Path, venv: Path) -> Path:
    """A fresh venv with the locked dependencies (uv's cache, offline when it can) and the wheel."""
    run([sys.executable, "-m", "venv", "--without-pip", venv], venv.parent, clean_env())
    python = venv / "bin" / "python"
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv is not None, "uv is installed by `make venv`"
    base = [uv, "pip", "install", "--quiet", "--python", python]
    targets = ["-r", REPO / "requirements.lock", wheel]
    try:
        run([*base, "--offline", *targets], venv.parent, clean_env())
    except AssertionError:  # a cold cache: fetch from the registry
        run([*base, *targets], venv.parent, clean_env())
    return venv / "bin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    work = tmp_path_factory.mktemp("wheel")
    assert REPO not in work.parents
    bin_dir = install(build_wheel(work), work / "venv")
    site = work / "site"
    shutil.copytree(INVENTORY / EXAMPLE, site / "topo")
    yield bin_dir, site


def test_the_installed_package_is_the_wheel_and_carries_its_data(
    installed: tuple[Path, Path],
) -> None:
    bin_dir, site = installed
    code = (
        "import medinfra, medinfra.resources as r; "
        "print(medinfra.__file__); print(r.templates_folder()); print(r.schema_folder())"
    )
    package, templates, schema = run([bin_dir / "python", "-c", code], site, clean_env()).split()
    prefix = str(bin_dir.parent)
    assert package.startswith(prefix) and templates.startswith(prefix), (package, templates)
    assert Path(templates, "huawei_smartax", "main.j2").is_file()
    assert Path(schema, "topology.schema.json").read_text() == (
        REPO / "schema" / "topology.schema.json"
    ).read_text(encoding="utf-8")


def test_validate_render_lab_up_push_check_lab_down(installed: tuple[Path, Path]) -> None:
    bin_dir, site = installed
    medinfra = bin_dir / "medinfra"
    env = clean_env()
    run([medinfra, "validate", "topo"], site, env)
    run([medinfra, "render", "topo", "--out", "configs"], site, env)
    rendered = sorted(path.name for path in (site / "configs").rglob("*.cfg"))
    assert "UNION-OLT-01.cfg" in rendered and "NS-DC-PE-01.cfg" in rendered
    state = site / "lab"
    lab = [medinfra, "lab", "up", "topo", "--base-address", BASE, "--port", str(free_port())]
    run([*lab, "--state-dir", state], site, env)
    try:
        push = push_env(load_topology(site / "topo").topology)
        push.update(MEDINFRA_LOCK_DIR=str(site / "locks"), MEDINFRA_AUDIT_LOG=str(site / "a.jsonl"))
        push.pop("PYTHONPATH", None)
        check = [medinfra, "push", "topo", "--lab", state, "--check", "--quiet", "--timeout", "10"]
        output = run(check, site, push)
        assert "5 would change, 0 failed" in output, output  # check mode: nothing was sent
    finally:
        run([medinfra, "lab", "down", "--state-dir", state], site, env)
