"""The management route: a model route beside the device's own is added as ECMP, and the
proof must see that an added equal-cost next hop takes part of the management flows.

Each case adds the model's route lines to the real-layout brownfield dump of its platform
(tests/fixtures/brownfield), computes the *scoped* remediation as a push does (the device's
own route stays: routes are keyed by next hop), and asserts the proof's exact verdict. The
device's own routes: the AR's ``ip route-static 0.0.0.0 0.0.0.0 10.0.10.2``, the NE's
``ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254`` (its
management port sits in that vpn-instance), the OLT's ``ip route-static 0.0.0.0 0.0.0.0
10.250.20.254``; the management network is 10.250.0.0/24.
"""

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import NamedTuple

import pytest

from medinfra.model import Device, ManagedMode, Platform
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.mgmt_gate import management_verdict
from medinfra.push.mgmt_path import ManagementContext, prove
from medinfra.push.protect import ProtectOptions

FIXTURES = Path(__file__).parents[1] / "fixtures" / "brownfield"
NETWORKS = (IPv4Network("10.250.0.0/24"),)
V8, AR, OLT = Platform.HUAWEI_VRPV8, Platform.HUAWEI_VRP, Platform.HUAWEI_SMARTAX


@dataclass(frozen=True)
class Dump:
    file: str
    route: str
    """The device's own management route: the model's lines go after it."""
    interface: str
    address: str


DUMPS = {
    AR: Dump(
        "UNION-CPE-01.cfg",
        "ip route-static 0.0.0.0 0.0.0.0 10.0.10.2",
        "GigabitEthernet0/0/0",
        "10.250.10.1/24",
    ),
    V8: Dump(
        "NS-DC-PE-01.cfg",
        "ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254",
        "GigabitEthernet0/0/0",
        "10.250.1.1/24",
    ),
    OLT: Dump(
        "UNION-OLT-01.cfg",
        "ip route-static 0.0.0.0 0.0.0.0 10.250.20.254",
        "meth0",
        "10.250.20.1/24",
    ),
}
OAM = "ip route-static vpn-instance __LOCAL_OAM_VPN__"
ROUTE = "breaks the management route: the route to the management network 10.250.0.0/24"


def _half(old: str, hop: str, flows: int = 2) -> str:
    return (
        f"({old}) gains the equal-cost next hop {hop}: 1 of every {flows} flows to it would "
        f"leave through {hop} (a wrong next hop cuts those flows only: management half-cut)"
    )


class Case(NamedTuple):
    name: str
    platform: Platform
    lines: list[str]
    """The model's route lines, added after the device's own management route."""
    verdict: str | None
    """What follows "`LAST LINE` breaks the management route: the route to the management
    network 10.250.0.0/24": the break is on the last line added; None: no break."""
    own: tuple[str, ...] = ()
    """More route lines the device already holds."""


OWN_ECMP = ("ip route-static 0.0.0.0 0.0.0.0 10.0.10.3",)
"""The AR already shares its default route over two next hops of its own."""

