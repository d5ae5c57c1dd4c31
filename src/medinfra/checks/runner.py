"""Run the catalogue over a topology: select and ignore rules, honour per-object suppressions."""

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from medinfra.checks.catalogue import catalogue
from medinfra.checks.rule import CheckRule, Finding, matches
from medinfra.errors import UsageError
from medinfra.memory import collector_paused
from medinfra.model.base import Suppressible, Suppression
from medinfra.model.index import ModelPath
from medinfra.model.topology import Topology


@dataclass(frozen=True, slots=True)
class RuleFinding:
    """A finding together with the rule that made it."""

    rule: CheckRule
    finding: Finding


@dataclass(frozen=True)
class CheckRun:
    """What running the rules found, and what suppressions silenced."""

    rules: tuple[CheckRule, ...]
    findings: tuple[RuleFinding, ...]
    suppressed: tuple[tuple[RuleFinding, Suppression], ...]


def select_rules(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[CheckRule, ...]:
    """The rules named by ``select`` (every default rule when empty) minus those named by
    ``ignore``. Opt-in rules run only when ``select`` names them (by id or prefix).

    Raises:
        UsageError: when a selector names no rule.
    """
    rules = catalogue()
    for selector in (*select, *ignore):
        if not any(matches(rule.id, selector.upper()) for rule in rules):
            raise UsageError(
                f"'{selector}' names no rule (use an id such as MI-AV-001 or a prefix such as "
                "MI-SEC; run 'medinfra rules' for the list)"
            )
    if select:
        chosen = [r for r in rules if any(r.matches(s.upper()) for s in select)]
    else:
        chosen = [r for r in rules if r.default]
    return tuple(r for r in chosen if not any(r.matches(s.upper()) for s in ignore))


def suppression_for(topology: Topology, path: ModelPath, rule_id: str) -> Suppression | None:
    """The suppression of ``rule_id`` on the object at ``path`` or on any object holding it."""
    current: object = topology
    steps = iter(path)
    while True:
        if isinstance(current, Suppressible):
            for entry in current.suppress:
                if matches(rule_id, entry.rule):
                    return entry
        step = next(steps, None)
        if step is None:
            return None
        if isinstance(step, int) and isinstance(current, tuple) and 0 <= step < len(current):
            current = current[step]
        elif isinstance(step, str) and isinstance(current, BaseModel) and hasattr(current, step):
            current = getattr(current, step)
        else:
            return None


def run_checks(topology: Topology, rules: Sequence[CheckRule] | None = None) -> CheckRun:
    """Run ``rules`` (default: every default rule) with the topology's own settings."""
    chosen = select_rules() if rules is None else tuple(rules)
    with collector_paused():
        return _run(topology, chosen)


def _run(topology: Topology, chosen: tuple[CheckRule, ...]) -> CheckRun:
    kept: list[RuleFinding] = []
    silenced: list[tuple[RuleFinding, Suppression]] = []
    for rule in chosen:
        for finding in rule.run(topology, topology.settings):
            item = RuleFinding(rule, finding)
            suppression = suppression_for(topology, finding.path, rule.id)
            if suppression is None:
                kept.append(item)
            else:
                silenced.append((item, suppression))
    return CheckRun(chosen, tuple(kept), tuple(silenced))
