"""What real devices print and ask between the SSH login and the first prompt, over real SSH
with netmiko's own drivers (``huawei``, ``huawei_vrpv8``, ``huawei_smartax``) against the lab.

Each shape is given to the lab device (``medinfra.lab.login_shapes``; texts and sources in
docs/lab.md) and a push in check mode logs in, reads the config and proves identity. The push
must survive banners with prompt-like characters and the login information, answer a
password question no (the lab records any password change: none may happen), refuse any
other question without answering it, and refuse a prompt that names another device as an
identity mismatch, not a timeout.
"""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from medinfra.lab import (
    Fault,
    LabHandle,
    LoginBanner,
    LoginQuestion,
    PasswordChange,
    PreLoginBanner,
    run_lab,
)
from medinfra.load import load_topology
from medinfra.model import Topology
from medinfra.push.credentials import load_store
from medinfra.push.engine import DeviceJob, PushOptions, push_device
from medinfra.push.login import PROMPT_LINE, QUESTION
from medinfra.push.results import DeviceResult, Outcome
from tests.conftest import INVENTORY, free_port
from tests.push.labkit import plan_for, push_env

CAMPUS = "union-shenzhen-campus"
EDGE, CPE, OLT = "NS-DC-PE-01", "UNION-CPE-01", "UNION-OLT-01"
HOSTS = (EDGE, CPE, OLT)
LOGGED_IN = (Outcome.WOULD_CHANGE, Outcome.UNCHANGED)
"""A check that logged in, read and proved identity (the CPE is at the model once the push
test of this module ran)."""

BANNER = (
    "****************************************************************\n"
    "<WARNING> Authorised staff of the hospital network only.\n"
    "[NOTICE] Every session is logged ]\n"
    "# change window: Sat 02:00-04:00 #\n"
    "UNION-CPE-01>\n"
    "[~NS-DC-PE-01]\n"
    "UNION-OLT-01(config)#\n"
    "****************************************************************"
)
"""A multi-line banner whose lines look like the devices' own prompts."""

VRP_SAVE_QUESTION = (
    "Warning: There are security risks in the configuration file. Would you like to save "
    "the configuration? [Y/N]:"
)
"""netmiko's VRP driver answers Y to this (and a second Y), saving the configuration."""
OLT_QUESTION = "  Are you sure to continue? (y/n)[y]:"
"""A question whose bare Enter (what netmiko sends before preparing a session) is yes."""


@pytest.fixture(scope="module")
def campus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Topology, LabHandle, Path]]:
    state = tmp_path_factory.mktemp("login-shapes")
    topology = load_topology(INVENTORY / CAMPUS).topology
    with run_lab(topology, state / "lab", base_address="127.1.40.128", port=free_port()) as lab:
        yield topology, lab, state


def _job(state: Path, host: str) -> DeviceJob:
    (job,) = plan_for(CAMPUS, state / "lab", hostnames=[host]).jobs
    return job


def _check(topology: Topology, state: Path, job: DeviceJob, **options: object) -> DeviceResult:
    given = {"check": True, "audit_log": state / "audit.jsonl", "lock_dir": state / "locks"}
    settings = PushOptions(**{**given, **options})  # type: ignore[arg-type]
    return push_device(job, load_store(push_env(topology)), settings)


def _with(lab: LabHandle, host: str, shapes: tuple[Fault, ...]) -> None:
    lab.clear_faults(host)
    for shape in shapes:
        lab.inject(host, shape)


SURVIVED = [
    ("banner", (LoginBanner(BANNER),)),
    ("pre-login-banner", (PreLoginBanner(BANNER),)),
    ("initial-password", (PasswordChange("initial"),)),
    ("expired-password", (PasswordChange("expired"),)),
    ("banner-and-password", (LoginBanner(BANNER), PasswordChange("initial"))),
]


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize(("shape", "shapes"), SURVIVED, ids=[name for name, _ in SURVIVED])
def test_the_push_logs_in_through_banners_and_answers_a_password_question_no(
    campus, host: str, shape: str, shapes: tuple[Fault, ...]
) -> None:
    topology, lab, state = campus
    _with(lab, host, shapes)
    try:
        result = _check(topology, state, _job(state, host))
        record = lab.login_record(host)
    finally:
        lab.clear_faults(host)
    assert result.outcome in LOGGED_IN, (shape, result.error)
    assert "password-changed" not in record, record  # the password was never changed
    assert "login-answers" not in record


