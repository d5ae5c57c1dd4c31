"""The management-path proof holds the push's own controller to it, not only the model's
management networks.

A brownfield device is often reached from somewhere the model does not name: a jump host,
an operator's laptop on the hospital's NOC LAN. Pushing the model's vty ACL or the OLT's SSH
address ranges would then lock out the very controller making the change. The proof reads
the controller's address from its SSH socket (none through a tunnel or on loopback) and
requires it to be let in after the change whenever it was let in before.
"""

import socket
from collections.abc import Iterator
from ipaddress import IPv4Address
from types import SimpleNamespace

import pytest

from medinfra.model import ManagedMode, Platform
from medinfra.push import engine
from medinfra.push.connection import controller_address
from medinfra.push.engine import PushOptions
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.mgmt_path import ManagementContext, prove
from tests.lockout.test_mgmt_path import DEVICES, NETWORKS
from tests.lockout.test_mgmt_path import FIXTURES as DUMPS
from tests.push.labkit import BrownfieldLab, brownfield_lab, job_with_edits, push_job

V8, AR, OLT = Platform.HUAWEI_VRPV8, Platform.HUAWEI_VRP, Platform.HUAWEI_SMARTAX
JUMP_HOST = IPv4Address("192.168.100.50")
"""A controller outside the management networks (10.250.0.0/24)."""
INSIDE = IPv4Address("10.250.0.9")

AR_VTY_ACL = (
    "user-interface vty 0 4\n authentication-mode aaa\n",
    "user-interface vty 0 4\n acl 2000 inbound\n authentication-mode aaa\n",
)
OLT_RANGES = (
    " sysman service telnet disable",
    " sysman service telnet disable\n sysman ip-access ssh 10.250.0.0 10.250.0.255\n"
    " sysman firewall ssh enable",
)
V8_ROUTE = (
    "ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254",
    "ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254\n"
    "ip route-static vpn-instance __LOCAL_OAM_VPN__ 192.168.0.0 255.255.0.0 10.250.1.9",
)


def _breaks(platform: Platform, edit: tuple[str, str], controller: IPv4Address | None) -> list[str]:
    device = DEVICES[platform]
    running = (DUMPS / device.dump).read_text(encoding="utf-8")
    old, new = edit
    assert old in running, old
    scope = ScopeContext(ManagedMode.FULL, device.interface, "\x00", device.login)
    plan = safe_remediation(platform, running, running.replace(old, new, 1), scope)
    assert not plan.empty, "the edit must change something"
    context = ManagementContext(
        device.interface, IPv4Address(device.address), NETWORKS, device.login, controller
    )
    return [str(found) for found in prove(platform, context, running, plan.remediation.diff)]


CASES = [
    # (platform, edit, controller, the one break expected or None)
    (
        AR,
        AR_VTY_ACL,
        JUMP_HOST,
        "`user-interface vty 0 4 / acl 2000 inbound` breaks the login filter: logins from "
        "this controller (192.168.100.50) are refused: ACL 2000 (`user-interface vty 0 4 / "
        "acl 2000 inbound`) refuses it: rule 100 deny",
    ),
    (AR, AR_VTY_ACL, INSIDE, None),
    (AR, AR_VTY_ACL, None, None),
    (
        OLT,
        OLT_RANGES,
        JUMP_HOST,
        "`sysman firewall ssh enable` breaks the login filter: logins from this controller "
        "(192.168.100.50) are refused: the SSH address ranges: ",
    ),
    (OLT, OLT_RANGES, INSIDE, None),
    (
        V8,
        V8_ROUTE,
        JUMP_HOST,
        "`ip route-static vpn-instance __LOCAL_OAM_VPN__ 192.168.0.0 255.255.0.0 10.250.1.9` "
        "breaks the management route: the route to this controller (192.168.100.50) "
        "(0.0.0.0/0 via 10.250.1.254) changes: now 192.168.0.0/16 via 10.250.1.9",
    ),
    (V8, V8_ROUTE, None, None),
]


@pytest.mark.parametrize(("platform", "edit", "controller", "expected"), CASES)
def test_the_controller_outside_the_management_networks_is_kept_in(
    platform: Platform,
    edit: tuple[str, str],
    controller: IPv4Address | None,
    expected: str | None,
) -> None:
    breaks = _breaks(platform, edit, controller)
    if expected is None:
        assert breaks == []
    else:
        assert len(breaks) == 1, breaks
        assert breaks[0].startswith(expected), breaks[0]


