"""Which static routes the model owns: public and vpn-instance routes keyed alike.

A device holds as many routes to one prefix as it has next hops (ECMP, a floating backup, a
route the carrier's engineer added); the model owns only the ones it states. A route is the
instance, prefix, mask and next hop; its preference, tracking and description are attributes
of that route (re-entering it with another preference changes it). Before the key was made
consistent, a vpn-instance route was keyed by instance and prefix alone, so the model's route
took the device's own route to the same prefix for its own and the push undid it.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from medinfra.lab import run_lab
from medinfra.load import load_topology
from medinfra.model import ManagedMode, Platform
from medinfra.platforms import platform_for
from medinfra.platforms.scope import line_key
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions, push_device
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.order import is_removal
from medinfra.push.results import Outcome
from tests.conftest import INVENTORY
from tests.push.labkit import free_port, plan_for, push_env

HERE = Path(__file__).parent / "brownfield"
LAB_CONFIGS = HERE / "lab"
CAMPUS = "union-shenzhen-campus"
VPN = "ip route-static vpn-instance CLINIC"
PLATFORMS = (Platform.HUAWEI_VRP, Platform.HUAWEI_VRPV8)


def _config(*routes: str) -> str:
    """The NE brownfield device's running config with ``routes`` added."""
    base = (HERE / "ne_running.cfg").read_text()
    lines = "".join(f"{route}\n#\n" for route in routes)
    return base.replace("\nreturn", f"\n{lines}return")


def _plan(platform: Platform, running: str, intended: str, mode: ManagedMode = ManagedMode.SCOPED):
    context = ScopeContext(mode, "GigabitEthernet0/0/0", login="netadmin")
    return safe_remediation(platform, running, intended, context)


def _removals(commands: tuple[str, ...]) -> list[str]:
    return [command for command in commands if is_removal(command)]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("ip route-static 10.9.0.0 255.255.0.0 10.0.2.2", "10.9.0.0 255.255.0.0 10.0.2.2"),
        (
            "ip route-static 10.9.0.0 255.255.0.0 10.0.2.2 preference 70 track bfd-session b1",
            "10.9.0.0 255.255.0.0 10.0.2.2",
        ),
        (
            f"{VPN} 10.9.0.0 255.255.0.0 10.0.2.2",
            "vpn-instance CLINIC 10.9.0.0 255.255.0.0 10.0.2.2",
        ),
        (
            f"{VPN} 10.9.0.0 255.255.0.0 10.0.2.2 preference 70 description to core",
            "vpn-instance CLINIC 10.9.0.0 255.255.0.0 10.0.2.2",
        ),
        (
            "ip route-static 10.9.0.0 255.255.0.0 GigabitEthernet0/0/1 10.0.2.2 tag 7",
            "10.9.0.0 255.255.0.0 GigabitEthernet0/0/1 10.0.2.2",
        ),
        (
            f"{VPN} 10.9.0.0 16 vpn-instance CORE 10.0.2.2",
            "vpn-instance CLINIC 10.9.0.0 16 vpn-instance CORE 10.0.2.2",
        ),
        ("ip route-static 10.9.0.0 16 NULL0 bfd enable", "10.9.0.0 16 NULL0"),
    ],
)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_route_is_keyed_by_instance_prefix_mask_and_next_hop(
    platform: Platform, line: str, key: str
) -> None:
    assert line_key(platform_for(platform).scope, line, None) == ("route", key)


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("vpn", ["", "vpn-instance CLINIC "])
def test_the_device_own_route_to_the_same_prefix_stays_and_the_model_route_is_added(
    platform: Platform, vpn: str
) -> None:
    theirs = f"ip route-static {vpn}10.9.0.0 255.255.0.0 10.250.1.9"
    ours = f"ip route-static {vpn}10.9.0.0 255.255.0.0 10.250.1.7"
    plan = _plan(platform, _config(theirs), _config(ours))
    assert plan.remediation.commands == (ours,)
    assert theirs in [finding.line for finding in plan.unmanaged]
    assert plan.refusal() is None
    assert _plan(platform, _config(theirs, ours), _config(ours)).empty  # a second push


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("vpn", ["", "vpn-instance CLINIC "])
def test_the_model_route_changed_is_undone_exactly_and_the_device_route_is_left(
    platform: Platform, vpn: str
) -> None:
    theirs = f"ip route-static {vpn}10.9.0.0 255.255.0.0 10.250.1.9 preference 70"
    old = f"ip route-static {vpn}10.9.0.0 255.255.0.0 10.250.1.7"
    new = f"{old} preference 40 description clinic"
    plan = _plan(platform, _config(theirs, old), _config(new))
    assert plan.remediation.commands == (f"undo {old}", new)
    assert theirs in [finding.line for finding in plan.unmanaged]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("vpn", ["", "vpn-instance CLINIC "])
