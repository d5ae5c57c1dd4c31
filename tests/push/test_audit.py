"""The audit log: one JSON line per touched device, parallel appends intact."""

import threading

from medinfra.push.audit import read_entries, record
from medinfra.push.results import DeviceResult


def test_changed_and_failed_devices_are_logged_untouched_ones_are_not(tmp_path):
    log = tmp_path / "audit" / "audit.jsonl"
    record(
        log,
        DeviceResult("A", "s1", changed=True, diff="ntp-service enable", commit_id="1000000002"),
        "ops",
    )
    record(log, DeviceResult("B", "s1"), "ops")
    record(log, DeviceResult("C", "s2", failed=True, rolled_back=True, error="boom"), "ops")
    entries = read_entries(log)
    assert [e["device"] for e in entries] == ["A", "C"]
    assert entries[0]["result"] == "changed"
    assert entries[0]["diff"] == "ntp-service enable"
    assert entries[0]["commit_id"] == "1000000002"
    assert entries[0]["login"] == "ops"
    assert entries[1]["result"] == "rolled-back" and entries[1]["error"] == "boom"
    assert {"time", "user", "site", "check"} <= set(entries[0])
    assert log.stat().st_mode & 0o077 == 0


def test_parallel_appends_never_interleave(tmp_path):
    log = tmp_path / "audit.jsonl"
    big = "x" * 20000

    def write(n):
        record(log, DeviceResult(f"D{n}", changed=True, diff=big), "ops")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = read_entries(log)
    assert sorted(e["device"] for e in entries) == sorted(f"D{n}" for n in range(20))
    assert all(e["diff"] == big for e in entries)


def test_no_path_means_no_log(tmp_path):
    record(None, DeviceResult("A", changed=True), "ops")
    assert list(tmp_path.iterdir()) == []
