"""The management-path proof against the lab over SSH, with netmiko's drivers.

The three devices of union-shenzhen-campus start from the real-layout brownfield dumps
(tests/fixtures/brownfield). Each kind of break, written into the intended config, is refused
before any line is sent, in check mode and in a real push: the device's config stays byte for
byte, the result reads ``refused: management path`` and the audit log says so. With
``allow_management_change`` a break goes under the trial (VRPv8) or dead-man reboot (VRP5);
when it does cut management (the lab's ``cut-management`` fault) the device ends back at its
old config by itself and the result says how. An OLT has no such protection: refused even
when allowed, pushed only when forced. The model itself pushes normally (no false positive).
"""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.lab import CutManagement, LabHandle
from medinfra.push.ansible_task import run_task
from medinfra.push.audit import read_entries
from medinfra.push.engine import PushOptions
from medinfra.push.protect import ProtectOptions
from medinfra.push.results import Outcome
from tests.conftest import INVENTORY
from tests.push.labkit import BrownfieldLab, brownfield_lab, job_with_edits, push_env, push_job

pytestmark = [pytest.mark.lab, pytest.mark.slow]

CAMPUS = "union-shenzhen-campus"
EDGE, CPE, OLT = "NS-DC-PE-01", "UNION-CPE-01", "UNION-OLT-01"
SCALE = 0.1
PROTECT = ProtectOptions(trial_seconds=60, reboot_minutes=1)
"""At the lab's scale 0.1 the trial reverts after 6 s and the reboot comes after 6 s."""
ALLOW = replace(PROTECT, allow_management_change=True)
REFUSED = "refused: management path"


@pytest.fixture(scope="module")
def campus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrownfieldLab]:
    with brownfield_lab(tmp_path_factory.mktemp("mgmt-lab"), "127.2.10.40", scale=SCALE) as lab:
        yield lab


def _config(lab: LabHandle, host: str) -> list[str]:
    """The running config, without the `!Last configuration was updated` stamp a VRPv8
    rewrites on every commit and revert."""
    return [line for line in lab.running_config(host).splitlines() if not line.startswith("!Last")]


BREAKS = [
    (
        EDGE,
        ((" ip address 10.250.1.1 255.255.255.0", " ip address 10.250.1.9 255.255.255.0"),),
        "`interface GigabitEthernet0/0/0 / ip address 10.250.1.9 255.255.255.0` breaks the "
        "management interface: GigabitEthernet0/0/0 no longer holds the management address",
    ),
    (
        EDGE,
        (
            (
                "ip route-static vpn-instance __LOCAL_OAM_VPN__ 10.250.0.0 255.255.0.0 10.250.1.254",
                "ip route-static vpn-instance __LOCAL_OAM_VPN__ 10.250.0.0 255.255.0.0 10.250.1.253",
            ),
        ),
        # the model's own route to the management networks through another next hop (a model
        # default route via another hop would be added beside the device's own, not in its
        # place: routes are keyed by next hop, tests/push/test_route_scope.py)
        "breaks the management route: the route to the management network 10.250.0.0/16 "
        "(0.0.0.0/0 via 10.250.1.254) changes: now 10.250.0.0/16 via 10.250.1.253",
    ),
    (
        EDGE,
        ((" protocol inbound ssh", " protocol inbound telnet"),),
        "`user-interface vty 0 4 / protocol inbound telnet` breaks the SSH service: "
        "`user-interface vty 0 4` loses `protocol inbound ssh`",
    ),
    (
        CPE,
        (
            (
                " rule 5 permit source 10.250.0.0 0.0.255.255",
                " rule 5 permit source 10.99.0.0 0.0.255.255",
            ),
        ),
        "breaks the login filter: logins from the management network 10.250.0.0/16 are "
        "refused: ACL 2000",
    ),
    (
        CPE,
        ((" protocol inbound ssh", " protocol inbound telnet"),),
        "`user-interface vty 0 4 / protocol inbound telnet` breaks the SSH service: "
        "`user-interface vty 0 4` loses `protocol inbound ssh`",
    ),
    (
        CPE,
        (
            (
                " ip address 10.250.10.1 255.255.255.0",
                " ip address 10.250.10.1 255.255.255.0\n shutdown",
            ),
        ),
        "`interface GigabitEthernet0/0/0 / shutdown` breaks the management interface: "
        "GigabitEthernet0/0/0 is shut down",
    ),
    (
        OLT,
        ((" ip address 10.250.20.1 255.255.255.0", " ip address 10.250.20.7 255.255.255.0"),),
        "breaks the management interface: meth0 no longer holds the management address 10.250.20.1",
    ),
    (
        OLT,
        (
            (
                " sysman service telnet disable",
                " sysman service telnet disable\n ip route-static 10.250.0.0 255.255.0.0 10.250.20.253",
            ),
        ),
        "`ip route-static 10.250.0.0 255.255.0.0 10.250.20.253` breaks the management route: the "
        "route to the management network 10.250.0.0/16 (0.0.0.0/0 via 10.250.20.254) changes: "
        "now 10.250.0.0/16 via 10.250.20.253",
    ),
    (
        OLT,
        (
            (
                " sysman service telnet disable",
                " sysman service telnet disable\n sysman ip-access ssh 10.250.0.1 10.250.0.9\n sysman firewall ssh enable",
            ),
        ),
        "breaks the login filter: logins from the management network 10.250.0.0/16 are "
        "refused: the SSH address ranges: no allowed range covers 10.250.0.0",
    ),
    (
        OLT,
        (
            (
                " sysman service telnet disable",
                " sysman service telnet disable\n sysman service ssh disable",
            ),
        ),
        "`sysman service ssh disable` breaks the SSH service: the SSH server is turned off",
    ),
]


