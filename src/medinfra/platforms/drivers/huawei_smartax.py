"""hier_config driver for Huawei SmartAX MA5800 OLTs (written to be offered upstream).

SmartAX differs from VRP in the ways a remediation sees:

- most lines are removed with ``undo`` + the line, but several objects have a delete
  command of their own (``ont delete 0 3``, ``dba-profile delete profile-id 10``, ``undo
  service-port 5``): :data:`NEGATION_SUB`, hier_config ``NegationSubRule`` data applied to
  the ``undo``-prefixed line;
- sub-views are left with ``quit``; profile views (``ont-lineprofile gpon ...``,
  ``ont-srvprofile gpon ...``) take effect on ``commit`` first: :data:`SECTIONAL_EXITING`;
- objects are removed only after what uses them (service ports first, then ONTs, line and
  service profiles, DBA profiles, port VLANs, VLANs): that order is not in the driver,
  medinfra gives it the scope's (:mod:`medinfra.platforms.ordering`). A changed DBA profile
  or profile header is removed and added again, its removal after the ONTs: SmartAX changes
  a profile in use with ``dba-profile modify`` (not generated yet), never by delete and
  add, so such a push is refused and rolled back;
- a few lines take a new value in place (``sysname``, an ONT's ``desc``...):
  :data:`IDEMPOTENT_COMMANDS`;
- the dump indents one space per level.
"""

from hier_config.child import HConfigChild
from hier_config.models import (
    IdempotentCommandsRule,
    MatchRule,
    NegationSubRule,
    SectionalExitingRule,
)
from hier_config.platforms.driver_base import HConfigDriverBase, HConfigDriverRules

_GPON_PORT = MatchRule(startswith="interface gpon ")

NEGATION_SUB: tuple[NegationSubRule, ...] = (
    NegationSubRule(
        match_rules=(_GPON_PORT, MatchRule(startswith="ont add ")),
        search=r"^undo ont add (\d+) (\d+)\b.*",
        replace=r"ont delete \1 \2",
    ),
    NegationSubRule(
        match_rules=(MatchRule(startswith="dba-profile add profile-id "),),
        search=r"^undo dba-profile add profile-id (\d+)\b.*",
        replace=r"dba-profile delete profile-id \1",
    ),
    NegationSubRule(
        match_rules=(MatchRule(re_search=r"^service-port \d+ "),),
        search=r"^undo service-port (\d+) .*",
        replace=r"undo service-port \1",
    ),
    NegationSubRule(
        match_rules=(MatchRule(re_search=r"^vlan \d+ (smart|mux|standard)$"),),
        search=r"^undo vlan (\d+) .*",
        replace=r"undo vlan \1",
    ),
    NegationSubRule(
        match_rules=(MatchRule(re_search=r"^ont-(line|srv)profile gpon profile-id \d+"),),
        search=r"^undo (ont-(?:line|srv)profile gpon) profile-id (\d+)\b.*",
        replace=r"undo \1 profile-id \2",
    ),
    NegationSubRule(  # a range is undone in its own form: ``undo vlan 200 to 201``
        match_rules=(MatchRule(re_search=r"^vlan \d+ to \d+ (smart|mux|standard)$"),),
        search=r"^undo vlan (\d+ to \d+) .*",
        replace=r"undo vlan \1",
    ),
)
"""SmartAX objects removed by a command other than ``undo`` + the whole line."""

SECTIONAL_EXITING: tuple[SectionalExitingRule, ...] = (
    SectionalExitingRule(
        match_rules=(MatchRule(re_search=r"^ont-(line|srv)profile "),),
        exit_text="commit\nquit",
    ),
)
"""Profile views are committed, then left (``exit_text`` holds one command per line)."""


IDEMPOTENT_COMMANDS: tuple[IdempotentCommandsRule, ...] = (
    IdempotentCommandsRule(match_rules=(MatchRule(re_search=r"^(sysname) "),)),
    IdempotentCommandsRule(
        match_rules=(
            MatchRule(re_search=r"(?i)^interface meth ?0$"),
            MatchRule(re_search=r"^(ip address) "),
        )
    ),
)
"""Lines a new value replaces in place."""


class HConfigDriverHuaweiSmartax(HConfigDriverBase):
    """Driver for Huawei SmartAX (MA5800) OLTs."""

    @property
    def negation_prefix(self) -> str:
        """SmartAX removes most lines with ``undo``."""
        return "undo "

    def sectional_exit(self, config: HConfigChild) -> str | None:
        """Views without a rule are left with ``quit`` (as hier_config's VRP driver does)."""
        result = super().sectional_exit(config)
        return "quit" if result == "exit" else result

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        return HConfigDriverRules(
            indentation=1,
            negation_sub=list(NEGATION_SUB),
            sectional_exiting=list(SECTIONAL_EXITING),
            idempotent_commands=list(IDEMPOTENT_COMMANDS),
        )
