"""The loader pauses the cyclic garbage collector only while it loads."""

import gc
from pathlib import Path

import pytest

from medinfra.errors import TopologyError
from medinfra.load import load_topology
from tests.conftest import INVENTORY


def test_collector_is_paused_during_load_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    import medinfra.load.loader as loader

    original = loader.topology_files

    def spy(path: Path):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return original(path)

    monkeypatch.setattr(loader, "topology_files", spy)
    assert gc.isenabled()
    load_topology(INVENTORY / "union-shenzhen-campus")
    assert seen == [False]
    assert gc.isenabled()


def test_collector_restored_after_a_failed_load(tmp_path: Path) -> None:
    with pytest.raises(TopologyError):
        load_topology(tmp_path / "missing")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        load_topology(INVENTORY / "union-shenzhen-campus")
        assert not gc.isenabled()
    finally:
        gc.enable()
