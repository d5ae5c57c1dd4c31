"""The offline plan runner: fresh mock runtime per run, stable order, JSON document."""

import json

from medinfra.cloud.plan import DISCLAIMER, plan_topology
from medinfra.cloud.plan_view import key_properties
from tests.cloud.conftest import EXAMPLES, example


def test_several_plans_in_one_process_do_not_leak_into_each_other():
    first = plan_topology(example("union-shenzhen-campus"))
    other = plan_topology(example("henan-provincial-hospital"))
    again = plan_topology(example("union-shenzhen-campus"))
    assert [r.urn for r in first.resources] == [r.urn for r in again.resources]
    assert [r.properties for r in first.resources] == [r.properties for r in again.resources]
    assert not any("hpph" in r.name for r in again.resources)
    assert all(
        r.urn.startswith("urn:pulumi:henan-provincial-hospital::healthcare-cloud::")
        for r in other.resources
    )


def test_parents_name_the_component_that_declared_the_resource():
    plan = plan_topology(example("union-shenzhen-campus"))
    parents = {
        r.name: plan.parent_name(r) for r in plan.resources if r.type.startswith("openstack:")
    }
    assert parents["union-pacs-1"] == "union-pacs"
    assert parents["union-pacs-hot-volume-type"] == "union-pacs-hot"
    assert parents["union-pacs-fw-ingress"] == "union-pacs-fw"
    assert parents["union-route-10.60.0.0-16"] == "union-router"
    components = {
        r.name: plan.parent_name(r) for r in plan.resources if r.type.startswith("medinfra:")
    }
    assert components["union"] is None
    assert components["union-pacs"] == "union"
    assert components["union-router"] == "union"
    assert "union-campus" not in components, "the on-premises campus zone has no network"


def test_json_document_carries_disclaimer_counts_and_every_resource():
    plan = plan_topology(example("longgang-regional-imaging"))
    document = json.loads(json.dumps(plan.to_json()))
    assert document["kind"] == "offline-plan"
    assert document["disclaimer"] == DISCLAIMER
    assert document["total"] == len(document["resources"]) == sum(document["counts"].values())
    assert document["stack"] == "longgang-regional-imaging"


def test_active_active_stack_is_named_after_its_data_centre_and_holds_its_pools():
    plan = plan_topology(example("henan-telemedicine"))
    assert plan.stack == "henan-telemedicine"
    from medinfra.cloud.program import StackSelection

    hezhi = plan_topology(
        example("henan-telemedicine"), StackSelection("zzu-dc-hezhi", ("telemed-images-hezhi",))
    )
    assert hezhi.stack == "henan-telemedicine-zzu-dc-hezhi"
    pools = [r.name for r in hezhi.resources if r.type == "medinfra:cloud:StoragePool"]
    assert pools == ["telemed-images-hezhi"]
    policy = "openstack:firewall/policyV2:PolicyV2"
    assert hezhi.counts()[policy] == plan.counts()[policy], "the same firewalls in each stack"
    rules = "openstack:firewall/ruleV2:RuleV2"
    # the zones' own side is only Hezhi's ranges (tests/cloud/test_data_centre_rules.py)
    assert hezhi.counts()[rules] < plan.counts()[rules]


def test_key_properties_show_what_a_rule_does():
    plan = plan_topology(example(EXAMPLES[0]))
    policy = next(r for r in plan.resources if r.name == "hpph-pacs-fw-ingress")
    rule = next(r for r in plan.resources if r.id == policy.properties["rules"][0])
    assert key_properties(rule) == (
        "action=allow protocol=tcp sourceIpAddress=10.20.0.0/16 destinationIpAddress=10.30.1.0/24 destinationPort=104"
    )
