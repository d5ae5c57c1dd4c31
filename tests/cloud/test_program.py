"""The whole stack program on every example: counts per type, model numbers, order, baseline."""

import json
import runpy
from collections import Counter
from ipaddress import ip_network

import pytest

from medinfra.cloud.errors import CloudError
from medinfra.cloud.fwaas_rules import firewall_rules
from medinfra.cloud.plan import baseline_violations, peer_outputs, run_offline
from medinfra.cloud.ports import catalogue, service_matches
from medinfra.cloud.program import (
    StackSelection,
    base_egress,
    declare_cloud,
    load_checked,
    run_stack,
)
from medinfra.cloud.rule_specs import Direction
from medinfra.cloud.security_group_rules import security_group_rules
from medinfra.cloud.sizing import size_pool
from medinfra.cloud.zone_policies import is_patient_facing
from medinfra.model.cloud import PolicyAction, StorageProtocol, ZoneKind
from medinfra.model.services import ServiceKind
from tests.cloud.conftest import (
    EXAMPLES,
    STACK_DIR,
    example,
    example_plan,
    stack_configs,
    stack_topology,
)
from tests.conftest import replace_in

T = "openstack:"


def _expected_counts(topology):
    services = {s.id: s for s in topology.services}
    base, ntp = base_egress(topology)
    managed = topology.management.networks
    counts = Counter()
    for tenant in topology.cloud.tenants:
        ranges = sum(len(z.ranges) for z in tenant.zones)
        counts["medinfra:cloud:HospitalTenant"] += 1
        for key in (
            "identity/project:Project",
            "compute/quotaSetV2:QuotaSetV2",
            "networking/quotaV2:QuotaV2",
            "blockstorage/quoteSetV3:QuoteSetV3",
        ):
            counts[T + key] += 1
        counts["pulumi:providers:openstack"] += 1
        counts[T + "identity/roleAssignment:RoleAssignment"] += 1 + len(tenant.staff)
        if tenant.staff:
            counts[T + "identity/groupV3:GroupV3"] += len(tenant.staff)
        counts["medinfra:cloud:TenantRouter"] += 1
        counts[T + "networking/router:Router"] += 1
        on_premises = sum(len(z.ranges) for z in tenant.zones if z.on_premises)
        # the tenant of the management servers routes each management network to the edge
        servers = any(z.kind is ZoneKind.MANAGEMENT for z in tenant.cloud_zones)
        routes = on_premises + (len(managed) if servers else 0)
        if routes:
            counts[T + "networking/routerRoute:RouterRoute"] += routes
        cloud = tenant.cloud_zones
        for key in (
            "medinfra:cloud:ZoneNetwork",
            "medinfra:cloud:ZoneFirewall",
            T + "networking/network:Network",
            T + "firewall/groupV2:GroupV2",
            T + "networking/secGroup:SecGroup",
        ):
            counts[key] += len(cloud)
        counts[T + "firewall/policyV2:PolicyV2"] += 2 * len(cloud)
        counts[T + "networking/subnet:Subnet"] += ranges - on_premises
        counts[T + "networking/routerInterface:RouterInterface"] += ranges - on_premises
        assert all(p.action is PolicyAction.PERMIT for p in tenant.policies), "examples only permit"
        for zone in cloud:
            counts[T + "firewall/ruleV2:RuleV2"] += sum(
                len(firewall_rules(tenant, zone, services, d, base, ntp=ntp, managed=managed))
                for d in Direction
            )
            counts[T + "networking/secGroupRule:SecGroupRule"] += len(
                security_group_rules(tenant, zone, services, base, ntp, managed=managed)
            )
        storage = next((z for z in tenant.zones if z.kind is ZoneKind.STORAGE), None)
        for pool in tenant.storage_pools:
            counts["medinfra:cloud:StoragePool"] += 1
            if StorageProtocol.BLOCK in pool.protocols:
                counts[T + "blockstorage/volumeTypeV3:VolumeTypeV3"] += 1
                counts[T + "blockstorage/volumeTypeAccessV3:VolumeTypeAccessV3"] += 1
            if StorageProtocol.OBJECT in pool.protocols:
                counts[T + "objectstorage/container:Container"] += 1
            if StorageProtocol.FILE in pool.protocols:
                counts[T + "sharedfilesystem/share:Share"] += 1
                counts[T + "sharedfilesystem/shareNetwork:ShareNetwork"] += 1
                counts[T + "sharedfilesystem/shareAccess:ShareAccess"] += len(storage.ranges)
    return dict(sorted(counts.items()))


