"""Parsing what ansible-playbook prints: the recap and the diff of the push task."""

from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.cli.demo_steps import RECAP, PlaybookProgress, PlaybookRun

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


def test_progress_names_the_task_and_counts_the_devices_done() -> None:
    progress = PlaybookProgress("first run", 2)
    shown = [progress.text()]
    for line in OUTPUT.splitlines():
        if progress.feed(line):
            shown.append(progress.text())
    assert shown[:4] == [
        "first run: starting (0/2 devices)",
        "first run: cpe : Pre-check | the device is the one the model names (0/2 devices)",
        "first run: cpe : Pre-check | the device is the one the model names (1/2 devices)",
        "first run: cpe : Push the intended configuration (0/2 devices)",
    ]
    assert shown[-1] == (
        "first run: cpe : Post-check | the running configuration holds the intended lines "
        "(1/2 devices)"
    )


def test_demo_takes_the_lab_port_and_address() -> None:
    result = CliRunner().invoke(app, ["demo", "--help"], env={"COLUMNS": "200"})
    assert "--port" in result.output and "--base-address" in result.output
