"""Where a VRPv8 candidate write is cut, and how its output is split back into answers."""

import pytest

from medinfra.platforms.huawei_vrpv8 import CANDIDATE_WORDS
from medinfra.push.candidate import LINES_PER_WRITE, cut_before, split_answers, writes
from medinfra.push.session import QUESTION


def test_a_line_that_could_answer_yes_is_never_written_behind_another():
    lines = ["interface A", "quit", "yes-word x", "interface B", "y", "quit"]
    groups = writes(lines)
    for group in groups:
        assert all(not line.lower().startswith("y") for line in group[1:]), groups


@pytest.mark.parametrize("word", sorted(CANDIDATE_WORDS.user_view_too))
def test_a_user_view_word_after_a_quit_waits_and_before_it_does_not(word):
    line = f"{word} something"
    assert writes(["interface A", "description x", line]) == [
        ["interface A", "description x", line]
    ]
    assert writes(["interface A", "quit", line, "interface B"]) == [
        ["interface A", "quit"],
        [line, "interface B"],
    ]


@pytest.mark.parametrize("line", ["commit", "return", "save", "reset bfd statistics", "comm"])
def test_a_line_that_acts_outside_the_candidate_always_waits(line):
    assert cut_before(line, exited=False) and cut_before(line, exited=True)
    assert writes(["bfd S bind peer-ip 10.0.0.1", "discriminator local 1", line]) == [
        ["bfd S bind peer-ip 10.0.0.1", "discriminator local 1"],
        [line],
    ]


def test_the_word_lists_keep_their_convention():
    both = CANDIDATE_WORDS.candidate_only & CANDIDATE_WORDS.user_view_too
    assert not both
    assert not [w for w in CANDIDATE_WORDS.candidate_only if w[0] in "yn"]
    assert not [w for w in CANDIDATE_WORDS.user_view_too if w[0] == "y"]


def test_writes_are_bounded_and_keep_every_line_in_order():
    lines = [f"ip route-static 10.{i // 256}.{i % 256}.0 24 NULL0" for i in range(600)]
    groups = writes(lines)
    assert [len(group) for group in groups] == [LINES_PER_WRITE, LINES_PER_WRITE, 88]
    assert [line for group in groups for line in group] == lines


def test_answers_are_split_at_the_echoes_and_a_question_belongs_to_its_line():
    output = (
        "undo telnet server enable\n"
        "Warning: The Telnet server will be disabled.\nContinue? [Y/N]:"
        "interface GE0/0/0\n[*PE]"
        "undo shutdown\nError: Unrecognized command found at '^' position.\n[*PE]"
        "quit\n[*PE]"
    )
    lines = ["undo telnet server enable", "interface GE0/0/0", "undo shutdown", "quit"]
    answers = split_answers(output, lines, QUESTION)
    assert answers is not None
    assert "[Y/N]" in answers[0] and "Error" not in answers[0]
    assert answers[1] == "[*PE]"
    assert answers[2].startswith("Error: Unrecognized")
    assert answers[3] == "[*PE]"
    assert split_answers(output.removesuffix("[*PE]"), lines, QUESTION) is None
    assert split_answers(output, [*lines, "interface GE0/0/1"], QUESTION) is None


def test_a_line_quoted_in_an_answer_is_not_taken_for_its_echo():
    output = "a\nError: 'b' is not valid here.\nb\n[*PE]b\n[*PE]"
    answers = split_answers(output, ["a", "b"], QUESTION)
    assert answers == ["Error: 'b' is not valid here.\nb\n[*PE]", "[*PE]"]