@pytest.mark.parametrize("name", EXAMPLES)
def test_resource_counts_per_type(name):
    assert example_plan(name).counts() == _expected_counts(example(name))


@pytest.mark.parametrize("name", EXAMPLES)
def test_quotas_and_capacities_equal_the_model(name):
    topology, plan = example(name), example_plan(name)
    props = {(r.type, r.name): r.properties for r in plan.resources}
    for tenant in topology.cloud.tenants:
        compute = props[(T + "compute/quotaSetV2:QuotaSetV2", f"{tenant.id}-compute")]
        assert (compute["instances"], compute["cores"], compute["ram"]) == (
            tenant.quotas.instances,
            tenant.quotas.cores,
            tenant.quotas.ram_gb * 1024,
        )
        assert (
            props[(T + "networking/quotaV2:QuotaV2", f"{tenant.id}-network")]["network"]
            == tenant.quotas.networks
        )
        block = props[(T + "blockstorage/quoteSetV3:QuoteSetV3", f"{tenant.id}-block")]
        assert block["gigabytes"] == sum(
            size_pool(p).logical_bytes // len(p.protocols) // 2**30
            for p in tenant.storage_pools
            if StorageProtocol.BLOCK in p.protocols
        )
        assert block["volumes"] == (tenant.quotas.volumes if block["gigabytes"] else 0)
        for pool in tenant.storage_pools:
            logical = size_pool(pool).logical_bytes // len(pool.protocols)
            if StorageProtocol.OBJECT in pool.protocols:
                container = props[(T + "objectstorage/container:Container", f"{pool.id}-container")]
                assert container["metadata"]["Quota-Bytes"] == str(logical)
                assert container["metadata"]["medinfra-raw-bytes"] == str(pool.raw_capacity)
                assert container["metadata"]["medinfra-retention-years"] == str(
                    pool.retention_years
                )
            if StorageProtocol.FILE in pool.protocols:
                share = props[(T + "sharedfilesystem/share:Share", f"{pool.id}-share")]
                assert share["size"] == logical // 2**30


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_firewall_policy_lists_rules_in_order_and_ends_in_default_deny(name):
    topology, plan = example(name), example_plan(name)
    services = catalogue(topology)
    base, ntp = base_egress(topology)
    managed = topology.management.networks
    rules = {r.id: r for r in plan.resources if r.type == T + "firewall/ruleV2:RuleV2"}
    policies = {r.name: r for r in plan.resources if r.type == T + "firewall/policyV2:PolicyV2"}
    assert policies
    for tenant in topology.cloud.tenants:
        assert not [
            name
            for name in policies
            for z in tenant.zones
            if z.on_premises
            if name.startswith(f"{tenant.id}-{z.id}-fw-")
        ], "an on-premises zone has no firewall of its own in the cloud"
        for zone in tenant.cloud_zones:
            for direction in Direction:
                policy = policies[f"{tenant.id}-{zone.id}-fw-{direction.value}"]
                declared = [rules[i] for i in policy.properties["rules"]]
                specs = firewall_rules(
                    tenant, zone, services, direction, base, ntp=ntp, managed=managed
                )
                assert [r.name for r in declared] == [s.name for s in specs], policy.urn
                assert all(r.properties["enabled"] is True for r in declared), policy.urn
                last = declared[-1].properties
                assert (last["action"], last["protocol"]) == ("deny", "any"), policy.urn
                assert [r.name.endswith("-default-deny") for r in declared] == [False] * (
                    len(declared) - 1
                ) + [True], policy.urn


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_declared_rule_lets_the_patient_portal_reach_more_than_the_viewer(name):
    topology, plan = example(name), example_plan(name)
    viewer_ports = {
        m.fwaas_port
        for s in topology.services
        if s.kind is ServiceKind.IMAGE_VIEWER
        for m in service_matches(s)
    }
    portal_ranges = [
        r for t in topology.cloud.tenants for z in t.zones if is_patient_facing(z) for r in z.ranges
    ]
    checked = 0
    for rule in (r for r in plan.resources if r.type == T + "firewall/ruleV2:RuleV2"):
        source = rule.properties.get("sourceIpAddress")
        if (
            rule.properties["action"] == "allow"
            and source
            and any(ip_network(source).subnet_of(r) for r in portal_ranges)
        ):
            assert rule.properties["destinationPort"] in viewer_ports, rule.name
            checked += 1
    # A topology with a patient portal has at least its rule towards the viewer.
    assert bool(checked) == bool(portal_ranges)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_meet_the_baseline_and_export_every_id(name):
    topology, plan = example(name), example_plan(name)
    assert baseline_violations(plan) == []
    assert sorted(plan.outputs["projects"]) == sorted(t.id for t in topology.cloud.tenants)
    assert len(plan.outputs["networks"]) == sum(len(t.cloud_zones) for t in topology.cloud.tenants)
    assert sorted(plan.outputs["routers"]) == sorted(t.id for t in topology.cloud.tenants)
    assert sorted(plan.outputs["storage_pools"]) == sorted(
        p.id for t in topology.cloud.tenants for p in t.storage_pools
    )
    ids = {r.id for r in plan.resources}
    assert set(plan.outputs["projects"].values()) <= ids


