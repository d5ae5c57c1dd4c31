"""The text medinfra writes into VRPv8 commits, against the device's rules for each part."""

import pytest

from medinfra.errors import UsageError
from medinfra.platforms.vrpv8_commit import commit_command, description_problem, tag_problem
from medinfra.push.engine import PushOptions
from medinfra.push.marks import CommitMarks, new_run_id


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("medinfra-20261201T230512Z-1a2b3c", None),
        ("a" * 256, None),
        ("a" * 257, "1 to 256 visible ASCII characters"),
        ("", "1 to 256 visible ASCII characters"),
        ("two words", "no space"),
        ('say"hi', "no space or quote"),
        ("1st", "must not start with a digit"),
        ("-", "means 'no label'"),
        ("zürich", "visible ASCII"),
    ],
)
def test_label_rules(text: str, problem: str | None) -> None:
    found = tag_problem(text)
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("medinfra push r1", True),
        ("x" * 60, True),
        ("x" * 61, False),
        ("", False),
        ("naïve", False),
        (" padded", False),
    ],
)
def test_description_rules(text: str, ok: bool) -> None:
    assert (description_problem(text) is None) is ok


@pytest.mark.parametrize(
    ("action", "trial", "line"),
    [
        (
            "push",
            300,
            "commit trial 300 label medinfra-r1 persist medinfra-r1 description medinfra push r1",
        ),
        ("push", None, "commit label medinfra-r1 description medinfra push r1"),
        ("restore", None, "commit description medinfra restore r1"),
    ],
)
def test_commit_lines_use_the_real_syntax(action: str, trial: int | None, line: str) -> None:
    made = CommitMarks("r1").commit(action, trial)
    assert made == line
    assert "comment" not in made


def test_commit_command_refuses_what_the_device_would() -> None:
    for kwargs in ({"trial": 59}, {"label": "1x"}, {"description": "x" * 61}):
        with pytest.raises(ValueError):
            commit_command(**kwargs)  # type: ignore[arg-type]


def test_every_run_id_makes_valid_marks_and_a_bad_one_is_a_usage_error() -> None:
    marks = CommitMarks(new_run_id())
    assert tag_problem(marks.label) is None
    assert description_problem(marks.description("restore")) is None
    assert PushOptions().run_id != PushOptions().run_id
    for bad in ("", "has space", "x" * 41, "-lead"):
        with pytest.raises(UsageError):
            PushOptions(run_id=bad)