def test_a_controller_already_shut_out_before_is_not_a_break_of_this_change() -> None:
    """Only what held before is required after: once the AR's vty lines filter with ACL 2000
    (10.250.0.0/16, then deny), a jump host was never let in, and a further change of that
    ACL that keeps the management networks is no break."""
    device = DEVICES[AR]
    running = (DUMPS / device.dump).read_text(encoding="utf-8").replace(*AR_VTY_ACL, 1)
    widened = running.replace(
        " rule 5 permit source 10.250.0.0 0.0.255.255\n",
        " rule 5 permit source 10.250.0.0 0.0.255.255\n rule 10 permit source 10.251.0.0 0.0.255.255\n",
        1,
    )
    scope = ScopeContext(ManagedMode.FULL, device.interface, "\x00", device.login)
    plan = safe_remediation(AR, running, widened, scope)
    assert not plan.empty
    context = ManagementContext(
        device.interface, IPv4Address(device.address), NETWORKS, device.login, JUMP_HOST
    )
    assert prove(AR, context, running, plan.remediation.diff) == ()


def _connection(sock: object) -> SimpleNamespace:
    transport = SimpleNamespace(sock=sock)
    return SimpleNamespace(remote_conn_pre=SimpleNamespace(get_transport=lambda: transport))


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (("192.168.100.50", 50022), JUMP_HOST),
        (("10.250.0.9", 50022), INSIDE),
        (("127.0.0.1", 50022), None),
        (("127.1.60.7", 50022), None),
        (("::1", 50022, 0, 0), None),
        (("fe80::1", 50022, 0, 2), None),
    ],
)
def test_the_controller_address_is_the_sockets_own_unless_it_cannot_be_known(
    local: tuple[object, ...], expected: IPv4Address | None
) -> None:
    sock = SimpleNamespace(getsockname=lambda: local)
    assert controller_address(_connection(sock)) == expected


def test_no_plain_socket_means_unknown() -> None:
    """Through a proxy command (a jump host) paramiko's transport has no socket address."""
    assert controller_address(_connection(SimpleNamespace())) is None
    with socket.socket() as unconnected:
        unconnected.close()
        assert controller_address(_connection(unconnected)) is None


# ---- over SSH: the push is refused before any line, and the device keeps its config ----

CPE = "UNION-CPE-01"


@pytest.fixture(scope="module")
def campus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrownfieldLab]:
    with brownfield_lab(tmp_path_factory.mktemp("controller-lab"), "127.2.10.1") as lab:
        yield lab


@pytest.mark.lab
@pytest.mark.slow
@pytest.mark.parametrize("check", [True, False])
def test_a_push_that_shuts_out_its_own_jump_host_is_refused_over_ssh(
    campus: BrownfieldLab, monkeypatch: pytest.MonkeyPatch, check: bool
) -> None:
    """The AR dump's vty lines filter nothing; the model puts ACL 2000 (10.250.0.0/16) on
    them. From a jump host at 192.168.100.50 (the lab's socket is on loopback, so the address
    is given at the connection boundary) the push is refused before any line is sent."""
    topology, lab, state = campus
    before = lab.running_config(CPE)
    monkeypatch.setattr(engine, "controller_address", lambda _connection: JUMP_HOST)
    result = push_job(topology, state, job_with_edits(state, CPE), PushOptions(check=check))
    assert result.refused and result.ended == "refused: management path"
    assert result.error is not None
    assert "refused: management path, nothing sent" in result.error
    assert (
        "`ssh server acl 2000` breaks the login filter: logins from this controller "
        "(192.168.100.50) are refused: ACL 2000 (`ssh server acl 2000`) refuses it: rule 100 deny"
    ) in result.error
    assert lab.running_config(CPE) == before


@pytest.mark.lab
@pytest.mark.slow
def test_the_same_push_from_inside_the_management_network_goes_through(
    campus: BrownfieldLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    topology, _lab, state = campus
    monkeypatch.setattr(engine, "controller_address", lambda _connection: INSIDE)
    result = push_job(topology, state, job_with_edits(state, CPE), PushOptions(check=True))
    assert result.changed and not result.failed, result.error
    assert not result.refused
