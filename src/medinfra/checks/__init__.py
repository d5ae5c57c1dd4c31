"""Engineering and security checks: pure functions from the topology to findings.

Each rule has a stable id (``MI-AV-001``), a severity, a one-line summary and an
explanation; ``run_checks`` runs the catalogue and honours per-object suppressions.
"""

from medinfra.checks.catalogue import catalogue, get_rule, rules_markdown
from medinfra.checks.rule import CheckRule, Family, Finding
from medinfra.checks.runner import CheckRun, RuleFinding, run_checks, select_rules

__all__ = [
    "CheckRule",
    "CheckRun",
    "Family",
    "Finding",
    "RuleFinding",
    "catalogue",
    "get_rule",
    "rules_markdown",
    "run_checks",
    "select_rules",
]
