"""The pulumi-policy shell over :mod:`medinfra.cloud.policies`: the security baseline pack.

``stacks/policy/__main__.py`` builds ``PolicyPack("medinfra-healthcare-baseline",
baseline_policies())``. The validate callbacks below only translate pulumi-policy's
arguments into the pure functions' inputs, so tests call them with plain objects.

Unknown values: pulumi-policy raises ``UnknownValueError`` when a policy reads a value the
engine does not know yet (during a preview), which would skip the whole check. The shell
reads every property itself, turning unknown ones into :data:`policies.UNKNOWN`, so each
check decides on what is known; a violation among the known values is reported at once.
Only when an unknown value could change the outcome does the shell raise
``UnknownValueError`` itself: pulumi-policy then reports the policy as not run during the
preview (an advisory line naming the property), and resource policies run again at
``pulumi up`` with the values known.

FWaaS policies list their rules by id: the stack policy orders them by the policy's own
``rules`` list (never by dependencies, which the SDK sends as a set); new rules' ids are
unknown during a preview, so that check decides at ``pulumi up``.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ResourceValidationPolicy,
    StackValidationPolicy,
    proxy,
)
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from medinfra.cloud import policies

ReportViolation = Callable[..., None]


class ResourceArgs(Protocol):
    """What a resource validation reads (pulumi-policy's ResourceValidationArgs)."""

    resource_type: str
    props: Any
    urn: str
    opts: Any


class StackResource(Protocol):
    """What a stack validation reads of one resource (pulumi-policy's PolicyResource)."""

    resource_type: str
    props: Any
    urn: str
    name: str
    opts: Any


class StackArgs(Protocol):
    """What a stack validation reads (pulumi-policy's StackValidationArgs)."""

    resources: Any


def plain(value: Any) -> Any:
    """pulumi-policy's proxied properties as plain values, unknown ones as ``UNKNOWN``.

    Reading a proxied unknown raises ``UnknownValueError``; unknown sentinels given as
    plain strings (the deserialised form) are recognised too.
    """
    if isinstance(value, str):
        return policies.UNKNOWN if proxy._is_unknown(value) else value
    if isinstance(value, Mapping):
        result = {}
        for key in value:
            try:
                result[key] = plain(value[key])
            except UnknownValueError:
                result[key] = policies.UNKNOWN
        return result
    if isinstance(value, Sequence):
        items = []
        for index in range(len(value)):
            try:
                items.append(plain(value[index]))
            except UnknownValueError:
                items.append(policies.UNKNOWN)
        return items
    return value


def _protect(opts: Any) -> bool:
    return bool(getattr(opts, "protect", False))


def _report(
    decisions: Iterable[tuple[str | None, policies.Decision]], report_violation: ReportViolation
) -> None:
    """Report every violation; then, if something stayed unknown, say so (checked at up)."""
    unknown: list[str] = []
    for urn, decision in decisions:
        for message in decision.violations:
            report_violation(message, urn) if urn else report_violation(message)
        unknown += [f"{urn or 'resource'}.{name}" for name in decision.unknown]
    if unknown:
        raise UnknownValueError(UNKNOWN_STRING_VALUE, [", ".join(sorted(set(unknown)))])


def validate_no_open_ingress(args: ResourceArgs, report_violation: ReportViolation) -> None:
    """No ingress from 0.0.0.0/0 to DICOM or HIS ports (FWaaS rules, security group rules)."""
    decision = policies.ingress_from_anywhere(args.resource_type, plain(args.props))
    _report([(None, decision)], report_violation)


def validate_image_pools(args: ResourceArgs, report_violation: ReportViolation) -> None:
    """Image stores replicated, protected and (containers) versioned."""
    decision = policies.image_pool_protection(
        args.resource_type, plain(args.props), _protect(getattr(args, "opts", None))
    )
    _report([(None, decision)], report_violation)


def validate_firewall_groups(args: ResourceArgs, report_violation: ReportViolation) -> None:
    """Zone firewall groups are up and bind both policies to router ports."""
    decision = policies.firewall_group_enforcing(args.resource_type, plain(args.props))
    _report([(None, decision)], report_violation)


def validate_router_gateways(args: ResourceArgs, report_violation: ReportViolation) -> None:
    """A tenant router's gateway towards the edge does no source NAT."""
    decision = policies.router_gateway_untranslated(args.resource_type, plain(args.props))
    _report([(None, decision)], report_violation)


def _declared(resource: StackResource) -> policies.DeclaredResource:
    return policies.DeclaredResource(
        resource.resource_type,
        resource.name,
        resource.urn,
        plain(resource.props),
        _protect(getattr(resource, "opts", None)),
    )


def validate_firewalls_end_in_deny(args: StackArgs, report_violation: ReportViolation) -> None:
    """Every zone firewall policy ends in an explicit catch-all deny (rules by listed id)."""
    declared = [_declared(r) for r in args.resources]
    _report(policies.firewall_policies_end_in_deny(declared), report_violation)


def validate_image_shares(args: StackArgs, report_violation: ReportViolation) -> None:
    """Image shares have a Manila replication type (an output: known after ``pulumi up``)."""
    decisions = [
        (r.urn, policies.share_replication(r.type, r.props))
        for r in (_declared(resource) for resource in args.resources)
    ]
    _report(decisions, report_violation)


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
            description="Image stores are replicated (container sync, Cinder replication), "
            "protected against deletion and, for containers, versioned.",
            validate=validate_image_pools,
            enforcement_level=mandatory,
        ),
        ResourceValidationPolicy(
            name="zone-firewall-groups-enforce",
            description="Zone firewall groups are administratively up with both policies "
            "bound to router ports.",
            validate=validate_firewall_groups,
            enforcement_level=mandatory,
        ),
        ResourceValidationPolicy(
            name="router-gateways-without-snat",
            description="A router with an external gateway towards the edge has source NAT "
            "off, so the edge and the hospitals see the cloud hosts' own addresses.",
            validate=validate_router_gateways,
            enforcement_level=mandatory,
        ),
        StackValidationPolicy(
            name="zone-firewalls-end-in-deny",
            description="Every zone firewall policy ends in an explicit catch-all deny.",
            validate=validate_firewalls_end_in_deny,
            enforcement_level=mandatory,
        ),
        StackValidationPolicy(
            name="image-shares-replicated",
            description="Shares holding images have a Manila replication type.",
            validate=validate_image_shares,
            enforcement_level=mandatory,
        ),
    ]
