"""The security baseline policies: a compliant stack passes, each violation is reported."""

import pytest

from medinfra.cloud import policies
from medinfra.cloud.plan import declared_resources
from medinfra.cloud.policies import (
    CONTAINER,
    FW_GROUP,
    FW_POLICY,
    FW_RULE,
    SG_RULE,
    SHARE,
    UNKNOWN,
    VOLUME_TYPE,
    DeclaredResource,
    firewall_group_enforcing,
    firewall_policies_end_in_deny,
    image_pool_protection,
    ingress_from_anywhere,
    share_replication,
    validate_resources,
)
from tests.cloud.conftest import EXAMPLES, example_plan


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_stack_is_compliant(name):
    assert validate_resources(declared_resources(example_plan(name))) == []


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (
            {"action": "allow", "protocol": "tcp", "destinationPort": "104"},
            ["firewall rule allows 0.0.0.0/0 to protected port(s) 104"],
        ),
        (
            {
                "action": "allow",
                "protocol": "tcp",
                "sourceIpAddress": "0.0.0.0/0",
                "destinationPort": "11000:12000",
            },
            ["firewall rule allows 0.0.0.0/0 to protected port(s) 11112"],
        ),
        (
            {"action": "allow", "protocol": "tcp", "destinationPort": "2575"},
            ["firewall rule allows 0.0.0.0/0 to protected port(s) 2575"],
        ),
        (
            {"action": "allow", "protocol": "any"},
            ["firewall rule allows 0.0.0.0/0 to protected port(s) 104, 2575, 11112"],
        ),
        (
            {
                "action": "allow",
                "protocol": "tcp",
                "destinationPort": "443",
                "description": "his-web: his (his) a -> b",
            },
            ["firewall rule allows 0.0.0.0/0 to a his service"],
        ),
        (
            {
                "action": "allow",
                "protocol": "tcp",
                "destinationPort": "443",
                "description": "portal: image-viewer (image_viewer) portal -> viewer",
            },
            [],
        ),
        (
            {
                "action": "allow",
                "protocol": "tcp",
                "sourceIpAddress": "10.0.0.0/8",
                "destinationPort": "104",
            },
            [],
        ),
        ({"action": "deny", "protocol": "any"}, []),
    ],
)
def test_firewall_rules_open_to_anywhere(props, expected):
    assert ingress_from_anywhere(FW_RULE, props).violations == expected


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (
            {
                "direction": "ingress",
                "protocol": "tcp",
                "portRangeMin": 104.0,
                "portRangeMax": 104.0,
                "remoteIpPrefix": "0.0.0.0/0",
            },
            ["security group rule admits 0.0.0.0/0 to protected port(s) 104"],
        ),
        (
            {"direction": "ingress", "protocol": "tcp", "portRangeMin": 1, "portRangeMax": 65535},
            ["security group rule admits 0.0.0.0/0 to protected port(s) 104, 2575, 11112"],
        ),
        (
            {
                "direction": "ingress",
                "protocol": "tcp",
                "portRangeMin": 104,
                "portRangeMax": 104,
                "remoteGroupId": "sg-1",
            },
            [],
        ),
        (
            {
                "direction": "egress",
                "protocol": "tcp",
                "portRangeMin": 104,
                "portRangeMax": 104,
                "remoteIpPrefix": "0.0.0.0/0",
            },
            [],
        ),
        (
            {
                "direction": "ingress",
                "protocol": "tcp",
                "portRangeMin": 443,
                "portRangeMax": 443,
                "remoteIpPrefix": "0.0.0.0/0",
            },
            [],
        ),
    ],
)
def test_security_group_rules_open_to_anywhere(props, expected):
    assert ingress_from_anywhere(SG_RULE, props).violations == expected


