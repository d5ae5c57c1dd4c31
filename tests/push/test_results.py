"""Results: outcomes, aggregation, raise_on_error."""

import pytest

from medinfra.push.results import DeviceResult, Outcome, RunFailedError, RunResult


@pytest.mark.parametrize(
    ("fields", "outcome"),
    [
        ({}, Outcome.UNCHANGED),
        ({"changed": True}, Outcome.CHANGED),
        ({"changed": True, "check": True}, Outcome.WOULD_CHANGE),
        ({"failed": True}, Outcome.FAILED),
        ({"failed": True, "rolled_back": True}, Outcome.ROLLED_BACK),
        ({"failed": True, "refused": True}, Outcome.REFUSED),
    ],
)
def test_outcome(fields, outcome):
    assert DeviceResult("A", **fields).outcome is outcome


def test_run_result_aggregates_and_raises_naming_failed_devices():
    run = RunResult()
    run.add(DeviceResult("A", changed=True))
    run.add(DeviceResult("B", failed=True, error="B: rejected line", rolled_back=True))
    run.add(DeviceResult("C"))
    assert run.failed
    assert list(run.failed_hosts) == ["B"]
    assert list(run.changed_hosts) == ["A"]
    assert len(run) == 3 and run["C"].outcome is Outcome.UNCHANGED
    with pytest.raises(RunFailedError, match=r"1 device.*B: rejected line"):
        run.raise_on_error()


def test_run_without_failures_does_not_raise():
    run = RunResult()
    run.add(DeviceResult("A", changed=True))
    run.raise_on_error()
    assert not run.failed
