"""Messages in the user's words, with the device's own text (issue #21, timeouts and messages).

netmiko's errors carry its regular expressions (``Pattern not detected: '(?:Change now|...'``)
and paragraphs of advice; a commit failure used to read ``commit failed: ^``.
"""

import pytest

from medinfra.lab import Hang, RejectCommand
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions
from medinfra.push.runner import run_push
from tests.push.labkit import example_lab, plan_for, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HENAN = "henan-provincial-hospital"
PE, CPE = "ZZ-DC-PE-01", "XC-CPE-01"
REGEX_TRACES = ("Pattern not detected", "(?:", "[\\]>]", "Traceback")


def test_a_silent_device_and_a_refused_commit_are_told_in_words(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.135.1") as (topology, lab):
        plan = plan_for(HENAN, state, hostnames=[PE, CPE])
        before = lab.running_config(PE)
        lab.inject(CPE, Hang())  # no prompt after login
        busy = "Error: The configuration database is locked by another user."
        lab.inject(PE, RejectCommand(r"^commit", busy))
        store = load_store(push_env(topology))
        run = run_push(plan.jobs, store, PushOptions(lock_dir=tmp_path / "locks"))
        held = lab.running_config(PE)
    silent, refused = run[CPE].error or "", run[PE].error or ""
    assert silent == f"{CPE}: no answer from the device within 5 s (--timeout)", silent
    assert f"{PE}: the device refused the commit: {busy}" in refused, refused
    for text in (silent, refused):
        assert not any(trace in text for trace in REGEX_TRACES), text
    assert held == before  # the refused candidate died with its session
