"""MI-SEC-012..014: what the baseline requires of the management plane against what the
model makes the renderer write; each rule with violating and satisfying fixtures."""

import pytest

from medinfra.model import SnmpAuth, SshHardening
from medinfra.render import render_topology
from tests.checks.conftest import evolve, example, findings
from tests.conftest import EXAMPLES

HPPH = "henan-provincial-hospital"


@pytest.mark.parametrize("rule_id", ["MI-SEC-012", "MI-SEC-013", "MI-SEC-014"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_satisfy(name: str, rule_id: str) -> None:
    assert findings(example(name), rule_id) == []


def test_the_compatible_ssh_profile_under_mlps_3_is_refused() -> None:
    copy = evolve(example(HPPH), ("baseline", "ssh_hardening"), SshHardening.COMPATIBLE)
    (finding,) = findings(copy, "MI-SEC-012")
    assert finding.path == ("baseline", "ssh_hardening")
    assert "requires strong cryptography; use ssh_hardening: strong" in finding.message
    # and the finding is about a line the renderer really writes
    text = next(c.text for c in render_topology(copy) if c.platform == "huawei_vrp")
    assert "ssh server dh-exchange min-len 2048" in text.splitlines()


def test_the_compatible_profile_is_fine_below_mlps_3() -> None:
    topology = example(HPPH)
    relaxed = evolve(
        topology,
        ("baseline",),
        topology.baseline.model_copy(
            update={"mlps_level": 2, "hipaa": False, "ssh_hardening": SshHardening.COMPATIBLE}
        ),
    )
    assert findings(relaxed, "MI-SEC-012") == []


def test_snmp_sha1_under_mlps_3_is_refused() -> None:
    copy = evolve(example(HPPH), ("management", "snmp", "auth_protocol"), SnmpAuth.SHA)
    (finding,) = findings(copy, "MI-SEC-013")
    assert finding.path == ("management", "snmp", "auth_protocol")
    assert "use auth_protocol: sha2-256" in finding.message
    text = next(c.text for c in render_topology(copy) if c.platform == "huawei_vrp")
    assert " authentication-mode sha cipher " in text


def test_a_lax_login_lockout_is_refused() -> None:
    topology = example(HPPH)
    lockout = topology.management.login_lockout.model_copy(
        update={"attempts": 8, "block_minutes": 2}
    )
    copy = evolve(topology, ("management", "login_lockout"), lockout)
    messages = {f.path[-1]: f.message for f in findings(copy, "MI-SEC-014")}
    assert messages == {
        "attempts": "8 wrong passwords before an account is blocked; the baseline allows at most 5",
        "block_minutes": (
            "a blocked account is released after 2 min; the baseline asks for at least 10"
        ),
    }
    text = next(c.text for c in render_topology(copy) if c.platform == "huawei_vrp")
    assert " local-aaa-user wrong-password retry-interval 5 retry-time 8 block-time 2" in text
