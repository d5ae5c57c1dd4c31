"""Pushes to brownfield devices over real SSH: only what the model owns changes.

The three devices of union-shenzhen-campus (AR CPE, NE40E edge, MA5800 OLT) start from
running configs that hold lines no template wrote (``brownfield/lab/``, within the lab's
grammar): another admin and AAA schemes, a LAN port with its address, a carrier
sub-interface, an ACL, a static route, vty/console authentication, the OAM VPN, an ONT with
its profiles, VLAN and service-port the model does not know. ``--check --diff`` lists them
as unmanaged and proposes none of them; a real push leaves each byte-identical and the
device reachable; a second push changes nothing.
"""

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.lab import run_lab
from medinfra.load import load_topology
from medinfra.model import ManagedMode
from medinfra.push.ansible_task import run_task
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions, push_device
from medinfra.push.results import Outcome
from tests.conftest import INVENTORY
from tests.fixtures.brownfield import FIXTURES, TOPOLOGY
from tests.push.labkit import (
    assert_push_keeps_what_the_model_does_not_state,
    free_port,
    plan_for,
    push_all,
    push_env,
    use_push_env,
)

pytestmark = [pytest.mark.lab, pytest.mark.slow]

CAMPUS = "union-shenzhen-campus"
CONFIGS = Path(__file__).parent / "brownfield" / "lab"
HOSTS = sorted(path.stem for path in CONFIGS.glob("*.cfg"))
UNMANAGED = {
    "UNION-CPE-01": [
        "ntp-service unicast-server 192.0.2.123",
        "acl number 3999",
        " rule 5 permit ip",
        " authentication-scheme default",
        " local-user super privilege level 15",
        " mtu 1500",
        "interface GigabitEthernet0/0/1.900",
        " ip address 198.51.100.1 255.255.255.252",
        "interface GigabitEthernet0/0/3",
        " ip address 192.168.50.1 255.255.255.0",
        "ssh user super",
        "ip route-static 192.168.60.0 255.255.255.0 192.168.50.254",
        "user-interface con 0",
        " user privilege level 15",
    ],
    "NS-DC-PE-01": [
        " local-user noc level 3",
        "interface GigabitEthernet1/0/9",
        " mtu 9000",
        # (its `ssh server-source all-interface` is the model's now: the push narrows it to
        # `ssh server-source -i GigabitEthernet0/0/0`, see test_brownfield_ssh_source_narrowed)
        "ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254",
    ],
    "UNION-OLT-01": [
        " ntp-service unicast-server 192.0.2.123",
        ' dba-profile add profile-id 30 profile-name "dba_cctv" type4 max 102400',
        ' ont-lineprofile gpon profile-id 30 profile-name "LINE_CCTV"',
        " vlan 200 smart",
        " port vlan 200 0/3 0",
        "  port 2 ont-auto-find enable",
        '  ont add 2 0 sn-auth "48575443B7E01C42" omci ont-lineprofile-id 30'
        ' ont-srvprofile-id 30 desc "cctv-lobby"',
        " service-port 100 vlan 200 gpon 0/1/2 ont 0 gemport 1 multi-service user-vlan 200"
        " tag-transform translate",
        " ip route-static 0.0.0.0 0.0.0.0 10.250.20.254",
    ],
}


def _words(line: str) -> str:
    return " ".join(line.split())


@pytest.fixture
def brownfield(tmp_path):
    topology = load_topology(INVENTORY / CAMPUS).topology
    configs = {host: CONFIGS / f"{host}.cfg" for host in HOSTS}
    state = tmp_path / "lab"
    with run_lab(
        topology, state, base_address="127.0.88.1", port=free_port(), configs=configs
    ) as lab:
        yield topology, lab, plan_for(CAMPUS, state, hostnames=HOSTS), state


def test_brownfield_push_changes_only_owned_lines_and_a_second_push_nothing(brownfield, tmp_path):
    topology, lab, plan, _ = brownfield
    before = {host: lab.running_config(host) for host in HOSTS}
    for host in HOSTS:
        for line in UNMANAGED[host]:
            assert line in before[host].splitlines(), (host, line)  # the fixture holds it
    check = push_all(plan, topology, tmp_path, check=True)
    for host in HOSTS:
        result = check[host]
        assert result.outcome is Outcome.WOULD_CHANGE, (host, result.error)
        proposed = [_words(line) for line in result.diff.splitlines()]
        for line in UNMANAGED[host]:
            assert not any(_words(line) in command for command in proposed), (host, line)
        listed = " ".join(result.unmanaged)
        assert all(_words(line) in listed for line in UNMANAGED[host][:2]), result.unmanaged
        assert lab.running_config(host) == before[host]  # check mode sent nothing
    first = push_all(plan, topology, tmp_path)
    for host in HOSTS:
        assert first[host].outcome is Outcome.CHANGED, (host, first[host].error)
        after = lab.running_config(host).splitlines()
        for line in UNMANAGED[host]:
            assert line in after, (host, line)  # byte-identical, in its view's indentation
    second = push_all(plan, topology, tmp_path)  # the devices are still reachable
    assert {second[host].outcome for host in HOSTS} == {Outcome.UNCHANGED}, second.failed_hosts


