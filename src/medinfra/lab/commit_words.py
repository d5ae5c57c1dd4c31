"""The lab's reading of a VRPv8 ``commit`` line and the checks a real device makes on it.

``commit [ trial [ TIME ] ] [ label L ] [ persist ID ] [ description TEXT ]`` (the rules of
each part are in :mod:`medinfra.platforms.vrpv8_commit`); ``commit comment ...``, which
netmiko's driver sends when given a comment, is not in that syntax and is refused by the
grammar before it gets here.
"""

from dataclasses import dataclass

from medinfra.platforms.vrpv8_commit import (
    DEFAULT_TRIAL_SECONDS,
    TAG_MAX,
    description_problem,
    tag_problem,
)

COMMIT_SYNTAX = (
    "commit [ trial [ <60-65535> ] ] [ label <tag> ] [ persist <tag> ] [ description <text> ]"
)
"""The command table row of ``commit`` (``<tag>``: :func:`tag_accepted`)."""


def tag_accepted(token: str) -> bool:
    """A label or persist id as the device takes it: a word by the rules, or a double-quoted
    string (spaces allowed) that does not start with a digit."""
    if len(token) > 1 and token[0] == token[-1] == '"':
        inner = token[1:-1]
        return 1 <= len(inner) <= TAG_MAX and inner.isascii() and not inner[:1].isdigit()
    return tag_problem(token) is None


@dataclass(frozen=True)
class CommitWords:
    """What one ``commit`` line asks for."""

    trial: int | None = None
    label: str | None = None
    persist: str | None = None
    description: str = ""
    description_column: int = 0
    """Where the description starts in the line (for the caret of a refused one)."""


def read_commit(words: list[str]) -> CommitWords:
    """The parts of a ``commit`` line the grammar accepted (keywords in full).

    Examples:
        >>> read_commit(["commit", "trial", "label", "a1", "description", "two", "words"])
        CommitWords(trial=600, label='a1', persist=None, description='two words', \
description_column=34)
    """
    values: dict[str, str] = {}
    trial: int | None = None
    index = 1
    while index < len(words):
        word = words[index]
        if word == "description":
            column = len(" ".join(words[: index + 1])) + 1
            text = " ".join(words[index + 1 :])
            return CommitWords(trial, values.get("label"), values.get("persist"), text, column)
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "trial":
            trial = int(following) if following.isdigit() else DEFAULT_TRIAL_SECONDS
            index += 2 if following.isdigit() else 1
            continue
        values[word] = following.strip('"')
        index += 2
    return CommitWords(trial, values.get("label"), values.get("persist"))


def description_refused(words: CommitWords) -> bool:
    """Whether the device refuses the description (longer than 60, not ASCII)."""
    return bool(words.description) and description_problem(words.description) is not None