@pytest.mark.parametrize(
    ("host", "question", "said"),
    [
        (CPE, VRP_SAVE_QUESTION, "security risks in the configuration file"),
        (EDGE, VRP_SAVE_QUESTION, "security risks in the configuration file"),
        (OLT, OLT_QUESTION, "Are you sure to continue? (y/n)[y]:"),
    ],
)
def test_any_other_question_at_login_refuses_the_device_unanswered(
    campus, host: str, question: str, said: str
) -> None:
    topology, lab, state = campus
    before = lab.running_config(host)
    _with(lab, host, (LoginQuestion(question),))
    try:
        result = _check(topology, state, _job(state, host), check=False)
        record = lab.login_record(host)
    finally:
        lab.clear_faults(host)
    assert result.outcome is Outcome.REFUSED, result.error
    error = result.error or ""
    assert error.startswith(f"{host}: refused at login, nothing sent: the device asked"), error
    assert said in error and "answer it by hand once" in error
    assert "login-answers" not in record, record  # not even a bare Enter
    assert lab.running_config(host) == before


def test_a_push_goes_through_banners_and_the_password_question(campus) -> None:
    """Not only the check: the lines, the verification and the save, after both shapes."""
    topology, lab, state = campus
    _with(lab, CPE, (LoginBanner(BANNER), PasswordChange("expired")))
    try:
        job = _job(state, CPE)
        result = push_device(
            job,
            load_store(push_env(topology)),
            PushOptions(audit_log=state / "audit.jsonl", lock_dir=state / "locks"),
        )
        record = lab.login_record(CPE)
    finally:
        lab.clear_faults(CPE)
    assert result.outcome is Outcome.CHANGED, result.error
    assert "password-changed" not in record


@pytest.mark.parametrize(
    ("host", "sysname"),
    [(CPE, "UNION.CPE.01"), (EDGE, "NS_DC_PE_02"), (OLT, "UNION-OLT-1")],
)
def test_a_prompt_naming_another_device_is_an_identity_refusal(
    campus, host: str, sysname: str
) -> None:
    topology, lab, state = campus
    lab.apply_lines(host, [f"sysname {sysname}"])
    try:
        result = _check(topology, state, _job(state, host))
    finally:
        lab.apply_lines(host, [f"sysname {host}"])
    assert result.outcome is Outcome.REFUSED, result.error
    assert f"has the prompt {sysname!r}, not {host!r}" in (result.error or ""), result.error


def test_a_hostname_with_underscores_and_digits_is_the_device(campus) -> None:
    """The model's hostname (``-``, ``_``, digits) is the device's prompt: no refusal."""
    topology, lab, state = campus
    job = _job(state, CPE)
    name = "UNION_CPE_01"
    device = job.device.model_copy(update={"hostname": name})
    renamed = replace(job, device=device, intended=job.intended.replace(CPE, name))
    lab.apply_lines(CPE, [f"sysname {name}"])
    try:
        result = _check(topology, state, renamed)
    finally:
        lab.apply_lines(CPE, [f"sysname {CPE}"])
    assert result.outcome in LOGGED_IN, result.error


@pytest.mark.parametrize(
    ("line", "prompt"),
    [
        ("<UNION-CPE-01>", True),
        ("[UNION-CPE-01]", True),
        ("[~NS-DC-PE-01]", True),
        ("[*NS-DC-PE-01]", True),
        ("[HN.ZZ_CPE-01-GigabitEthernet0/0/1]", True),
        ("UNION_OLT.01>", True),
        ("UNION-OLT-01#", True),
        ("UNION-OLT-01(config)#", True),
        ("UNION-OLT-01(config-if-gpon-0/1)#", True),
        ("<WARNING> Authorised staff only.", False),
        ("[NOTICE] Every session is logged ]", False),
        ("# change window #", False),
        ("Info: The max number of VTY users is 10, and the number", False),
        ("  ---- More ( Press 'Q' to break ) ----", False),
    ],
)
def test_prompt_shapes(line: str, prompt: bool) -> None:
    assert bool(PROMPT_LINE.match(line.strip())) is prompt


@pytest.mark.parametrize(
    ("line", "asks"),
    [
        ("The password needs to be changed. Change now? [Y/N]:", True),
        ("Error: Please choose 'YES' or 'NO' first before pressing 'Enter'. [Y/N]:", True),
        ("  Are you sure to log out? (y/n)[n]:", True),
        ("Please answer (YES/NO)", True),
        ("      The current login time is 2026-12-02 05:00:00.", False),
        ("<UNION-CPE-01>", False),
    ],
)
def test_question_shapes(line: str, asks: bool) -> None:
    assert bool(QUESTION.search(line)) is asks
