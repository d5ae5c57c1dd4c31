"""The hardened management plane on the AR CPEs and the NE edges: management services bound
to the management port (and the OAM vpn-instance on an NE), SSH only with the algorithms of
the baseline's profile, login-failure blocking, time zone, SNMPv3 SHA2-256 + AES with a
notify view and traps."""

import pytest

from medinfra.model import SshHardening
from medinfra.render import render_topology
from medinfra.render.hardening import SSH_PROFILES
from tests.checks.conftest import evolve
from tests.conftest import EXAMPLES
from tests.render.conftest import children, config_of, example, rendered

ROUTERS = [
    (name, config.hostname, config.platform)
    for name in EXAMPLES
    for config in rendered(name)
    if config.platform in ("huawei_vrp", "huawei_vrpv8")
]
STRONG = SSH_PROFILES[SshHardening.STRONG]


@pytest.mark.parametrize(("name", "hostname", "platform"), ROUTERS)
def test_management_services_leave_from_the_management_port(
    name: str, hostname: str, platform: str
) -> None:
    plane = example(name).management
    lines = config_of(name, hostname).splitlines()
    port = "GigabitEthernet0/0/0"
    vpn = " vpn-instance __LOCAL_OAM_VPN__" if platform == "huawei_vrpv8" else ""
    for server in plane.ntp_servers:
        assert f"ntp-service unicast-server {server}{vpn} source-interface {port}" in lines
    for server in plane.syslog_servers:
        assert f"info-center loghost {server}{vpn}" in lines
    assert f"info-center loghost source {port}" in lines
    assert plane.snmp is not None
    for target in plane.snmp.targets:
        assert (
            f"snmp-agent target-host trap address udp-domain {target}{vpn} params securityname "
            f"{plane.snmp.user} v3 privacy"
        ) in lines
    assert f"snmp-agent trap source {port}" in lines
    ssh_source = (
        f"ssh server-source -i {port}"
        if platform == "huawei_vrpv8"
        else f"ssh server permit interface {port}"
    )
    assert ssh_source in lines


@pytest.mark.parametrize(("name", "hostname", "platform"), ROUTERS)
def test_ssh_only_with_the_strong_profile_under_mlps_level_3(
    name: str, hostname: str, platform: str
) -> None:
    assert example(name).baseline.ssh_profile is SshHardening.STRONG
    lines = config_of(name, hostname).splitlines()
    assert "undo telnet server enable" in lines
    assert "telnet server enable" not in lines
    assert "ssh server acl 2000" in lines
    assert f"ssh server cipher {' '.join(STRONG.ciphers)}" in lines
    assert f"ssh server hmac {' '.join(STRONG.hmacs)}" in lines
    assert f"ssh server key-exchange {' '.join(STRONG.key_exchange)}" in lines
    assert "ssh server dh-exchange min-len 3072" in lines
    assert not any("cbc" in line or "sha1" in line or "md5" in line for line in lines)
    assert "clock timezone BJ add 08:00:00" in lines


@pytest.mark.parametrize(("name", "hostname", "platform"), ROUTERS)
def test_accounts_are_blocked_after_five_wrong_passwords(
    name: str, hostname: str, platform: str
) -> None:
    aaa = children(config_of(name, hostname), "aaa")
    assert aaa[-1] == "local-aaa-user wrong-password retry-interval 5 retry-time 5 block-time 30"


@pytest.mark.parametrize(("name", "hostname", "platform"), ROUTERS)
def test_snmpv3_sha2_aes256_and_a_notify_view_so_traps_are_sent(
    name: str, hostname: str, platform: str
) -> None:
    snmp = example(name).management.snmp
    assert snmp is not None
    lines = config_of(name, hostname).splitlines()
    assert "snmp-agent mib-view included iso-view iso" in lines
    assert any("notify-view iso-view" in line for line in lines if "snmp-agent group" in line)
    user = f"snmp-agent usm-user v3 {snmp.user}"
    assert f"{user} authentication-mode sha2-256 cipher <<secret:{snmp.auth_secret}>>" in lines
    assert f"{user} privacy-mode aes256 cipher <<secret:{snmp.priv_secret}>>" in lines
    assert "snmp-agent trap enable" in lines


def test_a_baseline_without_mlps_3_gets_the_compatible_profile_unless_it_asks() -> None:
    topology = example("multi-branch-hospital")
    relaxed = evolve(
        topology,
        ("baseline",),
        topology.baseline.model_copy(update={"mlps_level": 2, "hipaa": False}),
    )
    assert relaxed.baseline.ssh_profile is SshHardening.COMPATIBLE
    text = next(c.text for c in render_topology(relaxed) if c.platform == "huawei_vrp")
    assert "ssh server dh-exchange min-len 2048" in text.splitlines()
    assert "dh_group14_sha1" in text
    strict = evolve(relaxed, ("baseline", "ssh_hardening"), SshHardening.STRONG)
    text = next(c.text for c in render_topology(strict) if c.platform == "huawei_vrp")
    assert "ssh server dh-exchange min-len 3072" in text.splitlines()
