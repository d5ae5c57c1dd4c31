"""Fixtures shared by the whole suite."""

import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hosts import rootfs

REPO = Path(__file__).resolve().parents[1]
INVENTORY = REPO / "inventory"
EXAMPLE_MARKER = "EXAMPLE.md"
"""The file that marks a directory of inventory/ as a shipped example (golden files and
all); any other topology there is a user's own, and the tests leave it alone."""


def shipped_examples(inventory: Path) -> list[str]:
    """Names of the shipped examples in ``inventory``: directories with the marker file."""
    return sorted(
        p.name
        for p in inventory.iterdir()
        if (p / EXAMPLE_MARKER).is_file() and (p / "topology.yaml").is_file()
    )


EXAMPLES = shipped_examples(INVENTORY)


@pytest.fixture
def example_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Copy an example topology into a temporary working directory and chdir there.

    Returns a function: name -> the copy's path, relative to the new working directory
    (so diagnostics print short, predictable file names such as ``topo/sites/x.yaml``).
    """
    monkeypatch.chdir(tmp_path)

    def copy(name: str) -> Path:
        shutil.copytree(INVENTORY / name, tmp_path / "topo")
        return Path("topo")

    return copy


NEEDS_DOT = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz (dot)")
"""For tests that draw a diagram: Graphviz's ``dot`` program renders it (the graphviz
package is only its Python binding)."""


HOSTS_TIMEOUT = rootfs.BUILD_TIMEOUT + 1800
"""Seconds a test of the real Debian test hosts may take (pyproject.toml gives every other
test 600): its first run may build the root filesystem before the hosts boot and the role
is applied."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``hosts`` get :data:`HOSTS_TIMEOUT` unless they set a timeout themselves."""
    for item in items:
        if item.get_closest_marker("hosts") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(HOSTS_TIMEOUT))


def free_port() -> int:
    """A TCP port nobody listens on now, for a lab on loopback.

    Under pytest-xdist each worker takes only the ports of its own class (half the port modulo
    the number of workers is the worker's number: Linux hands out odd ports to ``bind``), so
    two workers never pick the same port for labs on the same addresses (several test files
    share an address block).
    """
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker.removeprefix("gw")) if worker.removeprefix("gw").isdigit() else 0
    for _ in range(1000):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port // 2 % count == index % count:
            return port
    raise RuntimeError(f"no free port for worker {worker} ({index} modulo {count})")


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing loudly when the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(autouse=True, scope="session")
def _private_lock_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Pushes of a test run lock in a directory of their own, not the machine's default
    (``/run/lock/medinfra`` for root), which concurrent test runs would share."""
    import os

    os.environ.setdefault("MEDINFRA_LOCK_DIR", str(tmp_path_factory.mktemp("locks")))
