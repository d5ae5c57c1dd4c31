"""The pulumi-policy shell over :mod:`medinfra.cloud.policies`: the security baseline pack.

``stacks/policy/__main__.py`` builds ``PolicyPack("medinfra-healthcare-baseline",
baseline_policies())``. The validate callbacks below only translate pulumi-policy's
arguments into the pure functions' inputs, so tests call them with plain objects.

FWaaS policies list their rules by id, which pulumi-policy does not show; the stack policy
takes a policy's rules from its ``rules`` property dependencies, in the order the engine
records them (the order of the ``rules`` list). During a preview the rules' values may be
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


def validate_firewalls_end_in_deny(args: StackArgs, report_violation: ReportViolation) -> None:
    """Every zone firewall policy ends in an explicit catch-all deny."""
    for resource in args.resources:
        if resource.resource_type != policies.FW_POLICY:
            continue
        dependencies = (resource.property_dependencies or {}).get("rules", [])
        ordered = [
            policies.DeclaredResource(dep.resource_type, dep.name, dep.urn, _plain(dep.props))
            for dep in dependencies
            if dep.resource_type == policies.FW_RULE
        ]
        for message in policies.firewall_policy_ends_in_deny(ordered):
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
