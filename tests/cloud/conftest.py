"""Fixtures of the cloud tests: example topologies and their offline plans, built once."""

from functools import cache
from pathlib import Path

import yaml

from medinfra.cloud.plan import Plan, plan_topology
from medinfra.cloud.program import StackSelection, load_checked
from medinfra.model.topology import Topology
from tests.conftest import EXAMPLES, INVENTORY, REPO

STACK_DIR = REPO / "stacks" / "healthcare-cloud"

__all__ = ["EXAMPLES", "INVENTORY", "STACK_DIR", "example", "example_plan", "stack_configs"]


@cache
def example(name: str) -> Topology:
    """The validated topology of an example under inventory/."""
    return load_checked(INVENTORY / name).topology


@cache
def example_plan(
    name: str, data_centre: str | None = None, pools: tuple[str, ...] | None = None
) -> Plan:
    """The offline plan of an example (optionally one data centre's stack)."""
    return plan_topology(example(name), StackSelection(data_centre, pools))


def stack_configs() -> dict[str, dict[str, object]]:
    """Every Pulumi.<stack>.yaml of the healthcare-cloud stack: stack name -> its config."""
    configs = {}
    for path in sorted(STACK_DIR.glob("Pulumi.*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        configs[path.name.removeprefix("Pulumi.").removesuffix(".yaml")] = document["config"]
    return configs


def stack_topology(config: dict[str, object]) -> Path:
    """The topology directory a stack config points at, resolved like Pulumi does."""
    return (STACK_DIR / str(config["healthcare-cloud:topology"])).resolve()
