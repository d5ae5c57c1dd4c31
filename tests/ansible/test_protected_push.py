"""The real ansible-playbook with the device role's trial and dead-man options: each device's
result says how it ended, the audit log agrees, and the lab holds what that says.

The lab runs on 127.0.121.x at time scale 0.25 (a 60 s trial reverts after 15 s, a 1 minute
reboot comes after 15 s): each step of the device role is an Ansible module process of its
own, and at 0.1 a loaded machine (parallel test workers) took longer than the 6 s between
arming the reboot and cancelling it.
"""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from medinfra.lab import CutManagement, LabHandle
from medinfra.model import Topology
from medinfra.push.audit import read_entries
from tests.ansible.playbook import run_site
from tests.push.labkit import example_lab

pytestmark = [pytest.mark.lab, pytest.mark.ansible, pytest.mark.slow]

HENAN = "henan-provincial-hospital"
CPE, EDGE = "HPPH-CPE-01", "ZZ-DC-PE-02"
NTP = "ntp-service unicast-server 10.255.0.10"
OPTIONS = ("-e", "device_trial_seconds=60", "-e", "device_reboot_delay=1")
RESULT = re.compile(
    r"^(?:changed|ok|fatal): \[(?P<host>[^\]]+)\](?:: FAILED!)? => (?P<doc>\{.*\})$"
)


@pytest.fixture(scope="module")
def henan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Topology, LabHandle, Path]]:
    state = tmp_path_factory.mktemp("ansible-protected")
    with example_lab(HENAN, state / "lab", "127.0.121.1", scale=0.25) as (topology, lab):
        yield topology, lab, state


def _results(output: str) -> dict[str, dict[str, object]]:
    """Each host's result of the push task (printed with -v)."""
    found: dict[str, dict[str, object]] = {}
    for line in output.splitlines():
        match = RESULT.match(line)
        if match is not None:
            document = json.loads(match["doc"])
            if "outcome" in document:
                found[match["host"]] = document
    return found


def _run(
    henan: tuple[Topology, LabHandle, Path], tmp: Path, *hosts: str
) -> tuple[dict[str, dict[str, object]], str]:
    """Each host's push result and the whole output of ``ansible-playbook site.yml -v``."""
    topology, _, state = henan
    limit = ",".join(hosts)
    done = run_site(topology, state / "lab", tmp, "--limit", limit, "-v", *OPTIONS, timeout=300)
    results = _results(done.output)
    assert set(results) == set(hosts), done.output[-3000:]
    return results, done.output


def test_playbook_push_confirms_and_reports_it(henan, tmp_path: Path) -> None:
    _, lab, _ = henan
    for host in (EDGE, CPE):
        lab.apply_lines(host, [f"undo {NTP}"])
    results, _ = _run(henan, tmp_path, EDGE, CPE)
    for host in (EDGE, CPE):
        assert (results[host]["outcome"], results[host]["ended"]) == ("changed", "confirmed")
        assert NTP in lab.running_config(host)
    ended = {e["device"]: e["ended"] for e in read_entries(tmp_path / "audit.jsonl")}
    assert ended == {EDGE: "confirmed", CPE: "confirmed"}


@pytest.mark.parametrize(
    ("host", "ended"), [(EDGE, "reverted by trial"), (CPE, "restored by reboot")]
)
def test_playbook_push_that_cuts_management_reports_how_the_device_came_back(
    henan, tmp_path: Path, host: str, ended: str
) -> None:
    """site.yml stops the roll-out after a failed edge, so each device gets its own run."""
    _, lab, _ = henan
    lab.apply_lines(host, [f"undo {NTP}"])
    before = lab.running_config(host)
    lab.inject(host, CutManagement(NTP))
    try:
        results, output = _run(henan, tmp_path, host)
    finally:
        lab.clear_faults(host)
    result = results[host]
    assert (result["outcome"], result["ended"]) == ("rolled-back", ended)
    assert result["restore_verified"] is True
    assert f"[WARNING]: {host}: {ended} (" in output
    assert lab.running_config(host) == before
    assert [e["ended"] for e in read_entries(tmp_path / "audit.jsonl")] == [ended]
