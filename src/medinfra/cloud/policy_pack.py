"""The pulumi-policy shell over :mod:`medinfra.cloud.policies`: the security baseline pack.

``stacks/policy/__main__.py`` builds ``PolicyPack("medinfra-healthcare-baseline",
baseline_policies())``. The validate callbacks below only translate pulumi-policy's
arguments into the pure functions' inputs, so tests call them with plain objects.

FWaaS policies list their rules by id. When the rule resources show their ``id`` the stack
policy orders them by the policy's ``rules`` list; otherwise it takes them from the ``rules``
property dependencies, in the order the engine records them (which is assumed, not verified
against a real engine, to be the order of the list). During a preview the values may be
unknown; pulumi-policy then skips the check and it runs on ``pulumi up``.
"""

from collections.abc import Callable
from typing import Any, Protocol

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ResourceValidationPolicy,
    StackValidationPolicy,
)

from medinfra.cloud import policies

ReportViolation = Callable[..., None]


class ResourceArgs(Protocol):
    """What a resource validation reads (pulumi-policy's ResourceValidationArgs)."""

    resource_type: str
    props: Any
    urn: str


class StackResource(Protocol):
    """What a stack validation reads of one resource (pulumi-policy's PolicyResource)."""

    resource_type: str
    props: Any
    urn: str
    name: str
    property_dependencies: Any


class StackArgs(Protocol):
    """What a stack validation reads (pulumi-policy's StackValidationArgs)."""

    resources: Any


def _plain(props: Any) -> dict[str, Any]:
    return {key: props[key] for key in props}


def validate_no_open_ingress(args: ResourceArgs, report_violation: ReportViolation) -> None:
    """No ingress from 0.0.0.0/0 to DICOM or HIS ports (FWaaS rules, security group rules)."""
    for message in policies.ingress_from_anywhere(args.resource_type, _plain(args.props)):
        report_violation(message)


def validate_image_pools(args: ResourceArgs, report_violation: ReportViolation) -> None:
    """Image pools replicated and immutable where the baseline requires it."""
    for message in policies.image_pool_protection(args.resource_type, _plain(args.props)):
        report_violation(message)


def _ordered_rules(policy: StackResource) -> list[policies.DeclaredResource]:
    """The policy's rules in order: by the ids its ``rules`` lists when the rules show their
    ids, otherwise in the order of the ``rules`` property dependencies."""
    dependencies = [
        policies.DeclaredResource(dep.resource_type, dep.name, dep.urn, _plain(dep.props))
        for dep in (policy.property_dependencies or {}).get("rules", [])
        if dep.resource_type == policies.FW_RULE
    ]
    by_id = {str(d.props["id"]): d for d in dependencies if d.props.get("id")}
    listed = [str(rule_id) for rule_id in _plain(policy.props).get("rules") or []]
    if listed and all(rule_id in by_id for rule_id in listed):
        return [by_id[rule_id] for rule_id in listed]
    return dependencies


def validate_firewalls_end_in_deny(args: StackArgs, report_violation: ReportViolation) -> None:
    """Every zone firewall policy ends in an explicit catch-all deny."""
    for resource in args.resources:
        if resource.resource_type != policies.FW_POLICY:
            continue
        for message in policies.firewall_policy_ends_in_deny(_ordered_rules(resource)):
            report_violation(message, resource.urn)


def baseline_policies() -> list[Policy]:
    """The medinfra healthcare security baseline, every policy mandatory."""
    mandatory = EnforcementLevel.MANDATORY
    return [
        ResourceValidationPolicy(
            name="no-open-ingress-to-dicom-or-his",
            description="No ingress from 0.0.0.0/0 to DICOM (104, 11112) or HIS ports.",
            validate=validate_no_open_ingress,
            enforcement_level=mandatory,
        ),
        ResourceValidationPolicy(
            name="image-pools-replicated-and-immutable",
            description="Pools holding images are replicated and WORM where the baseline "
            "(MLPS level 3+, HIPAA) requires it.",
            validate=validate_image_pools,
            enforcement_level=mandatory,
        ),
        StackValidationPolicy(
            name="zone-firewalls-end-in-deny",
            description="Every zone firewall policy ends in an explicit catch-all deny.",
            validate=validate_firewalls_end_in_deny,
            enforcement_level=mandatory,
        ),
    ]