@pytest.mark.parametrize(
    ("resource_type", "props", "violations", "unknown"),
    [
        # Known violating values decide even when other properties are unknown.
        (
            SG_RULE,
            {
                "direction": "ingress",
                "portRangeMin": 104,
                "portRangeMax": 104,
                "remoteIpPrefix": "0.0.0.0/0",
                "securityGroupId": UNKNOWN,
                "tenantId": UNKNOWN,
            },
            ["security group rule admits 0.0.0.0/0 to protected port(s) 104"],
            [],
        ),
        (
            FW_RULE,
            {"action": "allow", "destinationPort": "104", "projectId": UNKNOWN},
            ["firewall rule allows 0.0.0.0/0 to protected port(s) 104"],
            [],
        ),
        (
            SG_RULE,
            {
                "direction": "ingress",
                "portRangeMin": 104,
                "portRangeMax": 104,
                "remoteIpPrefix": "::/0",
            },
            ["security group rule admits 0.0.0.0/0 to protected port(s) 104"],
            [],
        ),
        # A known value that rules the violation out decides too.
        (
            SG_RULE,
            {"direction": "egress", "portRangeMin": UNKNOWN, "remoteIpPrefix": UNKNOWN},
            [],
            [],
        ),
        (FW_RULE, {"action": "deny", "sourceIpAddress": UNKNOWN}, [], []),
        (FW_RULE, {"action": "allow", "enabled": False, "destinationPort": "104"}, [], []),
        # Unknown values that could make it a violation: checked at pulumi up.
        (
            SG_RULE,
            {
                "direction": "ingress",
                "portRangeMin": 104,
                "portRangeMax": 104,
                "remoteIpPrefix": UNKNOWN,
            },
            [],
            ["remoteIpPrefix"],
        ),
        (
            FW_RULE,
            {"action": "allow", "sourceIpAddress": "0.0.0.0/0", "destinationPort": UNKNOWN},
            [],
            ["ports"],
        ),
    ],
)
def test_ingress_decides_on_known_values_and_names_the_unknown(
    resource_type, props, violations, unknown
):
    decision = ingress_from_anywhere(resource_type, props)
    assert (decision.violations, decision.unknown) == (violations, unknown)


@pytest.mark.parametrize(
    ("props", "violations", "unknown"),
    [
        (
            {
                "adminStateUp": True,
                "ingressFirewallPolicyId": "i",
                "egressFirewallPolicyId": "e",
                "ports": ["p"],
            },
            [],
            [],
        ),
        (
            {
                "adminStateUp": False,
                "ingressFirewallPolicyId": "i",
                "egressFirewallPolicyId": "e",
                "ports": ["p"],
            },
            ["firewall group does not enforce: adminStateUp is False"],
            [],
        ),
        (
            {
                "adminStateUp": True,
                "ingressFirewallPolicyId": "i",
                "egressFirewallPolicyId": "e",
                "ports": [],
            },
            ["firewall group does not enforce: ports is []"],
            [],
        ),
        (
            {
                "adminStateUp": True,
                "ingressFirewallPolicyId": UNKNOWN,
                "egressFirewallPolicyId": UNKNOWN,
                "ports": UNKNOWN,
            },
            [],
            ["ingressFirewallPolicyId", "egressFirewallPolicyId", "ports"],
        ),
    ],
)
def test_firewall_group_must_be_up_with_policies_and_ports(props, violations, unknown):
    decision = firewall_group_enforcing(FW_GROUP, props)
    assert (decision.violations, decision.unknown) == (violations, unknown)


def _rule(name, **props):
    return DeclaredResource(FW_RULE, name, f"urn:{name}", {"id": f"id-{name}", **props})


def _policy(name, *rules):
    return DeclaredResource(
        FW_POLICY, name, f"urn:{name}", {"rules": [r.props["id"] for r in rules]}
    )


def test_firewall_policy_ending_in_deny_passes_and_each_other_ending_is_reported():
    allow = _rule(
        "a", action="allow", protocol="tcp", destinationPort="104", sourceIpAddress="10.0.0.0/8"
    )
    deny_all = _rule("d", action="deny", protocol="any")
    off = _rule("o", action="deny", protocol="any", enabled=False)
    narrow_deny = _rule("n", action="deny", protocol="tcp", destinationPort="22")
    permit_all = _rule("p", action="allow", protocol="any")
    resources = [
        allow,
        deny_all,
        off,
        narrow_deny,
        permit_all,
        _policy("good", allow, deny_all),
        _policy("narrow", allow, narrow_deny),
        _policy("open", allow, permit_all),
        _policy("disabled-deny", allow, off),
        # The order is the policy's own list: the deny first is not an ending deny.
        _policy("reordered", deny_all, allow),
        _policy("empty"),
        DeclaredResource(FW_POLICY, "dangling", "urn:dangling", {"rules": ["id-x"]}),
        DeclaredResource(FW_POLICY, "preview", "urn:preview", {"rules": ["id-a", UNKNOWN]}),
    ]
    decisions = dict(firewall_policies_end_in_deny(resources))
    assert {urn: d.violations for urn, d in decisions.items()} == {
        "urn:good": [],
        "urn:narrow": [
            "last rule n is not a catch-all deny (action deny, protocol tcp, destination port 22)"
        ],
        "urn:open": [
            "last rule p is not a catch-all deny (action allow, protocol any, destination port None)"
        ],
        "urn:disabled-deny": [
            "last rule a is not a catch-all deny (action allow, protocol tcp, destination port 104)"
        ],
        "urn:reordered": [
            "last rule a is not a catch-all deny (action allow, protocol tcp, destination port 104)"
        ],
        "urn:empty": ["firewall policy has no enabled rules; it must end in an explicit deny"],
        "urn:dangling": ["rules id-x are not rules of this stack"],
        "urn:preview": [],
    }
    assert decisions["urn:preview"].unknown == ["rules"]


