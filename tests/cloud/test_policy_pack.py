"""The pulumi-policy shell: known values decide, unknown ones are reported as checked at up."""

from types import SimpleNamespace

import pytest
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

from medinfra.cloud import policies
from medinfra.cloud.policy_pack import (
    baseline_policies,
    plain,
    validate_firewall_groups,
    validate_firewalls_end_in_deny,
    validate_image_pools,
    validate_image_shares,
    validate_no_open_ingress,
)

U = UNKNOWN_STRING_VALUE


class Reporter:
    def __init__(self):
        self.calls = []

    def __call__(self, message, urn=None):
        self.calls.append((message, urn))


def _args(resource_type, props, protect=False):
    """Resource validation args as pulumi-policy builds them: props behind its proxy."""
    return SimpleNamespace(
        resource_type=resource_type,
        urn=f"urn:{resource_type}",
        props=unknown_checking_proxy(props),
        opts=SimpleNamespace(protect=protect),
    )


def test_pack_has_six_mandatory_policies():
    pack = baseline_policies()
    assert [p.name for p in pack] == [
        "no-open-ingress-to-dicom-or-his",
        "image-pools-replicated-and-immutable",
        "zone-firewall-groups-enforce",
        "router-gateways-without-snat",
        "zone-firewalls-end-in-deny",
        "image-shares-replicated",
    ]
    assert [type(p) for p in pack] == [ResourceValidationPolicy] * 4 + [StackValidationPolicy] * 2
    assert all(p.enforcement_level is EnforcementLevel.MANDATORY for p in pack)


def test_plain_turns_proxied_unknowns_into_the_sentinel():
    props = unknown_checking_proxy({"a": U, "b": {"c": U, "d": 1}, "e": [U, "x"]})
    assert plain(props) == {
        "a": policies.UNKNOWN,
        "b": {"c": policies.UNKNOWN, "d": 1},
        "e": [policies.UNKNOWN, "x"],
    }


def test_open_dicom_rule_is_reported_during_preview_despite_unknown_ids():
    report = Reporter()
    props = {
        "direction": "ingress",
        "protocol": "tcp",
        "portRangeMin": 104,
        "portRangeMax": 104,
        "remoteIpPrefix": "0.0.0.0/0",
        "securityGroupId": U,
        "tenantId": U,
    }
    validate_no_open_ingress(_args(policies.SG_RULE, props), report)
    assert report.calls == [("security group rule admits 0.0.0.0/0 to protected port(s) 104", None)]


def test_a_rule_that_may_be_open_is_reported_as_checked_at_up():
    report = Reporter()
    props = {"direction": "ingress", "portRangeMin": 104, "portRangeMax": 104, "remoteIpPrefix": U}
    with pytest.raises(UnknownValueError) as caught:
        validate_no_open_ingress(_args(policies.SG_RULE, props), report)
    assert report.calls == []
    assert "remoteIpPrefix" in caught.value.message


def test_a_closed_rule_passes_during_preview():
    report = Reporter()
    props = {"direction": "ingress", "portRangeMin": 443, "portRangeMax": 443, "remoteIpPrefix": U}
    validate_no_open_ingress(_args(policies.SG_RULE, props), report)
    assert report.calls == []


def test_image_container_is_judged_by_protect_and_sync_not_labels():
    report = Reporter()
    props = {
        "name": "p",
        "versioning": True,
        "metadata": {policies.WORM: "true", policies.DR_TARGET: "q"},
    }
    validate_image_pools(_args(policies.CONTAINER, props, protect=False), report)
    assert [m for m, _ in report.calls] == [
        "image store p has no replication configured",
        "image store p is not protected (pulumi protect) against deletion",
    ]
    ok = Reporter()
    synced = {**props, "containerSyncTo": "//r/c/AUTH_a/q", "containerSyncKey": "k"}
    validate_image_pools(_args(policies.CONTAINER, synced, protect=True), ok)
    assert ok.calls == []


def test_firewall_group_down_is_reported():
    report = Reporter()
    props = {
        "adminStateUp": False,
        "ingressFirewallPolicyId": U,
        "egressFirewallPolicyId": U,
        "ports": [U],
    }
    validate_firewall_groups(_args(policies.FW_GROUP, props), report)
    assert report.calls == [("firewall group does not enforce: adminStateUp is False", None)]


def _resource(resource_type, logical, **props):
    return SimpleNamespace(
        resource_type=resource_type,
        name=logical,
        urn=f"urn:{logical}",
        props=unknown_checking_proxy(props),
        opts=SimpleNamespace(protect=False),
        # Dependencies come as a set: their order must not matter.
        property_dependencies={"rules": []},
    )


def test_stack_policy_orders_rules_by_the_policys_own_list():
    allow = _resource(policies.FW_RULE, "allow", id="r1", action="allow", protocol="tcp")
    deny = _resource(policies.FW_RULE, "deny", id="r2", action="deny", protocol="any")
    good = _resource(policies.FW_POLICY, "good", rules=["r1", "r2"])
    bad = _resource(policies.FW_POLICY, "bad", rules=["r2", "r1"])
    report = Reporter()
    validate_firewalls_end_in_deny(SimpleNamespace(resources=[deny, allow, good, bad]), report)
    assert report.calls == [
        (
            "last rule allow is not a catch-all deny (action allow, protocol tcp, "
            "destination port None)",
            "urn:bad",
        )
    ]


def test_stack_policy_with_unknown_rule_ids_reports_known_violations_then_unknown():
    deny = _resource(policies.FW_RULE, "deny", id="r2", action="allow", protocol="any")
    known = _resource(policies.FW_POLICY, "known", rules=["r2"])
    preview = _resource(policies.FW_POLICY, "preview", rules=[U, U])
    report = Reporter()
    with pytest.raises(UnknownValueError) as caught:
        validate_firewalls_end_in_deny(SimpleNamespace(resources=[deny, known, preview]), report)
    assert [urn for _, urn in report.calls] == ["urn:known"]
    assert "urn:preview.rules" in caught.value.message


def test_share_replication_is_decided_on_outputs():
    share = _resource(policies.SHARE, "s", name="s", replicationType="")
    report = Reporter()
    validate_image_shares(SimpleNamespace(resources=[share]), report)
    assert report.calls == [
        ("image share s has no replication type (its share type must set one)", "urn:s")
    ]
    preview = _resource(policies.SHARE, "s", name="s", replicationType=U)
    with pytest.raises(UnknownValueError):
        validate_image_shares(SimpleNamespace(resources=[preview]), Reporter())
