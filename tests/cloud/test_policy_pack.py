"""The pulumi-policy shell: each validate callback reports what the pure functions find."""

from types import SimpleNamespace

from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy

from medinfra.cloud import policies
from medinfra.cloud.policy_pack import (
    baseline_policies,
    validate_firewalls_end_in_deny,
    validate_image_pools,
    validate_no_open_ingress,
)


class Reporter:
    def __init__(self):
        self.calls = []

    def __call__(self, message, urn=None):
        self.calls.append((message, urn))


def test_pack_has_three_mandatory_policies():
    pack = baseline_policies()
    assert [p.name for p in pack] == [
        "no-open-ingress-to-dicom-or-his",
        "image-pools-replicated-and-immutable",
        "zone-firewalls-end-in-deny",
    ]
    assert [type(p) for p in pack] == [
        ResourceValidationPolicy,
        ResourceValidationPolicy,
        StackValidationPolicy,
    ]
    assert all(p.enforcement_level is EnforcementLevel.MANDATORY for p in pack)


def test_open_dicom_security_group_rule_is_reported():
    report = Reporter()
    args = SimpleNamespace(
        resource_type=policies.SG_RULE,
        urn="urn:r",
        props={
            "direction": "ingress",
            "protocol": "tcp",
            "portRangeMin": 11112,
            "portRangeMax": 11112,
        },
    )
    validate_no_open_ingress(args, report)
    assert report.calls == [
        ("security group rule admits 0.0.0.0/0 to protected port(s) 11112", None)
    ]


def test_compliant_container_reports_nothing_and_unreplicated_one_is_reported():
    metadata = {
        policies.POOL: "p",
        policies.WORM: "true",
        policies.BASELINE: "mlps-3",
        policies.DR_TARGET: "q",
    }
    report = Reporter()
    validate_image_pools(
        SimpleNamespace(
            resource_type=policies.CONTAINER,
            urn="u",
            props={"metadata": metadata, "versioning": True},
        ),
        report,
    )
    assert report.calls == []
    metadata.pop(policies.DR_TARGET)
    validate_image_pools(
        SimpleNamespace(
            resource_type=policies.CONTAINER,
            urn="u",
            props={"metadata": metadata, "versioning": True},
        ),
        report,
    )
    assert report.calls == [("image pool p has no disaster-recovery copy", None)]


def _resource(resource_type, name, props, rules=()):
    return SimpleNamespace(
        resource_type=resource_type,
        name=name,
        urn=f"urn:{name}",
        props=props,
        property_dependencies={"rules": list(rules)} if rules else {},
    )


def test_stack_policy_reads_rules_from_property_dependencies_in_order():
    allow = _resource(
        policies.FW_RULE, "allow", {"action": "allow", "protocol": "tcp", "destinationPort": "443"}
    )
    deny = _resource(policies.FW_RULE, "deny", {"action": "deny", "protocol": "any"})
    good = _resource(policies.FW_POLICY, "good", {}, [allow, deny])
    bad = _resource(policies.FW_POLICY, "bad", {}, [deny, allow])
    report = Reporter()
    validate_firewalls_end_in_deny(SimpleNamespace(resources=[allow, deny, good, bad]), report)
    assert report.calls == [
        (
            "last rule allow is not a catch-all deny (action allow, protocol tcp, destination port 443)",
            "urn:bad",
        ),
    ]


def test_stack_policy_orders_rules_by_listed_ids_when_rules_show_them():
    allow = _resource(policies.FW_RULE, "allow", {"id": "r1", "action": "allow", "protocol": "tcp"})
    deny = _resource(policies.FW_RULE, "deny", {"id": "r2", "action": "deny", "protocol": "any"})
    # Dependencies in the wrong order, the listed ids in the right one: passes.
    good = _resource(policies.FW_POLICY, "good", {"rules": ["r1", "r2"]}, [deny, allow])
    bad = _resource(policies.FW_POLICY, "bad", {"rules": ["r2", "r1"]}, [allow, deny])
    report = Reporter()
    validate_firewalls_end_in_deny(SimpleNamespace(resources=[good, bad]), report)
    assert report.calls == [
        (
            "last rule allow is not a catch-all deny (action allow, protocol tcp, destination port None)",
            "urn:bad",
        ),
    ]
