"""The security baseline as pure validation functions over declared resources.

The pulumi-policy pack in ``stacks/policy/`` is a thin shell over these functions; the offline
plan and the tests call them directly. Each function takes a resource's type and properties
(plain dicts keyed by the engine's camelCase names, as pulumi-policy and the offline plan
both give them) and returns a :class:`Decision`.

During a preview some values are not known yet. A property the engine cannot know is given
as :data:`UNKNOWN`; each check decides on what is known (an ingress rule from 0.0.0.0/0 to
port 104 is a violation whatever its unknown security group id) and answers *unknown* only
when an unknown value could change the outcome. The pack reports those as checked-but-unknown
at preview, and resource policies run again at ``pulumi up`` with the values known.

Protection is judged from the properties that enforce it, not from labels the program
writes: replication from Swift container sync (``containerSyncTo``/``containerSyncKey``),
Cinder's ``replication_enabled`` capability or Manila's ``replicationType``; immutability
from container versioning and Pulumi's ``protect`` on the resource.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from medinfra.cloud.ports import DICOM_PORTS, HL7_MLLP_PORTS, port_in_range

FW_RULE = "openstack:firewall/ruleV2:RuleV2"
FW_POLICY = "openstack:firewall/policyV2:PolicyV2"
FW_GROUP = "openstack:firewall/groupV2:GroupV2"
SG_RULE = "openstack:networking/secGroupRule:SecGroupRule"
CONTAINER = "openstack:objectstorage/container:Container"
VOLUME_TYPE = "openstack:blockstorage/volumeTypeV3:VolumeTypeV3"
SHARE = "openstack:sharedfilesystem/share:Share"
ROUTER = "openstack:networking/router:Router"

PROTECTED_PORTS = DICOM_PORTS | HL7_MLLP_PORTS
"""Ports never reachable from anywhere: DICOM 104/11112 and HIS HL7 2575."""
PROTECTED_KINDS = ("pacs", "dicom", "his", "emr", "hl7", "lis")
"""Service kinds (named in medinfra rule descriptions) never reachable from anywhere."""
ANYWHERE = frozenset({None, "", "0.0.0.0/0", "::/0"})

# Metadata keys medinfra writes on storage resources (descriptive; the checks do not trust
# them to prove protection). Volume types carry them scoped: ``medinfra:holds-images``.
HOLDS_IMAGES = "medinfra-holds-images"
WORM = "medinfra-worm"
BASELINE = "medinfra-baseline"
DR_TARGET = "medinfra-dr-target"
REPLICA_OF = "medinfra-replica-of"
POOL = "medinfra-pool"


class Unknown:
    """A value the engine does not know yet (pulumi-policy's unknown during preview)."""

    _instance: "Unknown | None" = None

    def __new__(cls) -> "Unknown":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Decision:
    """What a check concluded: violations, or the unknown properties it could not decide on."""

    violations: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Known to comply."""
        return not self.violations and not self.unknown


@dataclass(frozen=True)
class DeclaredResource:
    """A resource as a policy sees it: type, logical name, URN, properties and options."""

    type: str
    name: str
    urn: str
    props: Mapping[str, Any]
    protect: bool | Unknown = False


def _all(conditions: Sequence[tuple[str, bool | Unknown]]) -> tuple[bool, list[str]]:
    """(every condition holds, the unknown ones) - a False condition decides at once."""
    unknown = [name for name, value in conditions if value is UNKNOWN]
    if any(value is False for _, value in conditions):
        return False, []
    return not unknown, unknown


def _known(value: Any, test: Callable[[Any], object]) -> bool | Unknown:
    return UNKNOWN if value is UNKNOWN else bool(test(value))


def _port(value: object) -> int | None:
    return None if value in (None, "") else int(str(value).split(".")[0])


def _parse_range(value: object) -> tuple[int | None, int | None]:
    if value in (None, ""):
        return None, None
    low, _, high = str(value).partition(":")
    return int(low), int(high or low)


def _exposure(low: int | None, high: int | None, description: object) -> str | None:
    ports = sorted(port for port in PROTECTED_PORTS if port_in_range(port, low, high))
    if ports:
        return f"protected port(s) {', '.join(map(str, ports))}"
    text = "" if description is UNKNOWN else str(description or "")
    kind = next((kind for kind in PROTECTED_KINDS if f"({kind})" in text), None)
    return f"a {kind} service" if kind else None


def _ports(props: Mapping[str, Any], resource_type: str) -> tuple[int | None, int | None] | None:
    if resource_type == FW_RULE:
        value = props.get("destinationPort")
        return None if value is UNKNOWN else _parse_range(value)
    low, high = props.get("portRangeMin"), props.get("portRangeMax")
    if low is UNKNOWN or high is UNKNOWN:
        return None
    return _port(low), _port(high)


def ingress_from_anywhere(resource_type: str, props: Mapping[str, Any]) -> Decision:
    """No ingress from 0.0.0.0/0 (or ::/0) to DICOM (104, 11112) or HIS ports/services.

    Checks enabled FWaaS allow rules (source missing or anywhere) and security group ingress
    rules (no remote group and remote prefix missing or anywhere), on what is known.

    Examples:
        >>> ingress_from_anywhere(SG_RULE, {"direction": "ingress", "protocol": "tcp",
        ...     "portRangeMin": 104, "portRangeMax": 104, "remoteIpPrefix": "0.0.0.0/0",
        ...     "securityGroupId": UNKNOWN}).violations
        ['security group rule admits 0.0.0.0/0 to protected port(s) 104']
    """
    if resource_type == FW_RULE:
        what = "firewall rule allows"
        conditions = [
            ("action", _known(props.get("action"), lambda a: a == "allow")),
            ("enabled", _known(props.get("enabled", True), lambda e: e is not False)),
            ("sourceIpAddress", _known(props.get("sourceIpAddress"), lambda s: s in ANYWHERE)),
        ]
    elif resource_type == SG_RULE:
        what = "security group rule admits"
        conditions = [
            ("direction", _known(props.get("direction"), lambda d: d == "ingress")),
            ("remoteGroupId", _known(props.get("remoteGroupId"), lambda g: not g)),
            ("remoteIpPrefix", _known(props.get("remoteIpPrefix"), lambda p: p in ANYWHERE)),
        ]
    else:
        return Decision()
    ports = _ports(props, resource_type)
    exposure = None if ports is None else _exposure(*ports, props.get("description"))
    conditions.append(("ports", UNKNOWN if ports is None else exposure is not None))
    holds, unknown = _all(conditions)
    if holds:
        return Decision([f"{what} 0.0.0.0/0 to {exposure}"])
    return Decision(unknown=unknown)


def firewall_group_enforcing(resource_type: str, props: Mapping[str, Any]) -> Decision:
    """A zone firewall group is administratively up, with both policies and router ports."""
    if resource_type != FW_GROUP:
        return Decision()
    problems, unknown = [], []
    checks: dict[str, Callable[[Any], bool]] = {
        "adminStateUp": lambda v: v is True,
        "ingressFirewallPolicyId": bool,
        "egressFirewallPolicyId": bool,
        "ports": lambda v: v is UNKNOWN or len(v) > 0,
    }
    for key, test in checks.items():
        value = props.get(key)
        if value is UNKNOWN:
            unknown.append(key)
        elif not test(value):
            problems.append(f"firewall group does not enforce: {key} is {value!r}")
    return Decision(problems, [] if problems else unknown)


def router_gateway_untranslated(resource_type: str, props: Mapping[str, Any]) -> Decision:
    """A router with an external gateway has source NAT off (``enableSnat`` false).

    The data-centre edge routes the cloud zones' ranges to the router's gateway address and
    the hospitals' hosts answer the cloud hosts' own addresses; with SNAT (Neutron's default
    when ``enableSnat`` is not given) connections the cloud opens towards the hospitals
    (a PACS C-MOVE to a modality, management to a device) would arrive from the router.

    Examples:
        >>> router_gateway_untranslated(ROUTER, {"name": "h-router",
        ...     "externalNetworkId": "n-1"}).violations
        ["router h-router has an external gateway with source NAT on (Neutron's default): \
the edge and the hospitals would see the router's address, not the cloud hosts'"]
    """
    if resource_type != ROUTER or props.get("externalNetworkId") in (None, ""):
        return Decision()
    snat = props.get("enableSnat")
    if snat is False:
        return Decision()
    if snat is UNKNOWN or props.get("externalNetworkId") is UNKNOWN:
        return Decision(unknown=["enableSnat" if snat is UNKNOWN else "externalNetworkId"])
    state = "on" if snat else "on (Neutron's default)"
    return Decision(
        [
            f"router {props.get('name', '?')} has an external gateway with source NAT {state}: "
            "the edge and the hospitals would see the router's address, not the cloud hosts'"
        ]
    )


def firewall_policy_ends_in_deny(rules: Sequence[DeclaredResource]) -> Decision:
    """A FWaaS policy, given its rules in order, ends in a catch-all deny.

    The last *enabled* rule (FWaaS skips disabled ones) must deny any protocol from any
    address to any address and port.
    """
    enabled = [r for r in rules if r.props.get("enabled", True) is not False]
    if not enabled:
        return Decision(["firewall policy has no enabled rules; it must end in an explicit deny"])
    last = enabled[-1]
    keys = ("action", "protocol", "sourceIpAddress", "destinationIpAddress", "destinationPort")
    unknown = [k for k in keys if last.props.get(k) is UNKNOWN]
    if any(r.props.get("enabled") is UNKNOWN for r in rules):
        unknown.append("enabled")
    if unknown:
        return Decision(unknown=unknown)
    props = last.props
    catch_all = props.get("protocol") in (None, "any") and all(
        props.get(key) in ANYWHERE for key in keys[2:]
    )
    if props.get("action") == "deny" and catch_all:
        return Decision()
    return Decision(
        [
            f"last rule {last.name} is not a catch-all deny "
            f"(action {props.get('action')}, protocol {props.get('protocol')}, "
            f"destination port {props.get('destinationPort')})"
        ]
    )


def ordered_rules(
    policy: Mapping[str, Any], rules_by_id: Mapping[str, DeclaredResource]
) -> tuple[list[DeclaredResource], Decision]:
    """The policy's rules in the order of its own ``rules`` list, looked up by id.

    The order is never taken from dependencies (the SDK sends those as a set).
    """
    listed = policy.get("rules")
    if listed is UNKNOWN or any(rule_id is UNKNOWN for rule_id in listed or []):
        return [], Decision(unknown=["rules"])
    missing = [str(i) for i in listed or [] if str(i) not in rules_by_id]
    if missing:
        return [], Decision([f"rules {', '.join(missing)} are not rules of this stack"])
    return [rules_by_id[str(i)] for i in listed or []], Decision()


def firewall_policies_end_in_deny(
    resources: Sequence[DeclaredResource],
) -> list[tuple[str, Decision]]:
    """Every FWaaS policy of ``resources`` ends in deny; rules found by the ids it lists.

    Resources must carry their ``id`` in ``props`` (the offline plan's records and the
    engine's outputs of bridged resources do).
    """
    rules = {
        str(r.props.get("id")): r
        for r in resources
        if r.type == FW_RULE and r.props.get("id") not in (None, UNKNOWN)
    }
    decisions = []
    for policy in (r for r in resources if r.type == FW_POLICY):
        ordered, found = ordered_rules(policy.props, rules)
        decisions.append(
            (policy.urn, found if not found.passed else firewall_policy_ends_in_deny(ordered))
        )
    return decisions


def _spec(props: Mapping[str, Any], resource_type: str, key: str) -> Any:
    """A descriptive metadata value (plain on containers and shares, scoped on volume types)."""
    if resource_type == VOLUME_TYPE:
        specs = props.get("extraSpecs")
        name = f"medinfra:{key.removeprefix('medinfra-')}"
    else:
        specs, name = props.get("metadata"), key
    if specs is UNKNOWN:
        return UNKNOWN
    return specs.get(name) if isinstance(specs, Mapping) else None


def _replicated(resource_type: str, props: Mapping[str, Any]) -> bool | Unknown:
    if resource_type == CONTAINER:
        values = [props.get("containerSyncTo"), props.get("containerSyncKey")]
        if any(v not in (None, "", UNKNOWN) for v in values):
            return True
        return UNKNOWN if any(v is UNKNOWN for v in values) else False
    if resource_type == VOLUME_TYPE:
        specs = props.get("extraSpecs")
        value = UNKNOWN if specs is UNKNOWN else (specs or {}).get("replication_enabled")
        return _known(value, lambda v: str(v).replace(" ", "").lower() == "<is>true")
    return True  # a share's replication is an output: share_replication judges it


def share_replication(resource_type: str, outputs: Mapping[str, Any]) -> Decision:
    """An image share has a replication type (Manila's, from its share type).

    ``replicationType`` is an output of the share: it is known after ``pulumi up`` (the
    stack policy sees it then) and unknown during a preview.
    """
    if resource_type != SHARE or str(_spec(outputs, SHARE, HOLDS_IMAGES)).lower() == "false":
        return Decision()
    value = outputs.get("replicationType")
    if value is UNKNOWN:
        return Decision(unknown=["replicationType"])
    if value in (None, ""):
        pool = _spec(outputs, SHARE, POOL) or outputs.get("name", "?")
        return Decision(
            [f"image share {pool} has no replication type (its share type must set one)"]
        )
    return Decision()


def image_pool_protection(
    resource_type: str, props: Mapping[str, Any], protect: bool | Unknown = False
) -> Decision:
    """Storage holding images is replicated, protected and (containers) versioned.

    Every container, share and volume type counts as an image store unless its metadata
    says ``holds-images: false``. Replicated: container sync configured (to a target, or
    the key a source syncs with) or Cinder's ``replication_enabled`` capability; a share's
    replication is an output, judged by :func:`share_replication`. Immutable: Pulumi
    ``protect`` on the resource, and for containers versioning on.
    """
    if resource_type not in (CONTAINER, VOLUME_TYPE, SHARE):
        return Decision()
    holds = _spec(props, resource_type, HOLDS_IMAGES)
    if holds is UNKNOWN:
        return Decision(unknown=["metadata"])
    if str(holds).lower() == "false":
        return Decision()
    pool = _spec(props, resource_type, POOL) or props.get("name", "?")
    problems, unknown = [], []
    conditions: list[tuple[str, bool | Unknown, str]] = [
        ("replication", _replicated(resource_type, props), "has no replication configured"),
        ("protect", protect, "is not protected (pulumi protect) against deletion"),
    ]
    if resource_type == CONTAINER:
        versioned = props.get("versioning")
        conditions.append(
            (
                "versioning",
                _known(versioned, bool) if versioned is not None else False,
                "has versioning off",
            )
        )
    for name, value, problem in conditions:
        if value is UNKNOWN:
            unknown.append(name)
        elif not value:
            problems.append(f"image store {pool} {problem}")
    return Decision(problems, unknown)


def validate_resources(resources: Iterable[DeclaredResource]) -> list[tuple[str, str]]:
    """Every baseline policy over fully known resources: ``(urn, message)`` pairs.

    Used by the offline plan, where nothing is unknown; an unknown outcome is a violation.
    """
    listed = list(resources)
    decisions = [
        (r.urn, check(r.type, r.props))
        for r in listed
        for check in (ingress_from_anywhere, firewall_group_enforcing, router_gateway_untranslated)
    ]
    decisions += [(r.urn, image_pool_protection(r.type, r.props, r.protect)) for r in listed]
    decisions += firewall_policies_end_in_deny(listed)
    return [
        (urn, message)
        for urn, decision in decisions
        for message in decision.violations + [f"unknown: {u}" for u in decision.unknown]
    ]
