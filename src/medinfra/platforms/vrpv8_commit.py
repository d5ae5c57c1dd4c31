"""VRPv8 (NE40E / NetEngine 8000) commit syntax: every rule medinfra knows about a commit line.

``commit [ trial [ TIME ] ] [ label L ] [ persist ID ] [ description TEXT ]`` (NE40E V800R012 /
NetEngine 8000 command reference); a trial without a persist id belongs to the session that
committed it, one with a persist id is confirmed by ``commit persist ID`` from any session and
aborted by ``abort trial persist ID``. netmiko's ``commit comment`` is not in this syntax.
"""

import re

TRIAL_SECONDS = range(60, 65536)
"""``commit trial TIME``: 60 to 65535 seconds (NE40E/NE8000 command reference)."""
DEFAULT_TRIAL_SECONDS = 600
"""``commit trial`` without a time."""
TAG_MAX = 256
"""A commit ``label`` and a trial's ``persist`` id: 1 to 256 characters."""
DESCRIPTION_MAX = 60
"""A commit ``description``: 1 to 60 ASCII characters, spaces allowed (the rest of the line)."""
_TAG = re.compile(r"[!-~]+")


def tag_problem(text: str, what: str = "label") -> str | None:
    """Why ``text`` cannot be a commit label or persist id (None: it can).

    Visible ASCII without spaces (the device allows spaces only inside double quotes, which
    medinfra never sends), 1 to 256 characters, not starting with a digit, not ``-``; a label
    must also be unique on the device (one label, one commit id).

    Examples:
        >>> tag_problem("medinfra-20261201T230000Z-1a2b3c") is None
        True
        >>> tag_problem("1st")
        "label '1st': must not start with a digit"
    """
    if not 1 <= len(text) <= TAG_MAX or not _TAG.fullmatch(text) or '"' in text:
        return f"{what} {text!r}: 1 to {TAG_MAX} visible ASCII characters, no space or quote"
    if text[0].isdigit():
        return f"{what} {text!r}: must not start with a digit"
    if text == "-":
        return f"{what} '-': means 'no label' on the device"
    return None


def description_problem(text: str) -> str | None:
    """Why ``text`` cannot be a commit description (None: it can): 1 to 60 printable ASCII
    characters, spaces allowed, not starting or ending with one."""
    if not 1 <= len(text) <= DESCRIPTION_MAX or not re.fullmatch(r"[ -~]+", text):
        return f"description {text!r}: 1 to {DESCRIPTION_MAX} printable ASCII characters"
    if text != text.strip():
        return f"description {text!r}: no leading or trailing space"
    return None


def commit_command(
    *,
    trial: int | None = None,
    label: str | None = None,
    persist: str | None = None,
    description: str | None = None,
) -> str:
    """The commit line in the device's syntax: ``commit [ trial [ TIME ] ] [ label L ]
    [ persist ID ] [ description TEXT ]`` (never netmiko's ``commit comment``).

    Examples:
        >>> commit_command(trial=300, label="mi-1", persist="mi-1", description="medinfra 1")
        'commit trial 300 label mi-1 persist mi-1 description medinfra 1'
        >>> commit_command(persist="mi-1")
        'commit persist mi-1'
    """
    words = ["commit"]
    if trial is not None:
        if trial not in TRIAL_SECONDS:
            raise ValueError(f"commit trial {trial}: the device takes 60 to 65535 seconds")
        words += ["trial", str(trial)]
    for key, value in (("label", label), ("persist", persist)):
        if value is not None:
            problem = tag_problem(value, key)
            if problem is not None:
                raise ValueError(problem)
            words += [key, value]
    if description is not None:
        problem = description_problem(description)
        if problem is not None:
            raise ValueError(problem)
        words += ["description", description]
    return " ".join(words)
