"""site.yml with the real ansible-playbook against a lab started from the brownfield fixtures.

The three devices of tests/fixtures/brownfield (AR CPE, NE40E edge, MA5800 OLT, real dump
layouts, lines no template wrote) are the only hosts of the run (``--limit``): ``--check
--diff`` proposes no line outside the model's scope and nothing protected, a real run leaves
every line the model does not restate byte-identical and each device reachable, a second run
changes nothing.
"""

import re

import pytest

from medinfra.lab import run_lab
from medinfra.load import load_topology
from medinfra.push.engine import scope_context
from medinfra.push.guard import safe_remediation
from tests.ansible.playbook import run_site
from tests.conftest import INVENTORY
from tests.fixtures.brownfield import FIXTURES, TOPOLOGY
from tests.push.labkit import free_port, plan_for

pytestmark = [pytest.mark.lab, pytest.mark.ansible, pytest.mark.slow]

HOSTS = sorted(FIXTURES)
FORBIDDEN = (
    "shutdown",
    "undo ip address",
    "undo interface GigabitEthernet0/0/0",
    "undo local-user",
    "undo domain",
    "undo authentication-scheme",
    "undo authentication-mode",
    "undo ip vpn-instance",
    "undo interface Eth-Trunk",
    "undo eth-trunk",
    "undo ssh server",
    "undo stelnet",
    "undo ospf",
    "undo nat outbound",
    "undo firewall",
    "undo vlan 200",
    "undo ont",
    "undo service-port",
    "undo sysman",
    "undo snmp-agent local-engineid",
    "undo ntp-service server disable",
)
"""Commands that would undo a protected or unmanaged line of the fixtures (none may be sent)."""
PUSH_TASK = "TASK [medinfra.hospital.device : Push the intended configuration"


def _proposed(output: str) -> dict[str, list[str]]:
    """Per host, the commands the push task's --diff shows (between its header and result)."""
    found: dict[str, list[str]] = {}
    block: list[str] | None = None
    for line in output.splitlines():
        if line.startswith(PUSH_TASK):
            block = []
        elif block is not None and (done := re.match(r"^(?:changed|ok): \[(\S+)\]$", line)):
            found[done.group(1)] = [command.strip() for command in block if command.strip()]
            block = None
        elif block is not None:
            block.append(line)
    return found


def test_site_yml_on_brownfield_devices_keeps_every_unmanaged_line(tmp_path):
    topology = load_topology(INVENTORY / TOPOLOGY).topology
    configs = {host: path for host, (_, path) in FIXTURES.items()}
    state = tmp_path / "lab"
    limit = ("--limit", ",".join(HOSTS))
    with run_lab(
        topology, state, base_address="127.0.90.1", port=free_port(), configs=configs
    ) as lab:
        before = {host: lab.running_config(host) for host in HOSTS}
        assert before == {host: path.read_text() for host, path in configs.items()}

        plan = plan_for(TOPOLOGY, state, hostnames=HOSTS)
        restated = {
            job.device.hostname: {
                finding.line
                for finding in safe_remediation(
                    job.device.platform,
                    before[job.device.hostname],
                    job.intended,
                    scope_context(job.device, "x"),
                ).removals
                if finding.reason == "replaced"
            }
            for job in plan.jobs
        }

        intended = {job.device.hostname: job.intended for job in plan.jobs}
        check = run_site(topology, state, tmp_path, *limit, "--check", "--diff")
        assert check.returncode == 0, check.output
        assert set(check.recap()) == set(HOSTS), check.output
        assert all(check.recap()[host]["changed"] == 1 for host in HOSTS), check.output
        proposed = _proposed(check.output)
        assert set(proposed) == set(HOSTS), check.output
        for host in HOSTS:
            assert len(proposed[host]) > 5, (host, check.output)  # the diff is shown
            for command in proposed[host]:
                assert not command.startswith(FORBIDDEN), (host, command)
            kept = {
                line.strip()
                for line in before[host].splitlines()
                if line.strip() and line.strip() not in restated[host]
            }
            # an `undo ...` line the model states itself (`undo shutdown` on a port it brings
            # up) is a line sent, not a removal of the fixture's `shutdown` on another port
            stated = {line.strip() for line in intended[host].splitlines()}
            undone = {
                command.removeprefix("undo ") for command in proposed[host] if command not in stated
            }
            assert not (undone - set(proposed[host])) & kept, (host, undone & kept)
        assert {host: lab.running_config(host) for host in HOSTS} == before  # nothing sent

        first = run_site(topology, state, tmp_path, *limit)
        assert first.returncode == 0, first.output
        assert {host: c["changed"] for host, c in first.recap().items()} == dict.fromkeys(HOSTS, 1)
        for job in plan.jobs:
            host = job.device.hostname
            after = lab.running_config(host).splitlines()
            # configuration lines only: a VRPv8 commit rewrites its "!Last configuration" banner
            gone = {
                line.strip()
                for line in before[host].splitlines()
                if line not in after and not line.startswith("!")
            }
            assert gone <= restated[host], (host, gone - restated[host])

        second = run_site(topology, state, tmp_path, *limit)  # each device still reachable
        assert second.returncode == 0, second.output
        assert {host: c["changed"] for host, c in second.recap().items()} == dict.fromkeys(HOSTS, 0)
