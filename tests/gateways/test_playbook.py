"""The role applied with the real ansible-playbook over SSH: convergence, idempotence,
check and diff mode, and handlers that restart only what changed."""

import json
from typing import Any

import pytest

from tests.gateways import testbed
from tests.gateways.conftest import Testbed

pytestmark = pytest.mark.hosts

HANDLERS = ("Restart orthanc", "Load nftables ruleset", "Restart chrony", "Restart rsyslog")


def test_check_mode_on_fresh_hosts_previews_without_changing(gateway_testbed: Testbed) -> None:
    """Run before the first real run: it must succeed, show diffs, and touch nothing."""
    preview = gateway_testbed.fresh_check
    counters = testbed.recap(preview)
    assert set(counters) == set(testbed.HOSTS)
    for values in counters.values():
        assert values["failed"] == 0
        assert values["changed"] > 0
    assert "+PasswordAuthentication no" in preview
    # Nothing was written, loaded or started: no drop-in, an empty ruleset, no Orthanc.
    assert gateway_testbed.after_check == dict.fromkeys(testbed.HOSTS, "0\n0")
    # The real first run then still found everything to do (check mode wrote nothing).
    assert "changed: [gw-a] => (item=orthanc.json)" in gateway_testbed.first_run
    assert "changed: [gw-b] => (item=orthanc.json)" in gateway_testbed.first_run


def test_first_run_configured_both_hosts(gateway_testbed: Testbed) -> None:
    counters = testbed.recap(gateway_testbed.first_run)
    assert set(counters) == set(testbed.HOSTS)
    for name, values in counters.items():
        assert values["failed"] == 0, name
        assert values["unreachable"] == 0, name
        assert values["changed"] > 0, name
    # The gateway below port 1024 needed the capability, the other did not.
    assert "changed: [gw-a]" in _task(gateway_testbed.first_run, "Let Orthanc bind")
    assert "skipping: [gw-b]" in _task(gateway_testbed.first_run, "Let Orthanc bind")


def test_second_run_changes_nothing(gateway_testbed: Testbed) -> None:
    second = testbed.run_playbook(gateway_testbed.inventory)
    assert second.returncode == 0, second.stdout + second.stderr
    counters = testbed.recap(second.stdout)
    assert set(counters) == set(testbed.HOSTS)
    for name, values in counters.items():
        assert values["changed"] == 0, f"{name}: {second.stdout}"
        assert values["ok"] > 10, name
    assert "RUNNING HANDLER" not in second.stdout


def test_check_and_diff_mode_show_a_change_without_making_it(gateway_testbed: Testbed) -> None:
    new_server = str(gateway_testbed.net.address(9))
    servers = json.dumps({"imaging_gateway_ntp_servers": [new_server]})
    checked = testbed.run_playbook(gateway_testbed.inventory, "--check", "--diff", "-e", servers)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"+server {new_server} iburst" in checked.stdout
    for values in testbed.recap(checked.stdout).values():
        assert values["changed"] > 0
    for name in testbed.HOSTS:
        host = gateway_testbed.testinfra_host(name)
        assert new_server not in host.file("/etc/chrony/chrony.conf").content_string


def _task(output: str, title: str) -> str:
    """The output of the first task whose title contains ``title``."""
    start = output.index(title)
    end = output.find("\nTASK [", start)
    handler = output.find("\nRUNNING HANDLER [", start)
    ends = [e for e in (end, handler) if e != -1]
    return output[start : min(ends) if ends else len(output)]


def _pids(host: Any) -> dict[str, int]:
    return {comm: host.process.get(comm=comm).pid for comm in ("Orthanc", "chronyd", "rsyslogd")}


def test_a_change_restarts_only_its_service(gateway_testbed: Testbed) -> None:
    host = gateway_testbed.testinfra_host("gw-b")
    before = _pids(host)
    new_server = str(gateway_testbed.net.address(9))
    servers = json.dumps({"imaging_gateway_ntp_servers": [new_server]})
    try:
        changed = testbed.run_playbook(gateway_testbed.inventory, "--limit", "gw-b", "-e", servers)
        assert changed.returncode == 0, changed.stdout + changed.stderr
        assert testbed.recap(changed.stdout)["gw-b"]["changed"] == 2  # the file, the handler
        assert (
            "RUNNING HANDLER [medinfra.hospital.imaging_gateway : Restart chrony]" in changed.stdout
        )
        for other in HANDLERS[:2] + HANDLERS[3:]:
            assert (
                f"RUNNING HANDLER [medinfra.hospital.imaging_gateway : {other}]"
                not in changed.stdout
            )
        after = _pids(host)
        assert after["chronyd"] != before["chronyd"]
        assert after["Orthanc"] == before["Orthanc"]
        assert after["rsyslogd"] == before["rsyslogd"]
        assert f"server {new_server} iburst" in host.file("/etc/chrony/chrony.conf").content_string
    finally:
        restored = testbed.run_playbook(gateway_testbed.inventory, "--limit", "gw-b")
        assert restored.returncode == 0, restored.stdout + restored.stderr
    assert new_server not in host.file("/etc/chrony/chrony.conf").content_string
