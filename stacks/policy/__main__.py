"""The medinfra healthcare baseline policy pack: a thin shell over medinfra.cloud.policy_pack.

Run with ``pulumi preview --policy-pack ../policy`` from ``stacks/healthcare-cloud``.
"""

from pulumi_policy import EnforcementLevel, PolicyPack

from medinfra.cloud.policy_pack import baseline_policies

PolicyPack(
    name="medinfra-healthcare-baseline",
    policies=baseline_policies(),
    enforcement_level=EnforcementLevel.MANDATORY,
)