def test_every_example_has_a_stack_config_and_active_active_has_one_per_data_centre():
    configs = stack_configs()
    for name in EXAMPLES:
        topology = example(name)
        mine = {
            stack: c
            for stack, c in configs.items()
            if stack_topology(c) == (STACK_DIR / "../../inventory" / name).resolve()
        }
        assert mine, f"no stacks/healthcare-cloud/Pulumi.<stack>.yaml for inventory/{name}"
        if topology.data_centres.mode.value == "active-active":
            assert sorted(c["healthcare-cloud:data_centre"] for c in mine.values()) == sorted(
                topology.data_centres.sites
            )
            placed = [p for c in mine.values() for p in c["healthcare-cloud:storage_pools"]]
            assert sorted(placed) == sorted(
                p.id for t in topology.cloud.tenants for p in t.storage_pools
            )
        else:
            assert list(mine) == [name]


@pytest.mark.parametrize("stack", sorted(stack_configs()))
def test_stack_program_runs_from_each_stack_config(stack, monkeypatch):
    config = stack_configs()[stack]
    monkeypatch.chdir(STACK_DIR)
    settings = {
        key: value if isinstance(value, str) else json.dumps(value) for key, value in config.items()
    }
    settings["healthcare-cloud:container_sync_key"] = "test-key"
    name = stack_topology(config).name
    pools = config.get("healthcare-cloud:storage_pools")
    dc = config.get("healthcare-cloud:data_centre")
    selection = StackSelection(
        dc, tuple(pools) if pools else None, peer_stack=config.get("healthcare-cloud:peer_stack")
    )
    records, _ = run_offline(
        run_stack, stack, settings, peers=peer_outputs(example(name), selection)
    )
    expected = example_plan(name, dc, tuple(pools) if pools else None)
    assert dict(sorted(Counter(r.type for r in records).items())) == expected.counts()
    declared_pools = sorted(r.name for r in records if r.type == "medinfra:cloud:StoragePool")
    if pools:
        assert declared_pools == sorted(pools)


