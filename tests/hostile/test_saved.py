"""Saved equals running: a push repairs a saved configuration left behind (issue #21).

A run killed after the VRPv8 commit or after the last VRP line leaves the running config new
and the saved one old; ``--no-save`` leaves the same state on purpose, so it stands in here.
"""

import pytest

from medinfra.lab.state import startup_path
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions
from medinfra.push.results import Outcome
from medinfra.push.runner import run_push
from tests.push.labkit import example_lab, plan_for, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HENAN = "henan-provincial-hospital"
DEVICES = ["ZZ-DC-PE-01", "XC-CPE-01"]  # VRPv8 and VRP


def _push(plan, topology, tmp, **options):
    store = load_store(push_env(topology))
    return run_push(plan.jobs, store, PushOptions(lock_dir=tmp / "locks", **options))


def test_a_running_config_never_saved_is_saved_by_the_next_push_and_reported(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.85.71") as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=DEVICES)
        unsaved = _push(plan, topology, tmp_path, save=False)
        assert {r.outcome for r in unsaved.results.values()} == {Outcome.CHANGED}
        running = {host: lab.running_config(host) for host in DEVICES}
        for host in DEVICES:
            saved = startup_path(state, host)
            assert not saved.exists() or saved.read_text(encoding="utf-8") != running[host]
        check = _push(plan, topology, tmp_path, check=True)
        for host in DEVICES:
            assert check[host].outcome is Outcome.UNCHANGED
            assert check[host].notes == [
                f"{host}: the saved configuration differs from the running one"
            ]
        repaired = _push(plan, topology, tmp_path)
        for host in DEVICES:
            assert repaired[host].outcome is Outcome.CHANGED and not repaired[host].diff
            (note,) = repaired[host].notes
            assert note.startswith(f"{host}: saved - the saved configuration differed")
            assert startup_path(state, host).read_text(encoding="utf-8") == running[host]
        again = _push(plan, topology, tmp_path)
        assert all(r.outcome is Outcome.UNCHANGED and not r.notes for r in again.results.values())
