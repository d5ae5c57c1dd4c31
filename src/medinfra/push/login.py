"""Between the SSH login and the first prompt: banners, login information and questions.

Real devices do not go straight to ``<HOST>``. They print banners (``header shell
information``: any lines, ``>``, ``]`` and ``#`` included), login information (``Info: The
max number of VTY users is 10, ...``, ``The last login time is ... through SSH.``, an
MA5800's copyright and last-login table), and may ask a question first: VRP's ``Warning: The
initial password poses security risks. / The password needs to be changed. Change now?
[Y/N]:``, the same for an expired password, an OLT's ``(y/n)[n]:`` question.

netmiko's VRP driver reads up to the first ``>`` or ``]`` anywhere (a banner's ``<WARNING>``
ends its read), answers ``N`` to a password question only when nothing prompt-like came
before it, and answers ``Y`` to a question about security risks in the configuration file
-- which saves the configuration; its SmartAX driver answers a ``YES/NO`` question ``yes``
and lets a bare Enter answer any other. A push must never change a password or save on its
own, so this reading replaces netmiko's (:class:`~medinfra.push.transport.WaitingReads`):

- the login text is read until it *ends* with a line shaped like a prompt (``<HOST>``,
  ``[HOST]``, ``[~HOST]``, ``[*HOST]``, ``HOST>``, ``HOST#``, ``HOST(config)#``) and nothing
  more arrives: a banner line that looks like a prompt is followed by more text;
- a question about the password is answered no (``N``, SmartAX ``n``), so the session carries
  on with the password it has; VRP's ``Please choose 'YES' or 'NO' first`` re-asks it;
- any other question refuses the device, naming the question: nothing is answered;
- a pager (``---- More ----``) in the login text is answered with a space;
- no prompt within the connection timeout says what the device last printed (a device that
  printed nothing is told as any silent device: netmiko's ``ReadTimeout``).

The prompt's hostname is checked afterwards, against the model (:mod:`medinfra.push.identity`).
"""

import re
import time
from collections.abc import Callable
from typing import Any

from netmiko.exceptions import ReadTimeout

from medinfra.push.errors import PushError

PROMPT_LINE = re.compile(
    r"^(?:<[^\s<>\[\]]+>|\[[~*]?[^\s<>\[\]]+\]|[^\s<>\[\]()#]+(?:\([^\s()]+\))?[>#])$"
)
"""A whole line shaped like a Huawei prompt: VRP ``<HOST>``, ``[HOST]``, VRPv8 ``[~HOST]``,
``[*HOST]``, SmartAX ``HOST>``, ``HOST#``, ``HOST(config)#`` (hostnames with ``-``, ``_``,
``.`` and digits)."""

QUESTION = re.compile(r"(?:\[Y/N\]|\[YES/NO\]|\(YES/NO\)|\(y/n\)(?:\[[yn]\])?)\s*:?\s*$", re.I)
"""A line waiting for an answer: VRP ``[Y/N]:``, SmartAX ``(y/n)[n]:``, ``(YES/NO)``."""

ABOUT_PASSWORD = re.compile(r"\bpassword\b", re.I)
"""A question about the password: answered no (no answer of no changes anything)."""

PAGER = re.compile(r"-{2,} ?More\b.*-{2,}\s*$")
"""A pager line (VRP ``---- More ----``, SmartAX ``---- More ( Press 'Q' to break ) ----``)."""

SETTLE = 0.05
"""Seconds of silence after a prompt-shaped last line before it is taken as the prompt."""
MAX_ANSWERS = 3
"""Password questions answered at one login before the device is refused (a device that
keeps asking does not take no)."""


class LoginQuestionError(PushError):
    """The device asked a question at login that the push does not answer."""


class LoginTimeoutError(PushError):
    """No prompt arrived after the login."""


def _last_line(text: str) -> str:
    return text.rsplit("\n", 1)[-1].strip()


def _question(text: str) -> str:
    """The question with the lines printed just before it (its ``Warning:`` line)."""
    lines = [line.strip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    asked: list[str] = []
    while lines and lines[-1] and len(asked) < 3:
        asked.insert(0, lines.pop())
    return " ".join(asked)


def _no(question: str) -> str:
    """No, as the question's form asks for it: ``N`` for ``[Y/N]``, ``n`` for ``(y/n)``."""
    lowered = question.lower()
    if "(yes/no)" in lowered or "[yes/no]" in lowered:
        return "no"
    return "n" if "(y/n)" in lowered else "N"


Wait = Callable[[Any, float], None]
"""Sleep on a channel until it has data or the seconds pass (``transport.wait_readable``)."""


def _settled(channel: Any, wait: Wait) -> bool:
    """Nothing more arrives within :data:`SETTLE` seconds."""
    deadline = time.monotonic() + SETTLE
    while (left := deadline - time.monotonic()) > 0:
        if channel.recv_ready():
            return False
        wait(channel, left)
    return not channel.recv_ready()


def read_login(connection: Any, timeout: float, wait: Wait, closed: Callable[[Any], bool]) -> str:
    """Read the device's login text up to its first prompt, answering a password question
    no; return the prompt line. Raises :class:`LoginQuestionError` for any other question,
    :class:`LoginTimeoutError` when no prompt comes within ``timeout`` seconds, EOFError when
    the device closes the session. ``wait`` and ``closed`` are the transport's channel waits."""
    channel = connection.remote_conn
    output, answers = "", 0
    deadline = time.monotonic() + timeout
    while True:
        output += connection.strip_ansi_escape_codes(connection.read_channel())
        last = _last_line(output)
        if PROMPT_LINE.match(last) and _settled(channel, wait):
            return last
        if QUESTION.search(last):
            question = _question(output)
            if not ABOUT_PASSWORD.search(question):
                raise LoginQuestionError(
                    f"the device asked at login: {question!r}; medinfra answers no question "
                    "at login but a password change (answered no): answer it by hand once, "
                    "then push again"
                )
            if answers >= MAX_ANSWERS:
                raise LoginQuestionError(
                    f"the device keeps asking at login: {question!r} (answered no "
                    f"{answers} times); medinfra never changes a password: change it by hand "
                    "(and the model's credentials), then push again"
                )
            connection.write_channel(_no(question) + connection.RETURN)
            answers += 1
            output = ""
            continue
        if PAGER.search(last):
            connection.write_channel(" ")
            output = output.rsplit("\n", 1)[0] + "\n"
            continue
        if closed(channel):
            raise EOFError
        left = deadline - time.monotonic()
        if left <= 0 and not output.strip():
            raise ReadTimeout("no login text")  # a silent device, told as every silence is
        if left <= 0:
            tail = " | ".join(line.strip() for line in output.splitlines()[-3:] if line.strip())
            raise LoginTimeoutError(
                f"no prompt within {timeout:g} s of logging in; the device last printed: {tail!r}"
            )
        wait(channel, left)
