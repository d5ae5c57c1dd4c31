"""hier_config's Huawei VRP driver plus the remediation rules medinfra's configs need.

The additions are rule data on the driver (:class:`~hier_config.models.NegationSubRule`),
not code: hier_config applies them before its own ``swap_negation``.
"""

from hier_config.models import MatchRule, NegationSubRule
from hier_config.platforms.driver_base import HConfigDriverRules
from hier_config.platforms.huawei_vrp.driver import HConfigDriverHuaweiVrp

NEGATION_SUB: tuple[NegationSubRule, ...] = (
    # ``header login information "..."`` is removed by ``undo header login``
    NegationSubRule(
        match_rules=(MatchRule(re_search=r"^header (login|shell) information "),),
        search=r"^undo header (login|shell) information .*",
        replace=r"undo header \1",
    ),
)
"""VRP lines whose ``undo`` form takes fewer words than the line."""


class HConfigDriverHuaweiVrpMedinfra(HConfigDriverHuaweiVrp):
    """hier_config's ``HUAWEI_VRP`` driver with :data:`NEGATION_SUB` (VRP and VRPv8)."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        rules = HConfigDriverHuaweiVrp._instantiate_rules()
        rules.negation_sub.extend(NEGATION_SUB)
        return rules
