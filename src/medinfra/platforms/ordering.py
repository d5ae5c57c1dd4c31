"""A platform's command order, given to its hier_config driver (loaded with the driver only).

The order lives in one place, the platform's scope (``remove_order``/``add_order`` in
:mod:`medinfra.platforms.scopes`); the drivers carry none of their own. The push weighs its
commands by that table (:mod:`medinfra.push.order`, which also weighs a view by the lines
inside it), and hier_config, given the same weights here, prints its diff and orders the
lines inside each view the same way.
"""

from typing import TypeVar

from hier_config.models import MatchRule, OrderingRule
from hier_config.platforms.driver_base import HConfigDriverBase

from medinfra.platforms.scope import OTHER_ADDITION, OTHER_REMOVAL, PlatformScope, Weights

Driver = TypeVar("Driver", bound=HConfigDriverBase)


def ordering_rules(removes: Weights, adds: Weights) -> tuple[OrderingRule, ...]:
    """hier_config's ordering rules from a scope's weights, shifted so that the lines no
    pattern names keep hier_config's default weight 0 between removals and additions.

    Examples:
        >>> [r.weight for r in ordering_rules(((r"^undo acl ", 50),), ((r"^acl ", 100),))]
        [-20, 5]
    """
    shifted = [(pattern, weight - OTHER_REMOVAL) for pattern, weight in removes]
    shifted += [(pattern, weight - OTHER_ADDITION) for pattern, weight in adds]
    return tuple(
        OrderingRule(match_rules=(MatchRule(re_search=pattern),), weight=weight)
        for pattern, weight in shifted
    )


def with_scope_order(driver: Driver, scope: PlatformScope) -> Driver:
    """The driver, ordering lines by the scope's weights."""
    order = list(ordering_rules(scope.remove_order, scope.add_order))
    driver.rules = driver.rules.model_copy(update={"ordering": order})
    return driver
