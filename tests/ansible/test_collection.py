"""The collection medinfra.hospital: built from plugins/ and roles/, installed, documented, sane."""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent
COLLECTION = ("medinfra", "hospital")
PLUGINS = {
    "module": ["medinfra.hospital.medinfra_config"],
    "inventory": ["medinfra.hospital.medinfra"],
}
ROLES = {"device", "imaging_gateway"}
# ansible-test sanity tests that need no virtual environment of their own (those download pip
# and their requirements, which an offline machine cannot); see tests/sanity/README.md
OFFLINE_SANITY = [
    "action-plugin-docs",
    "compile",
    "empty-init",
    "ignores",
    "line-endings",
    "no-assert",
    "no-get-exception",
    "no-illegal-filenames",
    "no-smart-quotes",
    "replace-urlopen",
    "shebang",
    "symlinks",
    "use-argspec-type-path",
    "use-compat-six",
]


def run(*command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "MEDINFRA_"))
    }
    environment.update(PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **env)
    return subprocess.run(
        list(command),
        check=False,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the collection from the repository and install it into a fresh collections path."""
    work = tmp_path_factory.mktemp("collection")
    built = run(
        str(BIN / "ansible-galaxy"),
        "collection",
        "build",
        str(REPO),
        "--output-path",
        str(work / "dist"),
        cwd=work,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (tarball,) = (work / "dist").glob("medinfra-hospital-*.tar.gz")
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    assert "plugins/action/medinfra_config.py" in names
    assert not [n for n in names if n.startswith(("src/", "inventory/", "tests/ansible", ".venv"))]
    done = run(
        str(BIN / "ansible-galaxy"),
        "collection",
        "install",
        str(tarball),
        "-p",
        str(work / "collections"),
        cwd=work,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return work / "collections"


def test_installed_collection_documents_every_plugin_and_role(installed: Path) -> None:
    env = {"ANSIBLE_COLLECTIONS_PATH": str(installed)}
    for kind, names in PLUGINS.items():
        done = run(str(BIN / "ansible-doc"), "-t", kind, "--json", *names, cwd=installed, **env)
        assert done.returncode == 0, done.stderr
        docs = json.loads(done.stdout)
        for name in names:
            assert docs[name]["doc"]["description"], name
            for value, spec in (docs[name].get("return") or {}).items():
                assert "sample" in spec or value == "changed", f"{name}: {value} has no sample"
    module = json.loads(
        run(
            str(BIN / "ansible-doc"),
            "--json",
            "medinfra.hospital.medinfra_config",
            cwd=installed,
            **env,
        ).stdout
    )["medinfra.hospital.medinfra_config"]["doc"]
    assert {"topology", "lab_state", "timeout", "reachability_timeout"} <= set(module["options"])
    listing = run(
        str(BIN / "ansible-doc"),
        "-t",
        "role",
        "-l",
        "--json",
        "medinfra.hospital",
        cwd=installed,
        **env,
    )
    assert listing.returncode == 0, listing.stderr
    roles = json.loads(listing.stdout)
    assert {f"medinfra.hospital.{role}" for role in ROLES} <= set(roles)
    assert all(role["entry_points"]["main"] for role in roles.values())


@pytest.mark.slow
def test_ansible_test_sanity_passes_on_the_installed_collection(installed: Path) -> None:
    root = installed.joinpath("ansible_collections", *COLLECTION)
    tests = [arg for name in OFFLINE_SANITY for arg in ("--test", name)]
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    done = run(
        str(BIN / "ansible-test"), "sanity", "--python", python, *tests, "--color", "no", cwd=root
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stdout
