"""Security baseline rules (MLPS level 3, HIPAA)."""

from medinfra.model import (
    LineTechnology,
    ManagementProtocol,
    PolicyAction,
    Protection,
    ZonePolicy,
)
from tests.checks.conftest import at, evolve, example, findings, site_index

HPPH = "henan-provincial-hospital"
LONGGANG = "longgang-regional-imaging"
SECURITY_RULES = [f"MI-SEC-{n:03d}" for n in range(1, 12)]


def test_examples_satisfy_every_security_rule() -> None:
    for name in (
        HPPH,
        LONGGANG,
        "henan-telemedicine",
        "multi-branch-hospital",
        "union-shenzhen-campus",
    ):
        for rule_id in SECURITY_RULES:
            assert findings(example(name), rule_id) == [], (name, rule_id)


def _add_policy(topology, **fields):  # type: ignore[no-untyped-def]
    tenant = topology.cloud.tenants[0]
    policy = ZonePolicy(name="added", action=PolicyAction.PERMIT, **fields)
    return evolve(topology, ("cloud", "tenants", 0, "policies"), (*tenant.policies, policy))


def test_default_permit() -> None:
    copy = evolve(example(HPPH), ("cloud", "tenants", 0, "default_action"), PolicyAction.PERMIT)
    (finding,) = findings(copy, "MI-SEC-001")
    assert "tenant hpph permits traffic no rule matches" in finding.message


def test_public_zone_to_dicom() -> None:
    copy = _add_policy(
        example(LONGGANG), source="portal", destination="archive", services=("pacs",)
    )
    messages = [f.message for f in findings(copy, "MI-SEC-002")]
    assert messages == [
        "tenant longgang-imaging policy 'added' permits public zone 'portal' to reach pacs "
        "service 'pacs'"
    ]
    # the same permit is also more than the patient portal may reach
    assert len(findings(copy, "MI-SEC-010")) == 1


def test_patient_portal_reaches_only_the_viewer() -> None:
    copy = _add_policy(
        example(LONGGANG), source="portal", destination="viewer", services=("video",)
    )
    (finding,) = findings(copy, "MI-SEC-010")
    assert "patient-facing zone 'portal' reach video service 'video'" in finding.message


def test_management_zone_required_and_exclusive() -> None:
    topology = example(HPPH)
    tenant = topology.cloud.tenants[0]
    without = evolve(topology, ("cloud", "tenants", 0, "zones"), tenant.zones[:-1])
    assert [f.message for f in findings(without, "MI-SEC-003")] == [
        "tenant hpph has no zone of kind management"
    ]
    reach = _add_policy(topology, source="clinical", destination="pacs", services=("mgmt",))
    (finding,) = findings(reach, "MI-SEC-004")
    assert "lets zone 'clinical' reach management service 'mgmt'" in finding.message


def test_clear_text_management_protocols() -> None:
    copy = evolve(
        example(HPPH),
        ("management", "protocols"),
        (ManagementProtocol.SSH, ManagementProtocol.TELNET),
    )
    (finding,) = findings(copy, "MI-SEC-005")
    assert finding.path == ("management", "protocols", 1)
    assert "management protocol telnet is clear text" in finding.message


def test_ntp_and_syslog_required() -> None:
    copy = evolve(example(HPPH), ("management", "ntp_servers"), ())
    copy = evolve(copy, ("management", "syslog_servers"), ())
    assert findings(copy, "MI-SEC-006")[0].message == "no NTP server in management.ntp_servers"
    assert "no audit-log target" in findings(copy, "MI-SEC-007")[0].message


def test_unencrypted_line_under_level_3_and_internet_vpn_always() -> None:
    topology = example(HPPH)
    s = site_index(topology, "xincai-branch")
    copy = evolve(topology, ("sites", s, "uplinks", 0, "encrypted"), False)
    (finding,) = findings(copy, "MI-SEC-008")
    assert "xincai-otn-a' is not encrypted, but the baseline requires encryption" in finding.message
    level2 = copy.model_copy(
        update={"baseline": copy.baseline.model_copy(update={"mlps_level": 2})}
    )
    assert findings(level2, "MI-SEC-008") == []
    vpn = evolve(level2, ("sites", s, "uplinks", 0, "technology"), LineTechnology.INTERNET_VPN)
    assert "it crosses the Internet" in findings(vpn, "MI-SEC-008")[0].message


def test_level_3_redundancy() -> None:
    topology = example(HPPH)
    s = site_index(topology, "xincai-branch")
    copy = evolve(topology, ("sites", s, "wan_protection"), Protection.NONE)
    assert [f.message for f in findings(copy, "MI-SEC-009")] == [
        "branch xincai-branch has no 1+1 WAN protection (MLPS level 3)"
    ]
    dc = site_index(topology, "zz-central-plains-dc")
    one_edge = evolve(topology, ("sites", dc, "devices"), topology.sites[dc].devices[:1])
    assert (
        "data centre zz-central-plains-dc has 1 edge router(s)"
        in findings(one_edge, "MI-SEC-009")[0].message
    )


def test_administrators() -> None:
    topology = example(HPPH)
    users = at(topology, ("management", "local_users"))
    same_role = tuple(u.model_copy(update={"role": "Admin"}) for u in users)
    (finding,) = findings(evolve(topology, ("management", "local_users"), same_role), "MI-SEC-011")
    assert "2 local user(s) with 1 role(s)" in finding.message
