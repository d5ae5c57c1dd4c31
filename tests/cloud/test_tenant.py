"""HospitalTenant under Pulumi's mocks: project, quotas, routers, provider, staff groups."""

import pytest

from medinfra.cloud.errors import CloudError
from medinfra.cloud.plan import run_offline
from medinfra.cloud.sizing import TenantQuotaPlan, plan_quotas
from medinfra.cloud.tenant import HospitalTenant, HospitalTenantArgs
from medinfra.model.cloud import StaffGroup
from tests.cloud.conftest import EXAMPLES, example

PROJECT = "openstack:identity/project:Project"
COMPUTE = "openstack:compute/quotaSetV2:QuotaSetV2"
NETWORK = "openstack:networking/quotaV2:QuotaV2"
BLOCK = "openstack:blockstorage/quoteSetV3:QuoteSetV3"
ROUTER = "openstack:networking/router:Router"
ROUTE = "openstack:networking/routerRoute:RouterRoute"
PROVIDER = "pulumi:providers:openstack"
ASSIGNMENT = "openstack:identity/roleAssignment:RoleAssignment"
GROUP = "openstack:identity/groupV3:GroupV3"


def _declare(tenant, quotas: TenantQuotaPlan, data_centre=None):
    def program():
        component = HospitalTenant(
            tenant.id,
            HospitalTenantArgs(tenant, "topo", "mlps-3", "RegionOne", quotas, data_centre),
        )
        return component.project_id

    return run_offline(program, "test")


@pytest.mark.parametrize("name", EXAMPLES)
def test_quotas_equal_the_model(name):
    tenant = example(name).cloud.tenants[0]
    quotas = plan_quotas(tenant, security_group_rules=12)
    records, project_id = _declare(tenant, quotas)
    by_type = {}
    for record in records:
        by_type.setdefault(record.type, []).append(record)
    assert [len(by_type[t]) for t in (PROJECT, COMPUTE, NETWORK, BLOCK, PROVIDER)] == [1] * 5
    (project,) = by_type[PROJECT]
    assert project_id == project.id
    assert project.properties["name"] == tenant.id
    assert project.properties["description"] == tenant.name
    compute = by_type[COMPUTE][0].properties
    assert (compute["instances"], compute["cores"], compute["ram"]) == (
        tenant.quotas.instances,
        tenant.quotas.cores,
        tenant.quotas.ram_gb * 1024,
    )
    assert compute["projectId"] == project.id
    network = by_type[NETWORK][0].properties
    assert (network["network"], network["securityGroupRule"]) == (tenant.quotas.networks, 16)
    block = by_type[BLOCK][0].properties
    assert (block["volumes"], block["gigabytes"]) == (quotas.volumes, quotas.volume_gigabytes)
    assert bool(block["volumes"]) == bool(block["gigabytes"]), "no volumes without gigabytes"
    (provider,) = by_type[PROVIDER]
    assert provider.properties["tenantId"] == project.id, "the tenant provider is its project's"
    (operator,) = [r for r in by_type[ASSIGNMENT] if "userId" in r.properties]
    assert (operator.properties["projectId"], operator.properties["roleId"]) == (
        project.id,
        "<role:member>",
    )
    component_urn = next(r.urn for r in records if r.type == "medinfra:cloud:HospitalTenant")
    router_urn = next(r.urn for r in records if r.type == "medinfra:cloud:TenantRouter")
    children = [r for r in records if r.type != "medinfra:cloud:HospitalTenant"]
    assert all(r.parent_urn in (component_urn, router_urn) for r in children), (
        "children need parent=self"
    )
    assert all(r.parent_urn == router_urn for r in children if r.type in (ROUTER, ROUTE))


def test_one_router_reaches_the_edge_of_its_data_centre_and_tags_name_the_data_centre():
    tenant = example("henan-telemedicine").cloud.tenants[0]
    records, _ = _declare(tenant, plan_quotas(tenant, 0), data_centre="zzu-dc-hezhi")
    (router,) = [r for r in records if r.type == ROUTER]
    assert router.properties["name"] == "telemed-province-router"
    assert router.properties["externalNetworkId"] == "<network:hezhi-handoff>"
    # its gateway on the handoff subnet and on the data centre's management LAN
    assert router.properties["externalFixedIps"] == [
        {"ipAddress": "10.130.254.4"},
        {"ipAddress": "10.253.2.254"},
    ]
    assert router.properties["enableSnat"] is False
    routes = [
        (r.properties["routerId"], r.properties["destinationCidr"], r.properties["nextHop"])
        for r in records
        if r.type == ROUTE
    ]
    # the hospitals, and the Zhengdong cloud's own ranges of the zones: both via the Hezhi edge
    assert routes == [
        (router.id, network, "10.130.254.1")
        for network in ("10.120.0.0/14", "10.130.1.0/24", "10.130.2.0/24", "10.253.0.0/24")
    ], "the hezhi edge, not zhengdong"
    (project,) = [r for r in records if r.type == PROJECT]
    assert "data-centre:zzu-dc-hezhi" in project.properties["tags"]
    assert "kind:shared_platform" in project.properties["tags"]
    assert project.properties["name"] == "telemed-province-zzu-dc-hezhi", (
        "the two data centres' stacks never claim one Keystone name"
    )


def test_a_tenant_without_uplinks_gets_a_router_without_gateway_or_routes():
    tenant = example("multi-branch-hospital").cloud.tenants[0]
    cloud_only = tenant.model_copy(
        update={"zones": tenant.cloud_zones, "uplinks": (), "policies": ()}
    )
    records, _ = _declare(cloud_only, plan_quotas(cloud_only, 0))
    (router,) = [r for r in records if r.type == ROUTER]
    assert "externalNetworkId" not in router.properties
    assert "enableSnat" not in router.properties
    assert not [r for r in records if r.type == ROUTE]


def test_staff_groups_get_their_role_on_the_project_and_bad_tags_are_refused():
    tenant = example("multi-branch-hospital").cloud.tenants[0]
    staff = tenant.model_copy(
        update={
            "staff": (
                StaffGroup(id="radiology", name="Radiologists", role="member"),
                StaffGroup(id="audit", name="Auditors", role="reader"),
            )
        }
    )
    records, project_id = _declare(staff, plan_quotas(staff, 0), data_centre="dc-1")
    groups = {r.id: r.properties["name"] for r in records if r.type == GROUP}
    assert sorted(groups.values()) == ["mbh-dc-1-audit", "mbh-dc-1-radiology"]
    grants = {
        (groups[r.properties["groupId"]], r.properties["roleId"])
        for r in records
        if r.type == ASSIGNMENT and "groupId" in r.properties
    }
    assert grants == {("mbh-dc-1-radiology", "<role:member>"), ("mbh-dc-1-audit", "<role:reader>")}
    assert all(r.properties["projectId"] == project_id for r in records if r.type == ASSIGNMENT)
    with pytest.raises(CloudError, match=r"Keystone would refuse tag 'baseline:mlps-3,hipaa'"):

        def program():
            HospitalTenant(
                "t",
                HospitalTenantArgs(tenant, "topo", "mlps-3,hipaa", "R", plan_quotas(tenant, 0)),
            )

        run_offline(program, "test")