def test_the_model_pushes_normally_onto_the_brownfield_dumps(campus) -> None:
    topology, lab, state = campus
    for host in (EDGE, CPE, OLT):
        before = lab.running_config(host)
        check = push_job(
            topology, state, job_with_edits(state, host), PushOptions(check=True, protect=PROTECT)
        )
        assert check.outcome is Outcome.WOULD_CHANGE, (host, check.error)
        assert check.ended is None and lab.running_config(host) == before


@pytest.mark.parametrize("check", [True, False], ids=["check", "push"])
@pytest.mark.parametrize(("host", "edits", "message"), BREAKS)
def test_each_break_is_refused_before_any_line_is_sent(campus, host, edits, message, check) -> None:
    topology, lab, state = campus
    before = lab.running_config(host)
    options = PushOptions(check=check, protect=PROTECT)
    result = push_job(topology, state, job_with_edits(state, host, *edits), options)
    assert result.outcome is Outcome.REFUSED, result.error
    assert result.ended == REFUSED
    assert (result.error or "").startswith(f"{host}: refused: management path, nothing sent:")
    assert message in (result.error or ""), result.error
    assert lab.running_config(host) == before  # byte for byte: nothing was sent
    entry = read_entries(state / "audit.jsonl")[-1]
    assert (entry["device"], entry["ended"], entry["result"]) == (host, REFUSED, "refused")


CUTS = [
    (
        EDGE,
        (" protocol inbound ssh", " protocol inbound telnet"),
        r"^protocol inbound telnet$",
        "reverted by trial",
    ),
    (
        CPE,
        (
            "ssh server permit interface GigabitEthernet0/0/0",
            "ssh server permit interface GigabitEthernet0/0/2",
        ),
        r"ssh server permit interface GigabitEthernet0/0/2",
        "restored by reboot",
    ),
]


@pytest.mark.parametrize(("host", "edit", "cut", "ended"), CUTS)
def test_an_allowed_break_that_cuts_management_comes_back_by_itself(
    campus, host, edit, cut, ended
) -> None:
    topology, lab, state = campus
    before = _config(lab, host)
    job = job_with_edits(state, host, edit)
    check = push_job(topology, state, job, PushOptions(check=True, protect=ALLOW))
    assert check.outcome is Outcome.WOULD_CHANGE, check.error
    assert "management change allowed (--allow-management-change)" in check.notes[0]
    lab.inject(host, CutManagement(cut))
    try:
        result = push_job(topology, state, job, PushOptions(protect=ALLOW))
    finally:
        lab.clear_faults(host)
    assert result.outcome is Outcome.ROLLED_BACK, result.error
    assert result.ended == ended and result.restore_verified
    notes = " ".join(result.notes)
    assert "management change allowed" in notes and f"{ended} (" in notes, result.notes
    assert "the old configuration is verified" in notes
    assert _config(lab, host) == before


OLT_RANGES = (
    " sysman service telnet disable",
    " sysman service telnet disable\n sysman ip-access ssh 10.250.0.1 10.250.0.9\n"
    " sysman firewall ssh enable",
)


def test_an_olt_has_no_protection_allowed_is_refused_forced_goes(campus) -> None:
    topology, lab, state = campus
    before = lab.running_config(OLT)
    job = job_with_edits(state, OLT, OLT_RANGES)
    allowed = push_job(topology, state, job, PushOptions(protect=ALLOW))
    assert allowed.outcome is Outcome.REFUSED and allowed.ended == REFUSED
    assert "an MA5800 has no unattended revert" in (allowed.error or "")
    assert lab.running_config(OLT) == before
    forced = push_job(topology, state, job, PushOptions(protect=replace(PROTECT, force=True)))
    assert forced.outcome is Outcome.CHANGED, forced.error
    assert "pushed with --force (unprotected" in forced.notes[0]
    after = lab.running_config(OLT).splitlines()
    assert " sysman ip-access ssh 10.250.0.1 10.250.0.9" in after
    assert " sysman firewall ssh enable" in after


