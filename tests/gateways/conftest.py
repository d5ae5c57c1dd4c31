"""Fixtures of the gateway tests: the test bed (two real hosts, the role applied once) and
the hosts the state tests verify.

By default the state tests verify the two test hosts. Pointed at real gateways after a
rollout (``pytest tests/gateways/test_gateway_state.py --hosts=ansible://imaging_gateways
--ansible-inventory=inventory/<topology>/medinfra.yml``) they verify those instead, reading
what to expect from each host's inventory variables, and no test host is built.
"""

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import testinfra

from tests.gateways import testbed
from tests.hosts import rootfs
from tests.hosts.testhosts import HostNetwork, capability_problem, host_network


@dataclass
class Testbed:
    """The running test hosts with the role applied once."""

    __test__ = False  # not a pytest test class

    net: HostNetwork
    inventory: Path
    hostvars: dict[str, dict[str, Any]]
    archive: testbed.Archive
    syslog: testbed.SyslogReceiver
    first_run: str
    fresh_check: str
    after_check: dict[str, str]
    allowed_source: str
    disallowed_source: str

    def testinfra_host(self, name: str) -> Any:
        return testinfra.get_host(f"ansible://{name}", ansible_inventory=str(self.inventory))


def _venv_on_path() -> None:
    """testinfra's ansible backend runs ``ansible-inventory``: the one next to this Python."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


@pytest.fixture(scope="session")
def gateway_testbed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Testbed]:
    problem = capability_problem()
    if problem is not None:
        pytest.skip(f"real test hosts unavailable: {problem}")
    _venv_on_path()
    root = rootfs.ensure_rootfs()
    work = tmp_path_factory.mktemp("gateways")
    with host_network(root, work) as net:
        archive = testbed.Archive(net.address(1))
        syslog = testbed.SyslogReceiver(net.address(1))
        try:
            archive_port = archive.start()
            syslog_port = syslog.start()
            for name, index in testbed.HOSTS.items():
                # The test hosts share this machine's clock: chronyd must not set it.
                files = {"etc/default/chrony": 'DAEMON_OPTS="-x"\n'}
                net.start_host(name, index, files)
            topology = testbed.test_topology(net)
            topology = _with_archive_port(topology, archive_port)
            inventory = work / "inventory.yml"
            hostvars = testbed.write_inventory(
                inventory, topology, net, {"imaging_gateway_syslog_port": syslog_port}
            )
            allowed = str(net.add_source_address(testbed.ALLOWED_SOURCE))
            disallowed = str(net.add_source_address(testbed.DISALLOWED_SOURCE))
            fresh = testbed.run_playbook(inventory, "--check", "--diff")
            assert fresh.returncode == 0, fresh.stdout + fresh.stderr
            after_check = {name: _observe(inventory, name) for name in testbed.HOSTS}
            first = testbed.run_playbook(inventory)
            assert first.returncode == 0, first.stdout + first.stderr
            yield Testbed(
                net,
                inventory,
                hostvars,
                archive,
                syslog,
                first.stdout,
                fresh.stdout,
                after_check,
                allowed,
                disallowed,
            )
        finally:
            net.close()  # hosts first, so their connections to the far ends close cleanly
            archive.stop()
            syslog.stop()


def _observe(inventory: Path, name: str) -> str:
    """What check mode must not have changed: the sshd drop-in, the ruleset, Orthanc."""
    host = testinfra.get_host(f"ansible://{name}", ansible_inventory=str(inventory))
    return str(
        host.check_output(
            "ls /etc/ssh/sshd_config.d/; nft list ruleset | wc -l; pgrep -c Orthanc || true"
        )
    )


def _with_archive_port(topology: Any, port: int) -> Any:
    sites = tuple(
        site.model_copy(
            update={
                "imaging_gateways": tuple(
                    g.model_copy(update={"archive": g.archive.model_copy(update={"port": port})})
                    for g in site.imaging_gateways
                )
            }
        )
        for site in topology.sites
    )
    return topology.model_copy(update={"sites": sites})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """State tests run once per gateway: the test hosts, or the ``--hosts`` given."""
    if "gateway" not in metafunc.fixturenames:
        return
    option = metafunc.config.option
    if getattr(option, "hosts", None):
        _venv_on_path()
        hosts = testinfra.get_hosts(
            option.hosts.split(","),
            connection=option.connection,
            ssh_config=option.ssh_config,
            ssh_identity_file=option.ssh_identity_file,
            sudo=option.sudo,
            sudo_user=option.sudo_user,
            ansible_inventory=option.ansible_inventory,
            force_ansible=option.force_ansible,
        )
        ids = [host.backend.get_pytest_id() for host in hosts]
        metafunc.parametrize("gateway", hosts, indirect=True, ids=ids)
        return
    names = list(testbed.HOSTS)
    metafunc.parametrize("gateway", [f"testbed:{n}" for n in names], indirect=True, ids=names)


@pytest.fixture
def gateway(request: pytest.FixtureRequest) -> Any:
    """A testinfra host to verify: one of the test hosts, or a real gateway."""
    if isinstance(request.param, str):
        bed: Testbed = request.getfixturevalue("gateway_testbed")
        return bed.testinfra_host(request.param.removeprefix("testbed:"))
    return request.param
