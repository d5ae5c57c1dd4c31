"""What a check rule is and what it finds.

A rule is a pure function from the topology and its check settings to findings. Each finding
carries the model path of the object concerned, so the CLI can resolve file and line.
"""

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from medinfra.diagnostics import Severity
from medinfra.model.index import ModelPath
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology


class Family(StrEnum):
    """The rule families: one module of ``medinfra.checks`` each."""

    INTEGRITY = "integrity"
    ADDRESSING = "addressing"
    WAN = "wan"
    AVAILABILITY = "availability"
    CAPACITY = "capacity"
    STORAGE = "storage"
    OPTICAL = "optical"
    SECURITY = "security"
    CLOUD = "cloud"
    FLOW = "flow"
    HANDOFF = "handoff"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found: the message carries the computed numbers."""

    rule_id: str
    path: ModelPath
    message: str
    related: ModelPath | None = None
    """Where the other object of a clash is (the first definition of a duplicate): the CLI
    adds its file and line to the message."""
    searched: ModelPath | None = None
    """The list the rule searched in vain (an address in no zone: ``cloud.tenants``): on a
    partial model that set an item of it aside, the finding may be a follow-on, left out."""


CheckFunction = Callable[[Topology, CheckSettings], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class CheckRule:
    """A check rule of the catalogue."""

    id: str
    family: Family
    severity: Severity
    summary: str
    explanation: str
    check: CheckFunction
    default: bool = True
    """False for opt-in rules: they run only when ``--select`` names them."""
    fix: str = ""
    """The usual way out of a finding, added to its message (empty when the message says it)."""

    def run(self, topology: Topology, settings: CheckSettings) -> list[Finding]:
        """The findings of this rule on ``topology``."""
        return list(self.check(topology, settings))

    def matches(self, selector: str) -> bool:
        """True when ``selector`` names this rule or a prefix of its id."""
        return matches(self.id, selector)


def matches(rule_id: str, selector: str) -> bool:
    """True when ``selector`` is ``rule_id`` or a dash-delimited prefix of it (``MI-SEC``).

    Examples:
        >>> matches("MI-AV-001", "MI-AV"), matches("MI-AV-001", "MI"), matches("MI-AV-001", "MI-A")
        (True, True, False)
    """
    return rule_id == selector or rule_id.startswith(selector.rstrip("-") + "-")


_RULES: dict[str, CheckRule] = {}


def rule(
    rule_id: str,
    family: Family,
    severity: Severity,
    summary: str,
    *,
    default: bool = True,
    fix: str = "",
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the rule ``rule_id``; its docstring explains it.

    ``default=False`` makes an opt-in rule (a report rather than a problem); ``fix`` is the
    usual way out of a finding, which the CLI adds to each finding's message.
    """

    def register(function: CheckFunction) -> CheckFunction:
        if rule_id in _RULES:
            raise ValueError(f"rule id {rule_id} registered twice")
        explanation = inspect.cleandoc(function.__doc__ or summary)
        _RULES[rule_id] = CheckRule(
            rule_id, family, severity, summary, explanation, function, default, fix
        )
        return function

    return register


def registered_rules() -> list[CheckRule]:
    """Every registered rule, sorted by id."""
    return [_RULES[key] for key in sorted(_RULES)]