CASES = [
    # the same next hop: the traffic leaves as before
    Case(
        "ar-same-hop-attributes",
        AR,
        ["ip route-static 0.0.0.0 0.0.0.0 10.0.10.2 description wan"],
        None,
    ),
    Case(
        "ar-same-hop-via-port",
        AR,
        ["ip route-static 0.0.0.0 0 GigabitEthernet0/0/1 10.0.10.2"],
        None,
    ),
    Case("ar-same-hop-specific", AR, ["ip route-static 10.250.0.0 255.255.0.0 10.0.10.2"], None),
    Case("v8-same-hop-specific", V8, [f"{OAM} 10.250.0.0 255.255.0.0 10.250.1.254"], None),
    Case(
        "olt-same-hop-specific", OLT, ["ip route-static 10.250.0.0 255.255.0.0 10.250.20.254"], None
    ),
    # another next hop, same preference: added as ECMP beside the device's own -> half-cut
    Case(
        "ar-other-hop",
        AR,
        ["ip route-static 0.0.0.0 0.0.0.0 10.0.10.6"],
        _half("0.0.0.0/0 via 10.0.10.2", "10.0.10.6"),
    ),
    Case(
        "ar-other-hop-mask-length",
        AR,
        ["ip route-static 0.0.0.0 0 10.0.10.6 preference 60 description second-uplink"],
        _half("0.0.0.0/0 via 10.0.10.2", "10.0.10.6"),
    ),
    Case(
        "ar-blackhole",
        AR,
        ["ip route-static 0.0.0.0 0.0.0.0 NULL0"],
        _half("0.0.0.0/0 via 10.0.10.2", "NULL0"),
    ),
    Case(
        "v8-oam-other-hop",
        V8,
        [f"{OAM} 0.0.0.0 0.0.0.0 10.250.1.253"],
        _half("0.0.0.0/0 via 10.250.1.254", "10.250.1.253"),
    ),
    Case(
        "v8-oam-other-hop-with-port",
        V8,
        [f"{OAM} 0.0.0.0 0.0.0.0 GigabitEthernet0/0/0 10.250.1.253 description backup"],
        _half("0.0.0.0/0 via 10.250.1.254", "10.250.1.253"),
    ),
    Case(
        "olt-other-hop",
        OLT,
        ["ip route-static 0.0.0.0 0.0.0.0 10.250.20.253"],
        _half("0.0.0.0/0 via 10.250.20.254", "10.250.20.253"),
    ),
    Case(
        # a more specific route inside the management network: another device's management
        # LAN (the OLT behind its CPE), not the way to the management station
        "ar-specific-inside-elsewhere",
        AR,
        ["ip route-static 10.250.0.128 255.255.255.128 10.0.10.6"],
        None,
    ),
    Case(
        "ar-same-and-other-hop-specific",
        AR,
        [
            "ip route-static 10.250.0.0 255.255.0.0 10.0.10.2",
            "ip route-static 10.250.0.0 255.255.0.0 10.0.10.6",
        ],
        _half("0.0.0.0/0 via 10.0.10.2", "10.0.10.6"),
    ),
    # another preference: a floating backup carries nothing while the route is up; a more
    # preferred route takes all of it
    Case("ar-backup", AR, ["ip route-static 0.0.0.0 0.0.0.0 10.0.10.6 preference 100"], None),
    Case("v8-oam-backup", V8, [f"{OAM} 0.0.0.0 0.0.0.0 10.250.1.253 preference 255"], None),
    Case("olt-backup", OLT, ["ip route-static 0.0.0.0 0.0.0.0 10.250.20.253 preference 70"], None),
    Case(
        "ar-preferred",
        AR,
        ["ip route-static 0.0.0.0 0.0.0.0 10.0.10.6 preference 10"],
        "(0.0.0.0/0 via 10.0.10.2) changes: now 0.0.0.0/0 via 10.0.10.6",
    ),
    Case(
        "v8-oam-preferred",
        V8,
        [f"{OAM} 0.0.0.0 0.0.0.0 10.250.1.253 preference 1 description preference 99"],
        "(0.0.0.0/0 via 10.250.1.254) changes: now 0.0.0.0/0 via 10.250.1.253",
    ),
    Case(
        "ar-backup-in-name-only",
        AR,
        ["ip route-static 0.0.0.0 0.0.0.0 10.0.10.6 description preference 100"],
        _half("0.0.0.0/0 via 10.0.10.2", "10.0.10.6"),
    ),
    # routes that carry no management traffic
    Case("v8-public-default", V8, ["ip route-static 0.0.0.0 0.0.0.0 10.0.0.9"], None),
    Case(
        "v8-other-vpn",
        V8,
        ["ip route-static vpn-instance CLINIC 10.250.0.0 255.255.0.0 10.9.9.9"],
        None,
    ),
    Case(
        "ar-vpn-default",
        AR,
        ["ip route-static vpn-instance CLINIC 0.0.0.0 0.0.0.0 10.0.10.6"],
        None,
    ),
    Case("ar-imaging-ecmp", AR, ["ip route-static 10.60.0.0 255.255.0.0 192.168.10.250"], None),
    Case("ar-other-network", AR, ["ip route-static 10.251.0.0 255.255.0.0 10.0.10.6"], None),
    # a device already sharing its management route over two next hops of its own
    Case(
        "ar-sharing-model-states-one-of-them",
        AR,
        ["ip route-static 0.0.0.0 0.0.0.0 10.0.10.3 description model"],
        None,
        OWN_ECMP,
    ),
    Case(
        "ar-sharing-model-adds-a-third",
        AR,
        ["ip route-static 0.0.0.0 0.0.0.0 10.0.10.6"],
        _half("0.0.0.0/0 via 10.0.10.2, 10.0.10.3", "10.0.10.6", flows=3),
        OWN_ECMP,
    ),
]


def _running(platform: Platform, own: tuple[str, ...] = ()) -> str:
    """The platform's brownfield dump, with ``own`` after its management route."""
    dump = DUMPS[platform]
    running = (FIXTURES / dump.file).read_text(encoding="utf-8")
    assert dump.route in running
    return running.replace(dump.route, "\n".join([dump.route, *own]), 1)


