"""The security baseline policies: a compliant stack passes, each violation is reported."""

import pytest

from medinfra.cloud import policies
from medinfra.cloud.plan import declared_resources
from medinfra.cloud.policies import (
    CONTAINER,
    FW_POLICY,
    FW_RULE,
    SG_RULE,
    SHARE,
    VOLUME_TYPE,
    DeclaredResource,
    firewall_policies_end_in_deny,
    image_pool_protection,
    ingress_from_anywhere,
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
    assert ingress_from_anywhere(FW_RULE, props) == expected


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
    assert ingress_from_anywhere(SG_RULE, props) == expected


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
    narrow_deny = _rule("n", action="deny", protocol="tcp", destinationPort="22")
    permit_all = _rule("p", action="allow", protocol="any")
    resources = [
        allow,
        deny_all,
        narrow_deny,
        permit_all,
        _policy("good", allow, deny_all),
        _policy("narrow", allow, narrow_deny),
        _policy("open", allow, permit_all),
        _policy("empty"),
        DeclaredResource(FW_POLICY, "dangling", "urn:dangling", {"rules": ["id-x"]}),
    ]
    assert firewall_policies_end_in_deny(resources) == [
        (
            "urn:narrow",
            "last rule n is not a catch-all deny (action deny, protocol tcp, destination port 22)",
        ),
        (
            "urn:open",
            "last rule p is not a catch-all deny (action allow, protocol any, destination port None)",
        ),
        ("urn:empty", "firewall policy has no rules; it must end in an explicit deny"),
        ("urn:dangling", "rules id-x are not in this stack"),
    ]


def _metadata(**changes):
    base = {
        policies.POOL: "p",
        policies.HOLDS_IMAGES: "true",
        policies.WORM: "true",
        policies.BASELINE: "mlps-3",
        policies.DR_TARGET: "q",
    }
    return {k: v for k, v in (base | changes).items() if v is not None}


@pytest.mark.parametrize("resource_type", [CONTAINER, SHARE])
def test_protected_image_pool_passes(resource_type):
    assert image_pool_protection(resource_type, {"metadata": _metadata(), "versioning": True}) == []


@pytest.mark.parametrize(
    ("metadata", "versioning", "expected"),
    [
        (
            _metadata(**{policies.DR_TARGET: None}),
            True,
            ["image pool p has no disaster-recovery copy"],
        ),
        (_metadata(**{policies.DR_TARGET: None, policies.REPLICA_OF: "o"}), True, []),
        (_metadata(**{policies.WORM: "false"}), True, ["image pool p is not immutable (worm)"]),
        (_metadata(), False, ["image container p has versioning off"]),
        (
            _metadata(
                **{policies.BASELINE: "mlps-2", policies.WORM: "false", policies.DR_TARGET: None}
            ),
            False,
            [],
        ),
        (
            _metadata(**{policies.BASELINE: "hipaa", policies.WORM: "false"}),
            True,
            ["image pool p is not immutable (worm)"],
        ),
        (_metadata(**{policies.HOLDS_IMAGES: "false", policies.WORM: "false"}), False, []),
    ],
)
def test_image_container_violations(metadata, versioning, expected):
    assert (
        image_pool_protection(CONTAINER, {"metadata": metadata, "versioning": versioning})
        == expected
    )


def test_volume_type_reads_extra_specs():
    specs = _metadata(**{policies.WORM: "false"})
    assert image_pool_protection(VOLUME_TYPE, {"extraSpecs": specs}) == [
        "image pool p is not immutable (worm)"
    ]
    assert image_pool_protection("openstack:networking/network:Network", {"metadata": specs}) == []


def test_a_non_worm_image_pool_in_a_plan_is_reported():
    plan = example_plan("union-shenzhen-campus")
    resources = declared_resources(plan)
    tampered = [
        DeclaredResource(
            r.type,
            r.name,
            r.urn,
            {**r.props, "metadata": {**r.props["metadata"], policies.WORM: "false"}},
        )
        if r.type == CONTAINER
        else r
        for r in resources
    ]
    (violation,) = validate_resources(tampered)
    assert violation[1] == "image pool union-pacs-archive is not immutable (worm)"
    assert violation[0].endswith("::union-pacs-archive-container")
