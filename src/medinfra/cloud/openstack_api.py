"""Rules the OpenStack APIs enforce, as pure functions (no Pulumi).

The stack program builds its resources so that these hold, the ``MI-CLD`` checks of
``medinfra validate`` report a model that would break them, and the tests assert them over
every example. Each rule cites the service that enforces it (DOMAIN.md section 10).
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import ip_network

KEYSTONE_TAG = re.compile(r"^[^,/]*$")
"""Keystone project tags: no comma and no slash (keystone/common/validation/parameter_types)."""
KEYSTONE_TAG_MAX = 255
"""Keystone project tags are at most 255 characters."""

MANILA_DEFAULT_GIGABYTES = 1000
"""Manila's default per-project quota of share gigabytes."""
MANILA_DEFAULT_SHARES = 50
"""Manila's default per-project quota of shares."""

BACKEND_CAPABILITIES = frozenset({"volume_backend_name", "replication_enabled"})
"""Unscoped Cinder extra-spec keys every driver reports as a capability (the scheduler's
CapabilitiesFilter matches them against the backend); any other key must be scoped."""


def tag_problem(tag: str) -> str | None:
    """Why Keystone refuses ``tag``, or None when it is valid.

    Examples:
        >>> tag_problem("baseline:mlps-3+hipaa") is None
        True
        >>> tag_problem("baseline:mlps-3,hipaa")
        "tag 'baseline:mlps-3,hipaa' holds a comma or slash (Keystone: ^[^,/]*$)"
    """
    if not KEYSTONE_TAG.match(tag):
        return f"tag {tag!r} holds a comma or slash (Keystone: ^[^,/]*$)"
    if len(tag) > KEYSTONE_TAG_MAX:
        return f"tag {tag[:40]!r}... is {len(tag)} characters (Keystone: at most 255)"
    return None


def extra_spec_is_scoped(key: str) -> bool:
    """True when Cinder's CapabilitiesFilter accepts ``key`` on any backend.

    Scoped keys (``scope:key``) other than ``capabilities:`` are ignored by the filter;
    ``capabilities:x`` and the well-known capabilities are matched against what the driver
    reports, which every driver does for the keys of :data:`BACKEND_CAPABILITIES`.

    Examples:
        >>> [extra_spec_is_scoped(k) for k in ("medinfra:pool", "medinfra-pool",
        ...     "volume_backend_name", ":x")]
        [True, False, True, False]
    """
    scope, _, name = key.partition(":")
    return bool(scope and name) or key in BACKEND_CAPABILITIES


def _prefix(value: str | None) -> str | None:
    """A remote prefix normalised the way Neutron compares it (0.0.0.0/0 is no prefix)."""
    if value in (None, ""):
        return None
    network = ip_network(str(value), strict=False)
    return None if network.prefixlen == 0 else str(network)


@dataclass(frozen=True, order=True)
class NeutronRuleKey:
    """What Neutron compares to refuse a duplicate security-group rule (description excluded)."""

    direction: str
    ethertype: str
    protocol: str | None
    port_min: int | None
    port_max: int | None
    remote_ip_prefix: str | None
    remote_group_id: str | None = None

    @classmethod
    def of(
        cls,
        direction: str,
        ethertype: str,
        *,
        protocol: str | None,
        port_min: int | None,
        port_max: int | None,
        remote_ip_prefix: str | None,
        remote_group_id: str | None = None,
    ) -> "NeutronRuleKey":
        """The key with Neutron's normalisation: any protocol is None, 0.0.0.0/0 no prefix."""
        proto = None if protocol in (None, "", "any") else str(protocol).lower()
        return cls(
            direction,
            ethertype,
            proto,
            port_min,
            port_max if port_min is not None else None,
            _prefix(remote_ip_prefix),
            remote_group_id or None,
        )

    def digest(self) -> str:
        """Eight hex digits naming the key (stable across runs and policy reordering)."""
        return content_digest(repr(self))


def content_digest(*parts: object) -> str:
    """Eight hex digits of the parts' text: resource names that follow content, not position.

    Examples:
        >>> content_digest("ingress", "tcp", 104)
        '9305ec20'
    """
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def duplicates(keys: Iterable[NeutronRuleKey]) -> list[NeutronRuleKey]:
    """The keys that occur more than once (Neutron answers 409 SecurityGroupRuleExists)."""
    seen: set[NeutronRuleKey] = set()
    repeated: list[NeutronRuleKey] = []
    for key in keys:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    return repeated