def _prove(
    platform: Platform, lines: list[str], source: str | None = None, own: tuple[str, ...] = ()
) -> list[str]:
    """The proof's breaks when the model adds ``lines`` (the device also holds ``own``)."""
    dump = DUMPS[platform]
    running = _running(platform, own)
    intended = running.replace(dump.route, "\n".join([dump.route, *lines]), 1)
    scope = ScopeContext(ManagedMode.SCOPED, dump.interface, login="noc")
    plan = safe_remediation(platform, running, intended, scope)
    assert not plan.empty, "the model's route must be added"
    assert not any(line.startswith("undo ") for line in plan.remediation.commands)
    context = ManagementContext(
        dump.interface,
        IPv4Address(dump.address.split("/")[0]),
        NETWORKS,
        "noc",
        IPv4Address(source) if source else None,
    )
    return [str(found) for found in prove(platform, context, running, plan.remediation.diff)]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_model_route_beside_the_devices_own(case: Case) -> None:
    expected = [f"`{case.lines[-1]}` {ROUTE} {case.verdict}"] if case.verdict else []
    assert _prove(case.platform, case.lines, own=case.own) == expected


SESSION = "10.0.99.7"
SESSION_ROUTE = "ip route-static 10.0.99.0 255.255.255.0 10.0.10.2"


OTHER_HOP = "ip route-static 10.0.99.0 255.255.255.0 10.0.10.6"
PART = "ip route-static 10.250.0.128 255.255.255.128 10.0.10.6"


@pytest.mark.parametrize(
    ("source", "added", "message"),
    [
        (
            SESSION,
            OTHER_HOP,
            f"`{OTHER_HOP}` breaks the management route: the route to this controller "
            f"({SESSION}) (10.0.99.0/24 via 10.0.10.2) gains the equal-cost next hop 10.0.10.6",
        ),
        (None, OTHER_HOP, None),  # not a management route unless the controller is there
        ("10.250.0.9", OTHER_HOP, None),
        (
            "10.250.0.200",
            PART,
            f"`{PART}` breaks the management route: the route to this controller (10.250.0.200) "
            "(0.0.0.0/0 via 10.0.10.2) changes: now 10.250.0.128/25 via 10.0.10.6",
        ),
        ("10.250.0.9", PART, None),  # the controller's half keeps its route
    ],
    ids=["outside", "unknown", "elsewhere", "inside-moved", "inside-kept"],
)
def test_the_route_to_this_controller_keeps_its_next_hops(
    source: str | None, added: str, message: str | None
) -> None:
    """The push's own session is management traffic too: the route to its address may not
    gain or change a next hop, outside the management networks (a jump host) or inside them
    (a more specific route that takes the controller's part)."""
    breaks = _prove(AR, [added], source, own=(SESSION_ROUTE,))
    if message is None:
        assert breaks == []
    else:
        (found,) = breaks
        assert found.startswith(message), found


def _device(platform: Platform) -> Device:
    return Device.model_validate(
        {
            "hostname": "DEV-1",
            "platform": platform.value,
            "role": "cpe",
            "management": {"address": DUMPS[platform].address},
            "credentials": "lab",
        }
    )


@pytest.mark.parametrize(
    ("platform", "options", "refused", "said"),
    [
        (AR, ProtectOptions(), True, "if the change is intended, --allow-management-change"),
        (V8, ProtectOptions(), True, "if the change is intended, --allow-management-change"),
        (OLT, ProtectOptions(), True, "only --force pushes it"),
        (
            AR,
            ProtectOptions(reboot_minutes=5, allow_management_change=True),
            False,
            "management change allowed (--allow-management-change) under the reboot protection",
        ),
        (
            V8,
            ProtectOptions(trial_seconds=120, allow_management_change=True),
            False,
            "management change allowed (--allow-management-change) under the trial protection",
        ),
        (OLT, ProtectOptions(allow_management_change=True), True, "no unattended revert"),
        (OLT, ProtectOptions(force=True), False, "pushed with --force (unprotected"),
    ],
)
def test_an_added_next_hop_is_refused_unless_the_operator_overrides(
    platform: Platform, options: ProtectOptions, refused: bool, said: str
) -> None:
    dump = DUMPS[platform]
    running = _running(platform)
    hop = {AR: "10.0.10.6", V8: "10.250.1.253", OLT: "10.250.20.253"}[platform]
    line = dump.route.rsplit(" ", 1)[0] + f" {hop}"
    verdict = management_verdict(_device(platform), NETWORKS, "noc", running, line, options)
    (found,) = verdict.breaks
    assert found.line == line and f"gains the equal-cost next hop {hop}" in found.what
    if refused:
        assert verdict.refusal is not None and f"`{line}` breaks the management route" in (
            verdict.refusal
        )
        assert said in verdict.refusal
    else:
        assert verdict.refusal is None
        (note,) = verdict.notes
        assert said in note and line in note