def test_the_login_account_keeps_its_rights(campus) -> None:
    """The lab logs in as ``medinfra``: give the NE that account at level 3 first."""
    topology, lab, state = campus
    lab.apply_lines(
        EDGE, ["aaa", "local-user medinfra level 3", "local-user medinfra service-type ssh", "quit"]
    )
    before = lab.running_config(EDGE)
    for edit, message in (
        ("local-user medinfra level 1", "rights go down: level 3 -> 1"),
        ("local-user medinfra service-type telnet", "loses service-type ssh"),
    ):
        job = job_with_edits(
            state, EDGE, (" local-user auditor level 1", f" local-user auditor level 1\n {edit}")
        )
        result = push_job(topology, state, job, PushOptions(protect=PROTECT))
        assert result.outcome is Outcome.REFUSED and result.ended == REFUSED, result.error
        assert f"`aaa / {edit}` breaks the login account: the login account medinfra" in (
            result.error or ""
        )
        assert message in (result.error or "")
        assert lab.running_config(EDGE) == before


@pytest.fixture
def ssh_elsewhere(tmp_path: Path) -> Path:
    """A template override that has the CPE's SSH answer on another port than management's."""
    original = (Path(__file__).parents[2] / "templates" / "huawei_vrp" / "_ssh.j2").read_text()
    moved = original.replace(
        "ssh server permit interface {{ management.interface }}",
        "ssh server permit interface GigabitEthernet0/0/2",
    )
    assert moved != original
    (tmp_path / "templates" / "huawei_vrp").mkdir(parents=True)
    (tmp_path / "templates" / "huawei_vrp" / "_ssh.j2").write_text(moved)
    return tmp_path / "templates"


SSH_MOVED = (
    "`undo ssh server permit interface GigabitEthernet0/0/0` breaks the SSH service: SSH no "
    "longer answers on GigabitEthernet0/0/0"
)


def test_cli_check_refuses_and_allows_under_protection(
    campus, ssh_elsewhere, tmp_path, monkeypatch
) -> None:
    topology, lab, state = campus
    for name, value in push_env(topology).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MEDINFRA_LOCK_DIR", str(tmp_path / "locks"))
    monkeypatch.setenv("MEDINFRA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    before = lab.running_config(CPE)
    command = [
        "push",
        str(INVENTORY / CAMPUS),
        "--lab",
        str(state / "lab"),
        "--quiet",
        "--timeout",
        "5",
        "--device",
        CPE,
        "--check",
        "--templates",
        str(ssh_elsewhere),
    ]
    refused = CliRunner().invoke(app, command)
    assert refused.exit_code == 1, refused.output
    assert f"{CPE}: refused: management path, nothing sent" in refused.output
    assert SSH_MOVED in refused.output
    assert f"ended: {CPE}: refused: management path" in refused.output
    assert "Traceback" not in refused.output
    allowed = CliRunner().invoke(app, [*command, "--allow-management-change"])
    assert allowed.exit_code == 0, allowed.output
    assert "management change allowed (--allow-management-change) under the reboot" in (
        allowed.output
    )
    assert lab.running_config(CPE) == before


def test_ansible_module_check_mode_refuses_and_allows(campus, ssh_elsewhere, tmp_path) -> None:
    topology, lab, state = campus
    env = push_env(topology)
    before = lab.running_config(CPE)
    params = {
        "topology": str(INVENTORY / CAMPUS),
        "hostname": CPE,
        "lab_state": str(state / "lab"),
        "lock_dir": str(tmp_path / "locks"),
        "audit_log": str(tmp_path / "audit.jsonl"),
        "timeout": 5,
        "templates": [str(ssh_elsewhere)],
        "username": env["MEDINFRA_USERNAME"],
        "password": env["MEDINFRA_PASSWORD"],
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            if name.startswith("MEDINFRA_SECRET_"):
                patch.setenv(name, value)
        refused = run_task(params, check_mode=True, want_diff=False)
        allowed = run_task(
            {**params, "allow_management_change": True}, check_mode=True, want_diff=False
        )
    assert refused["failed"] and refused["refused"] and refused["ended"] == REFUSED
    assert SSH_MOVED in refused["msg"]
    assert not allowed["failed"] and allowed["changed"] and allowed["ended"] is None
    assert "under the reboot protection" in allowed["warnings"][0]
    assert lab.running_config(CPE) == before
