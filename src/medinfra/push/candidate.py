"""A two-stage-commit remediation written into the candidate in large writes, every line's
answer still checked, the failed line named and the candidate cleared before anything commits.

On VRPv8 nothing applies before ``commit``: lines typed in the system view go to the session's
candidate. So the lines need not wait for one another's answers: they are written up to
:data:`LINES_PER_WRITE` at a time, and the output is split back into one answer per line at
each line's echo (the device echoes a line after the prompt or question that ended the line
before). Each answer is checked against the platform's error pattern and for a question; the
first refused line is named, a question still open is answered no, the candidate is cleared
with ``clear configuration candidate`` (NE40E/NE8000 command reference: it deletes the
uncommitted configuration, in every view but the user view) and nothing is committed. netmiko's
``huawei_vrpv8`` driver knows ``commit`` only; medinfra sends its own commit afterwards.

What a line after a refused one can do inside one write is bounded by where the write is cut
(:func:`writes`): a line the device would carry out at once outside a configuration view, or
that could answer a question yes, is written only once every answer before it was checked.
"""

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from netmiko.exceptions import ReadTimeout

from medinfra.platforms.huawei_vrpv8 import CANDIDATE_WORDS, CandidateWords
from medinfra.push.errors import PushError
from medinfra.push.messages import device_words
from medinfra.push.transport import closed, wait_readable

LINES_PER_WRITE = 256
"""Lines per write at most: the device's echoes and answers of one write (some 25 kB) are
read before the next, so neither side's buffers fill up while the other writes."""

PROMPT = r"(?:<[^<>\n]+>|\[[^\[\]\n]+\])"
"""A VRP prompt: ``<HOST>`` in the user view, ``[~HOST-view]`` / ``[*HOST]`` in the others."""

CLEAR_CANDIDATE = "clear configuration candidate"
"""Deletes the uncommitted configuration (every view but the user view); the session stays in
the system view."""


def is_exit(line: str) -> bool:
    """Whether ``line`` leaves a view (``quit``; ``return`` leaves them all).

    Examples:
        >>> is_exit("quit"), is_exit("quit-mode x")
        (True, False)
    """
    return line.strip().lower() in ("quit", "return")


def cut_before(line: str, exited: bool, words: CandidateWords = CANDIDATE_WORDS) -> bool:
    """Whether ``line`` must wait until every line before it was answered.

    A line whose first word the platform does not list as acting in the candidate only
    (``commit`` in a view whose opening line was refused, an unknown word, anything starting
    with ``y``: it could answer a question yes) always waits. A line whose first word is a
    command of the user view too (``undo``, ``clock``, ``local-user``) or could answer ``n``
    waits only when the write already holds a ``quit``: a refused view line makes that
    ``quit`` leave the system view.

    Examples:
        >>> cut_before("interface GE1/0/0.1", exited=True), cut_before("commit", exited=False)
        (False, True)
        >>> cut_before("undo shutdown", exited=False), cut_before("undo shutdown", exited=True)
        (False, True)
    """
    if line.strip().lower() == "quit":
        return False  # a view's own exit; ``return`` (every view at once) waits
    first = (line.split() or [""])[0].lower()
    if first.startswith("y"):
        return True
    if first in words.candidate_only and not first.startswith("n"):
        return False
    if first in words.user_view_too:
        return exited
    return True


def writes(lines: Sequence[str], size: int = LINES_PER_WRITE) -> list[list[str]]:
    """The lines grouped into writes: at most ``size`` each, cut before every line that must
    wait for the answers before it (:func:`cut_before`).

    Examples:
        >>> writes(["interface A", "undo shutdown", "quit", "undo lldp enable", "lldp enable"])
        [['interface A', 'undo shutdown', 'quit'], ['undo lldp enable', 'lldp enable']]
    """
    groups: list[list[str]] = []
    current: list[str] = []
    exited = False
    for line in lines:
        if current and (len(current) >= size or cut_before(line, exited)):
            groups.append(current)
            current, exited = [], False
        current.append(line)
        exited = exited or is_exit(line)
    if current:
        groups.append(current)
    return groups


@cache
def _terminated(question: str) -> re.Pattern[str]:
    """A prompt or a question at the end of (a slice of) the output."""
    return re.compile(rf"(?:{PROMPT}|(?:{question}):?)[ \t]*\Z")


