"""site.yml with the real ansible-playbook against a lab started from the brownfield fixtures.

The three devices of tests/fixtures/brownfield (AR CPE, NE40E edge, MA5800 OLT, real dump
layouts, lines no template wrote) are the only hosts of the run (``--limit``): ``--check
--diff`` proposes no line outside the model's scope and nothing protected, a real run leaves
every line the model does not restate byte-identical and each device reachable, a second run
changes nothing.
"""

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
PROTECTED = {
    "UNION-CPE-01": [
        "authentication-mode aaa",
        "local-user opsadmin",
        "domain default",
        "ip address 10.250.10.1 255.255.255.0",
        "ssh server permit interface GigabitEthernet0/0/0",
        "nat outbound 2001",
        "ospf enable 1 area 0.0.0.0",
        "acl number 2001",
    ],
    "NS-DC-PE-01": ["undo shutdown", "__LOCAL_OAM_VPN__", "eth-trunk 7", "local-user noc"],
    "UNION-OLT-01": ["vlan 200 to 201 smart", "sysman server source ssh meth 0", "ont add"],
}


def _proposed(output: str) -> list[str]:
    """The +/- lines of the playbook's --diff output (the commands a push would send)."""
    return [
        line[1:].strip()
        for line in output.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


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

        check = run_site(topology, state, tmp_path, *limit, "--check", "--diff")
        assert check.returncode == 0, check.output
        assert set(check.recap()) == set(HOSTS), check.output
        assert all(check.recap()[host]["changed"] == 1 for host in HOSTS), check.output
        proposed = _proposed(check.output)
        assert proposed, check.output  # the diff is shown
        for host, lines in PROTECTED.items():
            for line in lines:
                assert not any(line in command for command in proposed), (host, line)
        assert {host: lab.running_config(host) for host in HOSTS} == before  # nothing sent

        first = run_site(topology, state, tmp_path, *limit)
        assert first.returncode == 0, first.output
        assert {host: c["changed"] for host, c in first.recap().items()} == dict.fromkeys(HOSTS, 1)
        plan = plan_for(TOPOLOGY, state, hostnames=HOSTS)
        for job in plan.jobs:
            host = job.device.hostname
            guard = safe_remediation(
                job.device.platform, before[host], job.intended, scope_context(job.device, "x")
            )
            restated = {f.line for f in guard.removals if f.reason == "replaced"}
            after = lab.running_config(host).splitlines()
            # configuration lines only: a VRPv8 commit rewrites its "!Last configuration" banner
            gone = {
                line.strip()
                for line in before[host].splitlines()
                if line not in after and not line.startswith("!")
            }
            assert gone <= restated, (host, gone - restated)

        second = run_site(topology, state, tmp_path, *limit)  # each device still reachable
        assert second.returncode == 0, second.output
        assert {host: c["changed"] for host, c in second.recap().items()} == dict.fromkeys(HOSTS, 0)