def _container(**props):
    base = {
        "name": "p",
        "metadata": {policies.POOL: "p", policies.HOLDS_IMAGES: "true"},
        "versioning": True,
        "containerSyncTo": "//r/c/AUTH_x/q",
        "containerSyncKey": "k",
    }
    return {k: v for k, v in (base | props).items() if v is not None}


@pytest.mark.parametrize(
    ("resource_type", "props", "protect", "violations", "unknown"),
    [
        (CONTAINER, _container(), True, [], []),
        (CONTAINER, _container(containerSyncTo=None), True, [], []),  # a target: key only
        (
            CONTAINER,
            _container(containerSyncTo=None, containerSyncKey=None),
            True,
            ["image store p has no replication configured"],
            [],
        ),
        (
            CONTAINER,
            _container(),
            False,
            ["image store p is not protected (pulumi protect) against deletion"],
            [],
        ),
        (CONTAINER, _container(versioning=False), True, ["image store p has versioning off"], []),
        # Labels prove nothing: a worm/dr-target label does not replace the properties.
        (
            CONTAINER,
            _container(
                containerSyncTo=None,
                containerSyncKey=None,
                metadata={policies.POOL: "p", policies.WORM: "true", policies.DR_TARGET: "q"},
            ),
            True,
            ["image store p has no replication configured"],
            [],
        ),
        (
            CONTAINER,
            _container(containerSyncTo=UNKNOWN, containerSyncKey=UNKNOWN),
            UNKNOWN,
            [],
            ["replication", "protect"],
        ),
        (
            CONTAINER,
            _container(
                metadata={policies.HOLDS_IMAGES: "false"},
                versioning=False,
                containerSyncKey=None,
                containerSyncTo=None,
            ),
            False,
            [],
            [],
        ),
        (
            VOLUME_TYPE,
            {"name": "v", "extraSpecs": {"replication_enabled": "<is> True"}},
            True,
            [],
            [],
        ),
        (
            VOLUME_TYPE,
            {"name": "v", "extraSpecs": {"medinfra:pool": "v"}},
            True,
            ["image store v has no replication configured"],
            [],
        ),
        (
            SHARE,
            {"name": "s"},
            False,
            ["image store s is not protected (pulumi protect) against deletion"],
            [],
        ),
    ],
)
def test_image_store_protection_from_enforcing_properties(
    resource_type, props, protect, violations, unknown
):
    decision = image_pool_protection(resource_type, props, protect)
    assert (decision.violations, decision.unknown) == (violations, unknown)


@pytest.mark.parametrize(
    ("outputs", "violations", "unknown"),
    [
        ({"name": "s", "replicationType": "dr"}, [], []),
        ({"name": "s", "replicationType": UNKNOWN}, [], ["replicationType"]),
        (
            {"name": "s", "replicationType": ""},
            ["image share s has no replication type (its share type must set one)"],
            [],
        ),
        ({"name": "s", "metadata": {policies.HOLDS_IMAGES: "false"}}, [], []),
    ],
)
def test_image_shares_need_a_replication_type(outputs, violations, unknown):
    decision = share_replication(SHARE, outputs)
    assert (decision.violations, decision.unknown) == (violations, unknown)


def test_an_unprotected_or_unsynced_container_in_a_plan_is_reported():
    plan = example_plan("union-shenzhen-campus")
    resources = declared_resources(plan)
    tampered = [
        DeclaredResource(r.type, r.name, r.urn, {**r.props, "containerSyncKey": None}, False)
        if r.type == CONTAINER
        else r
        for r in resources
    ]
    violations = validate_resources(tampered)
    assert sorted(message for _, message in violations) == [
        "image store union-pacs-archive has no replication configured",
        "image store union-pacs-archive is not protected (pulumi protect) against deletion",
    ]
    assert all(urn.endswith("::union-pacs-archive-container") for urn, _ in violations)
