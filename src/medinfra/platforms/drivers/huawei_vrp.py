"""hier_config's Huawei VRP driver plus the remediation rules medinfra's configs need.

The additions are rule data on the driver, not code (hier_config applies them itself):

- :data:`NEGATION_SUB`: lines whose ``undo`` form takes fewer words than the line;
- :data:`IDEMPOTENT_COMMANDS`: lines a new value simply replaces (``sysname``,
  ``description``, the primary ``ip address``...), so a change is one line, not ``undo`` +
  the new line;
The order of commands is not here: medinfra gives the driver its platform scope's order
(:mod:`medinfra.platforms.ordering`), the one table the push also uses.
"""

from hier_config.models import IdempotentCommandsRule, MatchRule, NegationSubRule
from hier_config.platforms.driver_base import HConfigDriverRules
from hier_config.platforms.huawei_vrp.driver import HConfigDriverHuaweiVrp

from medinfra.platforms.scopes.huawei_vrp import ROUTE, ROUTE_OPTIONS

NEGATION_SUB: tuple[NegationSubRule, ...] = (
    # ``header login information "..."`` is removed by ``undo header login``
    NegationSubRule(
        match_rules=(MatchRule(re_search=r"^header (login|shell) information "),),
        search=r"^undo header (login|shell) information .*",
        replace=r"undo header \1",
    ),
    # a static BFD session is removed by its name: ``undo bfd NAME``
    NegationSubRule(
        match_rules=(MatchRule(re_search=r"^bfd \S+ bind "),),
        search=r"^undo (bfd \S+) bind .*",
        replace=r"undo \1",
    ),
    # a static route, public or of a vpn-instance (the NE's __LOCAL_OAM_VPN__ default route),
    # by the words that say which route it is: instance, prefix, mask, next hop (interface,
    # address or both), not its preference, tracking or description
    NegationSubRule(
        match_rules=(MatchRule(re_search=r"^ip route-static "),),
        search=rf"^undo ({ROUTE}) (?=(?:{ROUTE_OPTIONS})\b).*",
        replace=r"undo \1",
    ),
    # a QoS classifier by its name, not its ``operator``
    NegationSubRule(
        match_rules=(MatchRule(re_search=r"^traffic classifier \S+ "),),
        search=r"^undo (traffic classifier \S+) .*",
        replace=r"undo \1",
    ),
)
"""VRP lines whose ``undo`` form takes fewer words than the line."""

_VIEW = MatchRule(startswith=("interface ", "bfd ", "traffic ", "aaa"))


def _top(pattern: str) -> IdempotentCommandsRule:
    return IdempotentCommandsRule(match_rules=(MatchRule(re_search=pattern),))


def _in_view(pattern: str) -> IdempotentCommandsRule:
    return IdempotentCommandsRule(match_rules=(_VIEW, MatchRule(re_search=pattern)))


_UI = MatchRule(startswith="user-interface ")


def _in_ui(pattern: str) -> IdempotentCommandsRule:
    return IdempotentCommandsRule(match_rules=(_UI, MatchRule(re_search=pattern)))


IDEMPOTENT_COMMANDS: tuple[IdempotentCommandsRule, ...] = (
    _top(r"^(sysname) "),
    _top(r"^(header (?:login|shell) information) "),
    _top(r"^(snmp-agent sys-info (?:contact|location)) "),
    _top(r"^(clock timezone) "),
    _in_view(r"^(description) "),
    _in_view(r"^(ip address) \S+ \S+$"),
    _in_view(r"^(mtu) "),
    _in_view(r"^(bandwidth) "),
    _in_view(r"^(local-user \S+ (?:password|privilege level|level|service-type|state)) "),
    _top(r"^(ssh server (?:acl|cipher|hmac|key-exchange|dh-exchange min-len)) "),
    _top(r"^(ssh server-source) "),
    _top(r"^(snmp-agent trap source) "),
    _in_view(r"^(local-aaa-user wrong-password) "),
    _in_view(r"^(qos lr outbound cir) "),
    _in_view(r"^(user-queue) \S+ \S+ .* (?:inbound|outbound)$"),
    # a user interface holds one of each (the last one typed takes effect): a new value
    # replaces the device's, no ``undo`` first (``undo protocol inbound all``, ``undo acl
    # 2999 inbound`` sent ahead of the new line left the vty without its ACL on VRP5 until
    # the new line came, and not every undo form takes the old value's words)
    _in_ui(r"^(authentication-mode) "),
    _in_ui(r"^(protocol inbound) "),
    _in_ui(r"^(user privilege level) "),
    _in_ui(r"^(idle-timeout) "),
    _in_ui(r"^(acl (?:ipv6 )?)\S+ (inbound|outbound)$"),
)
"""Lines where setting a new value replaces the old one (the capture group is the key)."""


class HConfigDriverHuaweiVrpMedinfra(HConfigDriverHuaweiVrp):
    """hier_config's ``HUAWEI_VRP`` driver with the rules above (VRP and VRPv8)."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        rules = HConfigDriverHuaweiVrp._instantiate_rules()
        rules.negation_sub.extend(NEGATION_SUB)
        rules.idempotent_commands.extend(IDEMPOTENT_COMMANDS)
        return rules