def test_check_diff_lists_unmanaged_lines_and_full_mode_is_refused(
    brownfield, tmp_path, monkeypatch
):
    topology, lab, plan, state = brownfield
    use_push_env(monkeypatch, topology)
    monkeypatch.setenv("MEDINFRA_LOCK_DIR", str(tmp_path / "locks"))
    monkeypatch.setenv("MEDINFRA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    command = ["push", str(INVENTORY / CAMPUS), "--lab", str(state), "--quiet", "--timeout", "5"]
    shown = CliRunner().invoke(app, [*command, "--check", "--diff", "--device", "UNION-CPE-01"])
    assert shown.exit_code == 0, shown.output
    assert "unmanaged on UNION-CPE-01 (left as they are):" in shown.output
    assert "acl number 3999: not owned by the model (kept)" in shown.output
    before = lab.running_config("UNION-CPE-01")
    (job,) = [job for job in plan.jobs if job.device.hostname == "UNION-CPE-01"]
    full = replace(job, device=job.device.model_copy(update={"managed": ManagedMode.FULL}))
    store = load_store(push_env(topology))
    for check in (True, False):
        result = push_device(full, store, PushOptions(check=check, lock_dir=tmp_path / "locks"))
        assert result.outcome is Outcome.REFUSED, result
        assert "would remove or change protected lines" in (result.error or "")
        assert "user-interface con 0 / authentication-mode aaa" in (result.error or "")
    assert lab.running_config("UNION-CPE-01") == before
    lab.apply_lines("UNION-CPE-01", ["traffic classifier medinfra-old operator or"])
    drifted = lab.running_config("UNION-CPE-01")  # an object of medinfra's the model dropped
    device = ["--device", "UNION-CPE-01"]
    limited = CliRunner().invoke(app, [*command, *device, "--max-removals", "0"])
    assert limited.exit_code == 1
    assert "would remove 1 lines, more than the limit of 0" in limited.output
    assert "traffic classifier medinfra-old operator or: removed" in limited.output
    assert lab.running_config("UNION-CPE-01") == drifted
    pushed = CliRunner().invoke(app, [*command, *device, "--max-removals", "1"])
    assert pushed.exit_code == 0, pushed.output
    assert "medinfra-old" not in lab.running_config("UNION-CPE-01")


def test_the_ansible_task_lists_unmanaged_lines_limits_removals_and_is_idempotent(
    brownfield, tmp_path, monkeypatch
):
    topology, lab, _, state = brownfield
    use_push_env(monkeypatch, topology)
    params = {
        "topology": str(INVENTORY / CAMPUS),
        "hostname": "UNION-CPE-01",
        "lab_state": str(state),
        "lock_dir": str(tmp_path / "locks"),
        "timeout": 5,
    }
    check = run_task(params, check_mode=True, want_diff=True)
    assert check["changed"] and not check["failed"], check
    assert "acl number 3999: not owned by the model (kept)" in check["unmanaged"]
    lab.apply_lines("UNION-CPE-01", ["traffic classifier medinfra-old operator or"])
    drifted = lab.running_config("UNION-CPE-01")
    limited = run_task({**params, "max_removals": 0}, check_mode=False, want_diff=False)
    assert limited["failed"] and limited["outcome"] == "refused", limited
    assert "would remove 1 lines, more than the limit of 0" in limited["msg"]
    assert lab.running_config("UNION-CPE-01") == drifted
    pushed = run_task(params, check_mode=False, want_diff=False)
    assert pushed["changed"] and pushed["outcome"] == "changed", pushed
    again = run_task(params, check_mode=False, want_diff=False)
    assert not again["changed"] and again["outcome"] == "unchanged", again


def test_real_layout_fixtures_keep_every_line_the_model_does_not_restate(tmp_path):
    """The shared fixtures (tests/fixtures/brownfield, real dump layouts, lines outside the
    lab's grammar kept as opaque configuration): a check proposes nothing protected, a push
    changes only lines whose key the model states, every other line stays byte-identical,
    and a second push changes nothing."""
    configs = {host: path for host, (_, path) in FIXTURES.items()}
    assert_push_keeps_what_the_model_does_not_state(TOPOLOGY, configs, "127.0.88.60", tmp_path)


def test_brownfield_ssh_source_narrowed_to_the_management_port(brownfield, tmp_path):
    topology, lab, plan, _ = brownfield
    assert "ssh server-source all-interface" in lab.running_config("NS-DC-PE-01").splitlines()
    first = push_all(plan, topology, tmp_path)
    assert first["NS-DC-PE-01"].outcome is Outcome.CHANGED, first["NS-DC-PE-01"].error
    after = lab.running_config("NS-DC-PE-01").splitlines()
    assert "ssh server-source all-interface" not in after
    assert any(line.strip() == "ssh server-source -i GigabitEthernet0/0/0" for line in after)
