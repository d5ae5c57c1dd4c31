"""Fixtures of the check tests: examples loaded once, and a way to change one nested value."""

from functools import cache
from typing import Any

from pydantic import BaseModel

from medinfra.checks import catalogue
from medinfra.checks.rule import Finding
from medinfra.load import load_topology
from medinfra.model import Topology
from tests.conftest import INVENTORY


@cache
def example(name: str) -> Topology:
    """The validated example ``inventory/<name>``."""
    return load_topology(INVENTORY / name).topology


def evolve(model: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A copy of ``model`` with the value at ``path`` replaced (``model_copy`` along the path)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(model)
        items[head] = evolve(items[head], rest, value)
        return tuple(items)
    assert isinstance(model, BaseModel), f"cannot step into {type(model).__name__} at {head!r}"
    return model.model_copy(update={head: evolve(getattr(model, head), rest, value)})


def at(model: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path``."""
    for step in path:
        model = model[step] if isinstance(step, int) else getattr(model, step)
    return model


def findings(topology: Topology, rule_id: str) -> list[Finding]:
    """The findings of rule ``rule_id`` on ``topology``, with its own settings."""
    (rule,) = [r for r in catalogue() if r.id == rule_id]
    return rule.run(topology, topology.settings)


def site_index(topology: Topology, site_id: str) -> int:
    """Position of site ``site_id``."""
    return next(i for i, site in enumerate(topology.sites) if site.id == site_id)