def split_answers(output: str, lines: Sequence[str], question: str) -> list[str] | None:
    """One answer per line, or None until the output holds them all.

    A line's answer runs from its echo to the next line's echo, which follows the prompt (or
    the question) that ended the answer; the last answer is complete once the output ends
    with a prompt or a question.

    Examples:
        >>> out = "a\\n[*R]b\\nError: Wrong parameter.\\n[*R]"
        >>> split_answers(out, ["a", "b"], r"\\[Y/N\\]")
        ['[*R]', 'Error: Wrong parameter.\\n[*R]']
        >>> split_answers(out[:-4], ["a", "b"], r"\\[Y/N\\]") is None
        True
    """
    terminated = _terminated(question)
    if not lines:
        return []
    if (lines[-1].strip() + "\n") not in output or not terminated.search(output):
        return None  # the last line's echo or its answer's end is still to come: no parse yet
    starts: list[int] = []
    position = 0
    for index, line in enumerate(lines):
        echo = line.strip() + "\n"
        found = output.find(echo, position)
        while found != -1 and index and not terminated.search(output, position, found):
            found = output.find(echo, found + 1)
        if found == -1:
            return None
        starts.append(found + len(echo))
        position = found + len(echo)
    pairs = zip(starts[1:], lines[1:], strict=True)
    ends = [start - len(line.strip()) - 1 for start, line in pairs]
    return [output[start:end] for start, end in zip(starts, [*ends, len(output)], strict=True)]


@dataclass
class CandidateWriter:
    """Writes lines into one session's candidate (``connection``: a netmiko connection in the
    system view) and checks every answer."""

    connection: Any
    hostname: str
    error_pattern: str
    question: str
    timeout: float

    def write(self, lines: Sequence[str]) -> str:
        """Write ``lines``; raise :class:`PushError` naming the first refused line (after the
        candidate was cleared), ``ReadTimeout`` when the device stops answering."""
        output = ""
        sent = 0
        for group in writes(lines):
            answers, text = self._write_one(group)
            output += text
            for offset, answer in enumerate(answers):
                if re.search(self.error_pattern, answer) or re.search(self.question, answer):
                    where = f"line {sent + offset + 1} of {len(lines)}"
                    self._refused(group[offset], answer, text, where, offset + 1 < len(group))
            sent += len(group)
        return output

    def _write_one(self, group: list[str]) -> tuple[list[str], str]:
        connection = self.connection
        connection.write_channel("".join(line + connection.RETURN for line in group))
        output = ""
        deadline = time.monotonic() + self.timeout
        while True:
            before = len(output)
            output += connection.read_channel()
            answers = split_answers(output, group, self.question)
            if answers is not None:
                return answers, output
            if closed(connection.remote_conn):
                raise EOFError
            now = time.monotonic()
            if len(output) > before:
                deadline = now + self.timeout  # --timeout is per answer, not per write
            if now >= deadline:
                raise ReadTimeout("no answer to a line of the write within the timeout")
            wait_readable(connection.remote_conn, deadline - now)

    def _refused(self, line: str, answer: str, output: str, where: str, answered: bool) -> None:
        """Raise for a refused ``line`` (``answered``: a line of the write came after it)."""
        where = f"{where}, written into the candidate; {self._discard(output)}"
        line = line.strip()
        if re.search(self.question, answer) is None:
            said = device_words(answer)
            raise PushError(f"{self.hostname}: the device refused a line ({said}; {where}): {line}")
        question = " ".join(part.strip() for part in answer.splitlines() if part.strip())
        question = re.sub(rf"\s*{PROMPT}$", "", question)
        taken = "; the next line of the write was its answer, never a yes"
        raise PushError(
            f"{self.hostname}: the device asked for a confirmation ({question}); medinfra "
            "answered no and stopped (it confirms no question it does not expect"
            f"{taken if answered else ''}; {where}): {line}"
        )

    def _discard(self, output: str) -> str:
        """Answer an open question no, clear the candidate in a config view; say what became of
        the candidate (the engine drops the session afterwards in any case)."""
        try:
            if re.search(rf"(?:{self.question}):?[ \t]*\Z", output):
                output = self._send("N", rf"{PROMPT}[ \t]*\Z")
            if re.search(r"<[^<>\n]+>[ \t]*\Z", output):
                return "the session left the system view without committing, nothing was committed"
            answer = self._send(CLEAR_CANDIDATE, rf"{PROMPT}[ \t]*\Z")
        except (ReadTimeout, OSError, EOFError):
            return "the session is dropped with its candidate, nothing was committed"
        if re.search(self.error_pattern, answer):
            return "the session is dropped with its candidate, nothing was committed"
        return "the candidate was cleared, nothing was committed"

    def _send(self, line: str, pattern: str) -> str:
        self.connection.write_channel(line + self.connection.RETURN)
        return str(self.connection.read_until_pattern(pattern=pattern, read_timeout=self.timeout))
