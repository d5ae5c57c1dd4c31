"""The security baseline as pure validation functions over declared resources.

The pulumi-policy pack in ``stacks/policy/`` is a thin shell over these functions; the offline
plan and the tests call them directly. Each function takes a resource's type and properties
(plain dicts keyed by the engine's camelCase names, as pulumi-policy and the offline plan
both give them) and returns violation messages.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from medinfra.cloud.ports import DICOM_PORTS, HL7_MLLP_PORTS, port_in_range

FW_RULE = "openstack:firewall/ruleV2:RuleV2"
FW_POLICY = "openstack:firewall/policyV2:PolicyV2"
SG_RULE = "openstack:networking/secGroupRule:SecGroupRule"
CONTAINER = "openstack:objectstorage/container:Container"
VOLUME_TYPE = "openstack:blockstorage/volumeTypeV3:VolumeTypeV3"
SHARE = "openstack:sharedfilesystem/share:Share"

PROTECTED_PORTS = DICOM_PORTS | HL7_MLLP_PORTS
"""Ports never reachable from anywhere: DICOM 104/11112 and HIS HL7 2575."""
PROTECTED_KINDS = ("pacs", "dicom", "his", "emr", "hl7", "lis")
"""Service kinds (named in medinfra rule descriptions) never reachable from anywhere."""
ANYWHERE = frozenset({None, "", "0.0.0.0/0", "::/0"})

# Metadata keys medinfra writes on storage resources; the storage policy reads them.
HOLDS_IMAGES = "medinfra-holds-images"
WORM = "medinfra-worm"
BASELINE = "medinfra-baseline"
DR_TARGET = "medinfra-dr-target"
REPLICA_OF = "medinfra-replica-of"
POOL = "medinfra-pool"


@dataclass(frozen=True)
class DeclaredResource:
    """A resource as a policy sees it: type, logical name, URN and input properties."""

    type: str
    name: str
    urn: str
    props: Mapping[str, Any]


def _kind_in(description: object) -> str | None:
    text = str(description or "")
    return next((kind for kind in PROTECTED_KINDS if f"({kind})" in text), None)


def _open_ports(low: int | None, high: int | None) -> list[int]:
    return sorted(port for port in PROTECTED_PORTS if port_in_range(port, low, high))


def _port(value: object) -> int | None:
    return None if value in (None, "") else int(str(value).split(".")[0])


def _parse_range(value: object) -> tuple[int | None, int | None]:
    if value in (None, ""):
        return None, None
    low, _, high = str(value).partition(":")
    return int(low), int(high or low)


def ingress_from_anywhere(resource_type: str, props: Mapping[str, Any]) -> list[str]:
    """No ingress from 0.0.0.0/0 to DICOM (104, 11112) or HIS ports/services.

    Checks FWaaS allow rules (source missing or 0.0.0.0/0) and security group ingress rules
    (no remote group and remote prefix missing or 0.0.0.0/0).

    Examples:
        >>> ingress_from_anywhere(SG_RULE, {"direction": "ingress", "protocol": "tcp",
        ...     "portRangeMin": 104, "portRangeMax": 104, "remoteIpPrefix": "0.0.0.0/0"})
        ['security group rule admits 0.0.0.0/0 to protected port(s) 104']
    """
    if resource_type == FW_RULE:
        if props.get("action") != "allow" or props.get("sourceIpAddress") not in ANYWHERE:
            return []
        low, high = _parse_range(props.get("destinationPort"))
        what = "firewall rule allows"
    elif resource_type == SG_RULE:
        if props.get("direction") != "ingress" or props.get("remoteGroupId"):
            return []
        if props.get("remoteIpPrefix") not in ANYWHERE:
            return []
        low, high = _port(props.get("portRangeMin")), _port(props.get("portRangeMax"))
        what = "security group rule admits"
    else:
        return []
    ports = _open_ports(low, high)
    if ports:
        return [f"{what} 0.0.0.0/0 to protected port(s) {', '.join(map(str, ports))}"]
    kind = _kind_in(props.get("description"))
    if kind:
        return [f"{what} 0.0.0.0/0 to a {kind} service"]
    return []


def firewall_policy_ends_in_deny(rules: Sequence[DeclaredResource]) -> list[str]:
    """A FWaaS policy, given its rules in order, ends in a catch-all deny.

    The last rule must deny any protocol from any address to any address and port.
    """
    if not rules:
        return ["firewall policy has no rules; it must end in an explicit deny"]
    last = rules[-1].props
    catch_all = last.get("protocol") in (None, "any") and all(
        last.get(key) in ANYWHERE
        for key in ("sourceIpAddress", "destinationIpAddress", "destinationPort")
    )
    if last.get("action") == "deny" and catch_all:
        return []
    return [
        f"last rule {rules[-1].name} is not a catch-all deny "
        f"(action {last.get('action')}, protocol {last.get('protocol')}, "
        f"destination port {last.get('destinationPort')})"
    ]


def firewall_policies_end_in_deny(resources: Sequence[DeclaredResource]) -> list[tuple[str, str]]:
    """Every FWaaS policy of ``resources`` ends in deny; rules found by the ids it lists.

    Resources must carry their ``id`` in ``props`` (the offline plan's records do).
    """
    rules = {str(r.props.get("id")): r for r in resources if r.type == FW_RULE}
    violations = []
    for policy in (r for r in resources if r.type == FW_POLICY):
        ids = [str(rule_id) for rule_id in policy.props.get("rules") or []]
        missing = [rule_id for rule_id in ids if rule_id not in rules]
        if missing:
            violations.append((policy.urn, f"rules {', '.join(missing)} are not in this stack"))
            continue
        ordered = [rules[rule_id] for rule_id in ids]
        violations.extend((policy.urn, m) for m in firewall_policy_ends_in_deny(ordered))
    return violations


def baseline_requires_protection(baseline: str) -> bool:
    """MLPS level 3 or 4, or HIPAA, require image pools replicated and immutable.

    Examples:
        >>> [baseline_requires_protection(b) for b in ("mlps-2", "mlps-3", "mlps-2+hipaa", "")]
        [False, True, True, False]
    """
    parts = {part.strip() for part in baseline.replace(",", "+").split("+")}
    return "hipaa" in parts or bool(parts & {"mlps-3", "mlps-4"})


def _storage_metadata(resource_type: str, props: Mapping[str, Any]) -> Mapping[str, Any] | None:
    key = {CONTAINER: "metadata", SHARE: "metadata", VOLUME_TYPE: "extraSpecs"}.get(resource_type)
    if key is None:
        return None
    value = props.get(key)
    return value if isinstance(value, Mapping) else {}


def image_pool_protection(resource_type: str, props: Mapping[str, Any]) -> list[str]:
    """Storage holding images is replicated and immutable where the baseline requires it.

    Replicated: a disaster-recovery target, or being one (``medinfra-dr-target`` or
    ``medinfra-replica-of``). Immutable: ``medinfra-worm`` true, and for object containers
    versioning on.
    """
    metadata = _storage_metadata(resource_type, props)
    if metadata is None or str(metadata.get(HOLDS_IMAGES, "true")).lower() != "true":
        return []
    if not baseline_requires_protection(str(metadata.get(BASELINE, ""))):
        return []
    pool = metadata.get(POOL, "?")
    problems = []
    if not metadata.get(DR_TARGET) and not metadata.get(REPLICA_OF):
        problems.append(f"image pool {pool} has no disaster-recovery copy")
    if str(metadata.get(WORM, "false")).lower() != "true":
        problems.append(f"image pool {pool} is not immutable (worm)")
    if resource_type == CONTAINER and not props.get("versioning"):
        problems.append(f"image container {pool} has versioning off")
    return problems


def validate_resources(resources: Iterable[DeclaredResource]) -> list[tuple[str, str]]:
    """Every baseline policy over a set of declared resources: ``(urn, message)`` pairs."""
    listed = list(resources)
    violations = [
        (resource.urn, message)
        for resource in listed
        for check in (ingress_from_anywhere, image_pool_protection)
        for message in check(resource.type, resource.props)
    ]
    return violations + firewall_policies_end_in_deny(listed)