def test_stack_program_refuses_a_topology_with_load_errors(example_copy):
    path = example_copy("union-shenzhen-campus")
    replace_in(path / "topology.yaml", "destination: pacs", "destination: nowhere")
    with pytest.raises(
        CloudError, match=r"refusing to declare the cloud of topo: the topology has 1 error\(s\)"
    ) as caught:
        run_offline(run_stack, "broken", {"healthcare-cloud:topology": str(path)})
    assert "topo/topology.yaml:" in str(caught.value)
    assert "nowhere" in str(caught.value)


def test_stack_program_refuses_a_topology_with_error_findings(example_copy):
    path = example_copy("union-shenzhen-campus")
    replace_in(path / "topology.yaml", "ranges: [10.61.2.0/24]", "ranges: [10.61.1.0/24]")
    with pytest.raises(CloudError) as caught:
        run_offline(run_stack, "overlap", {"healthcare-cloud:topology": str(path)})
    message = str(caught.value)
    assert message.startswith("refusing to declare the cloud of topo: the topology has 1 error(s)")
    assert (
        "cloud.tenants[0].zones[2].ranges[0]: zone 'union/his' range 10.61.1.0/24 overlaps"
        in message
    )
    assert "[MI-ADDR-001]" in message


def test_unknown_data_centre_and_pool_are_refused():
    topology = example("henan-telemedicine")
    with pytest.raises(
        CloudError,
        match=r"data_centre 'dc-9' is not a data centre of henan-telemedicine; use one of: zzu-dc-zhengdong, zzu-dc-hezhi",
    ):
        declare_cloud(topology, StackSelection(data_centre="dc-9"))
    with pytest.raises(CloudError, match=r"storage_pools names unknown pool\(s\) nope"):
        declare_cloud(topology, StackSelection(storage_pools=("nope",)))


def test_load_checked_returns_the_model():
    assert (
        load_checked(STACK_DIR / "../../inventory/union-shenzhen-campus").topology.name
        == "union-shenzhen-campus"
    )


def test_stack_main_module_is_the_whole_program(monkeypatch):
    monkeypatch.chdir(STACK_DIR)
    config = {
        "healthcare-cloud:topology": "../../inventory/union-shenzhen-campus",
        "healthcare-cloud:container_sync_key": "k",
    }
    records, _ = run_offline(
        lambda: runpy.run_path(str(STACK_DIR / "__main__.py")) and None, "main", config
    )
    assert (
        dict(sorted(Counter(r.type for r in records).items()))
        == example_plan("union-shenzhen-campus").counts()
    )


def test_stack_without_a_sync_key_is_refused_when_pools_pair(monkeypatch):
    monkeypatch.chdir(STACK_DIR)
    config = {"healthcare-cloud:topology": "../../inventory/union-shenzhen-campus"}
    with pytest.raises(
        CloudError, match=r"pulumi config set --secret healthcare-cloud:container_sync_key"
    ):
        run_offline(run_stack, "nokey", config)


def test_first_stack_of_a_pair_goes_up_without_its_peer(monkeypatch):
    monkeypatch.chdir(STACK_DIR)
    config = {
        "healthcare-cloud:topology": "../../inventory/henan-telemedicine",
        "healthcare-cloud:data_centre": "zzu-dc-hezhi",
        "healthcare-cloud:storage_pools": json.dumps(["telemed-images-hezhi"]),
        "healthcare-cloud:peer_stack": "none",
        "healthcare-cloud:container_sync_key": "k",
    }
    records, _ = run_offline(run_stack, "first", config)
    assert not any(r.type == "pulumi:pulumi:StackReference" for r in records)
    (container,) = [r for r in records if r.type == T + "objectstorage/container:Container"]
    assert "containerSyncTo" not in container.properties
    assert container.properties["containerSyncKey"]["value"] == "k", "a secret; it accepts sync"