def test_a_route_removed_from_a_full_device_is_undone_by_its_own_words(
    platform: Platform, vpn: str
) -> None:
    """``managed: full``: the model's copy of the device lacks a route, so it goes, and its
    ``undo`` names that route only (instance, prefix, mask, next hop; not the preference)."""
    kept = f"ip route-static {vpn}10.9.0.0 255.255.0.0 10.250.1.7"
    gone = f"ip route-static {vpn}10.9.0.0 255.255.0.0 GigabitEthernet1/0/9 10.250.1.9"
    running = _config(kept, f"{gone} preference 70 tag 5")
    plan = _plan(platform, running, _config(kept), ManagedMode.FULL)
    assert _removals(plan.remediation.commands) == [f"undo {gone}"]
    assert plan.remediation.commands == (f"undo {gone}",)


OWN = "ip route-static vpn-instance __LOCAL_OAM_VPN__ 10.99.0.0 255.255.0.0 10.250.1.9"
MODEL = "ip route-static vpn-instance __LOCAL_OAM_VPN__ 10.99.0.0 255.255.0.0 10.250.1.7"


@pytest.mark.lab
@pytest.mark.slow
def test_a_push_over_ssh_leaves_the_device_vpn_route_and_adds_and_changes_the_model_one(
    tmp_path: Path,
) -> None:
    """The brownfield NE40E (lab, 127.0.220.x) holds its own route of the OAM VPN to a prefix
    the model routes via another next hop: the push adds the model's route beside it, a
    second push changes nothing, and a new preference undoes and re-adds only the model's."""
    topology = load_topology(INVENTORY / CAMPUS).topology
    host = "NS-DC-PE-01"
    state = tmp_path / "lab"
    configs = {host: LAB_CONFIGS / f"{host}.cfg"}
    with run_lab(
        topology, state, base_address="127.0.220.1", port=free_port(), configs=configs
    ) as lab:
        lab.apply_lines(host, [OWN])
        (job,) = plan_for(CAMPUS, state, hostnames=[host]).jobs
        store = load_store(push_env(topology))
        locks = tmp_path / "locks"
        with_route = replace(
            job, intended=job.intended.replace("\nreturn", f"\n{MODEL}\n#\nreturn")
        )
        first = push_device(with_route, store, PushOptions(lock_dir=locks))
        assert first.outcome is Outcome.CHANGED, first.error
        assert f"{MODEL}\n" in first.diff + "\n" and OWN not in first.diff
        lines = lab.running_config(host).splitlines()
        assert OWN in lines and MODEL in lines
        assert (
            push_device(with_route, store, PushOptions(lock_dir=locks)).outcome is Outcome.UNCHANGED
        )
        newer = replace(job, intended=with_route.intended.replace(MODEL, f"{MODEL} preference 40"))
        changed = push_device(newer, store, PushOptions(lock_dir=locks))  # a new run
        assert changed.outcome is Outcome.CHANGED, changed.error
        lines = lab.running_config(host).splitlines()
        assert OWN in lines and f"{MODEL} preference 40" in lines and MODEL not in lines
