"""Parsing what ansible-playbook prints: the recap and the diff of the push task."""

from medinfra.cli.demo_steps import RECAP, PlaybookRun

OUTPUT = """\
TASK [cpe : Pre-check | the device is the one the model names] *****************
ok: [HPPH-CPE-01]

TASK [cpe : Push the intended configuration] ***********************************
undo info-center loghost 192.0.2.99
changed: [HPPH-CPE-01]

TASK [cpe : Post-check | the running configuration holds the intended lines] ***
skipping: [HPPH-CPE-01]

PLAY RECAP *********************************************************************
HPPH-CPE-01                : ok=4    changed=1    unreachable=0    failed=0    skipped=1
XC-CPE-01                  : ok=4    changed=0    unreachable=1    failed=0    skipped=1
"""


def run() -> PlaybookRun:
    recap = {
        m["host"]: {k: int(m[k]) for k in ("ok", "changed", "unreachable", "failed")}
        for m in RECAP.finditer(OUTPUT)
    }
    return PlaybookRun(["ansible-playbook"], 0, OUTPUT, recap)


def test_recap_counts() -> None:
    result = run()
    assert result.recap["HPPH-CPE-01"] == {"ok": 4, "changed": 1, "unreachable": 0, "failed": 0}
    assert result.changed == 1
    assert result.failed == 1


def test_diff_lines_are_the_push_task_output() -> None:
    assert run().diff_lines() == ["undo info-center loghost 192.0.2.99"]
