"""Shared helpers of the render tests: each example loaded and rendered once per session."""

from functools import cache
from pathlib import Path
from typing import Any

from hier_config import Platform, get_hconfig

from medinfra.load import load_topology
from medinfra.model import Topology
from medinfra.render import RenderedConfig, render_topology
from tests.conftest import INVENTORY


@cache
def example(name: str) -> Topology:
    """The example topology ``inventory/<name>``, loaded once."""
    return load_topology(INVENTORY / name).topology


@cache
def rendered(name: str) -> tuple[RenderedConfig, ...]:
    """Every device configuration of an example, rendered once."""
    return tuple(render_topology(example(name)))


def config_of(name: str, hostname: str) -> str:
    """The rendered configuration of one device of an example."""
    for config in rendered(name):
        if config.hostname == hostname:
            return config.text
    raise AssertionError(f"{hostname} is not a device of {name}")


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Create files under ``root`` (relative path -> text); return ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@cache
def parse_vrp(text: str) -> Any:
    """A VRP configuration parsed by hier_config's HUAWEI_VRP driver (cached per text)."""
    return get_hconfig(Platform.HUAWEI_VRP, text)


def children(text: str, parent: str) -> list[str]:
    """The lines under one top-level line of a VRP configuration."""
    node = parse_vrp(text).get_child(equals=parent)
    assert node is not None, f"no '{parent}' section"
    return [child.text for child in node.children]
