"""Pushes that cannot lock the operator out, against the lab over SSH with netmiko's drivers:
VRPv8 commits on trial and confirms from a new session, VRP5 arms a dead-man reboot; a push
whose lines cut management ends at the old configuration with nothing done after it."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from medinfra.lab import CutManagement, LabHandle
from medinfra.model import Topology
from medinfra.push.audit import read_entries
from medinfra.push.results import DeviceResult, Outcome
from tests.lockout.henan_lab import CPE, EDGE, NTP, PROTECT, SCALE, henan_lab
from tests.push.labkit import push_host

pytestmark = [pytest.mark.lab, pytest.mark.slow]


@pytest.fixture(scope="module")
def henan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Topology, LabHandle, Path]]:
    with henan_lab(tmp_path_factory, "lockout-push", "127.0.89.101") as henan:
        yield henan


def _push(topology: Topology, state: Path, host: str) -> DeviceResult:
    return push_host(topology, state, host, protect=PROTECT)


def test_normal_push_confirms_and_leaves_no_trial_or_reboot(henan) -> None:
    topology, lab, state = henan
    results = {host: _push(topology, state, host) for host in (CPE, EDGE)}
    for host, result in results.items():
        assert result.outcome is Outcome.CHANGED, result.error
        assert result.ended == "confirmed", host
    configs = {host: lab.running_config(host) for host in results}
    time.sleep(60 * SCALE + 2)  # past the trial and the reboot delay
    assert {host: lab.running_config(host) for host in results} == configs
    assert _push(topology, state, EDGE).outcome is Outcome.UNCHANGED
    assert _push(topology, state, CPE).outcome is Outcome.UNCHANGED
    ended = [e["ended"] for e in read_entries(state / "audit.jsonl") if e["ended"]]
    assert ended == ["confirmed", "confirmed"]


@pytest.mark.parametrize(
    ("host", "ended", "how"),
    [(EDGE, "reverted by trial", "the trial timer"), (CPE, "restored by reboot", "reboot")],
)
def test_push_that_cuts_management_ends_at_the_old_config(henan, host, ended, how) -> None:
    topology, lab, state = henan
    lab.apply_lines(host, [f"undo {NTP}"])
    before = lab.running_config(host)
    lab.inject(host, CutManagement(NTP))
    try:
        started = time.monotonic()
        result = _push(topology, state, host)
    finally:
        lab.clear_faults(host)
    assert result.outcome is Outcome.ROLLED_BACK, result.error
    assert result.ended == ended
    assert result.restore_verified
    assert any(ended in note and how in note for note in result.notes), result.notes
    assert "the old configuration is verified" in " ".join(result.notes)
    assert lab.running_config(host) == before
    assert time.monotonic() - started < 60
    assert read_entries(state / "audit.jsonl")[-1]["ended"] == ended
