"""Faults a lab device can be told to show, at start or while it runs.

Each fault is a small frozen value; a device holds a list of them. ``parse_fault`` reads the
short text form the CLI takes (``reject:PATTERN``, ``drop:N``, ``latency:SECONDS``,
``refuse-auth``, ``hang``, ``host-key``, ``cut-management:PATTERN``, ``cut-login:PATTERN``,
``ignore:PATTERN``, ``drop-on:PATTERN``, ``drop-answer:PATTERN``, ``hang-on:PATTERN``,
``confirm:PATTERN``; the login shapes ``banner:TEXT``, ``pre-banner:TEXT``,
``password:initial|expired``, ``login-question:TEXT``).
"""

import re
from dataclasses import dataclass

from medinfra.errors import UsageError
from medinfra.lab.login_shapes import LoginBanner, LoginQuestion, PasswordChange, PreLoginBanner


@dataclass(frozen=True)
class RejectCommand:
    """Refuse every command line that matches ``pattern`` (a regex, searched) with the
    platform's error text, or with ``message`` when given (e.g. ``Error: Insufficient memory``).
    """

    pattern: str
    message: str | None = None

    def matches(self, line: str) -> bool:
        """Whether this fault refuses ``line``."""
        return re.search(self.pattern, line) is not None


@dataclass(frozen=True)
class DropAfter:
    """Drop the connection (no answer, TCP closed) when a session sends command ``commands + 1``.

    Every non-empty line counts, the client's own login commands included (netmiko sends
    ``screen-length 0 temporary`` on VRP; ``undo smart``, ``enable``, ``infoswitch cli OFF``,
    ``disable``, ``scroll`` on SmartAX).
    """

    commands: int


@dataclass(frozen=True)
class DropOn:
    """Drop the connection once, when the ``nth`` line matching ``pattern`` (a regex,
    searched; counted over every session since the fault was set) arrives.

    With ``answered=False`` the line is not carried out (the connection went as it was typed);
    with ``answered=True`` it is carried out and its answer is lost (a ``save`` that completed
    while the link went down). The fault is gone once it fired: the next session is served.
    With ``silent=True`` the device goes silent instead, from that line on (a :class:`Hang`).
    """

    pattern: str
    nth: int = 1
    answered: bool = False
    silent: bool = False

    def matches(self, line: str) -> bool:
        """Whether ``line`` counts for this fault."""
        return re.search(self.pattern, line) is not None


@dataclass(frozen=True)
class Latency:
    """A WAN's round trip: what the client sends reaches the device ``seconds`` after it was
    sent (the answers leave at once, so every answer comes one round trip after its question).
    Data in flight travels together: a client that waits for each line's answer pays the round
    trip per line, one that writes a hundred lines at once pays it once, plus the device's own
    time for each line. The SSH handshake and login are not delayed."""

    seconds: float


@dataclass(frozen=True)
class RefuseAuth:
    """Refuse every authentication attempt (as a device with a changed password would)."""


@dataclass(frozen=True)
class Hang:
    """Accept the connection but never answer: no prompt, no echo, no output."""


@dataclass(frozen=True)
class ChangeHostKey:
    """Serve a new, unknown host key (the device was replaced, or someone is in the middle)."""


@dataclass(frozen=True)
class CutManagement:
    """Management is cut while a line matching ``pattern`` (a regex, searched) is in the
    running configuration: new SSH sessions are refused and open ones dropped, until the line
    is gone again (trial expiry, ``abort trial``, rollback or reboot). With ``keep_open``
    (``cut-login:PATTERN``) open sessions stay and only new ones are refused, as a vty ACL
    that no longer admits the controller does.
    """

    pattern: str
    keep_open: bool = False

    def matches(self, line: str) -> bool:
        """Whether ``line`` cuts management."""
        return re.search(self.pattern, line) is not None


@dataclass(frozen=True)
class IgnoreLine:
    """Accept configuration lines matching ``pattern`` (a regex, searched) without keeping
    them, as a device does with a line its licence or hardware does not support: the running
    configuration then differs from what was sent."""

    pattern: str

    def matches(self, line: str) -> bool:
        """Whether this fault swallows ``line``."""
        return re.search(self.pattern, line) is not None


CONFIRM_QUESTION = (
    "Warning: This operation may affect online users and will change the user privilege"
    " level, Continue? [Y/N]:"
)
"""A question a VRP device asks after a configuration line (changing an online user's level)."""


@dataclass(frozen=True)
class ConfirmLine:
    """Ask ``question`` after a configuration line matching ``pattern`` (a regex, searched)
    and carry the line out only when the answer is ``y``/``yes``, as a device does for a
    line whose effect it wants confirmed (``Continue? [Y/N]:``, SmartAX ``(y/n)[n]:``)."""

    pattern: str
    question: str = CONFIRM_QUESTION

    def matches(self, line: str) -> bool:
        """Whether this fault asks before ``line``."""
        return re.search(self.pattern, line) is not None


Fault = (
    RejectCommand
    | DropAfter
    | DropOn
    | Latency
    | RefuseAuth
    | Hang
    | ChangeHostKey
    | CutManagement
    | IgnoreLine
    | ConfirmLine
    | LoginBanner
    | PreLoginBanner
    | PasswordChange
    | LoginQuestion
)
"""Any fault (the login shapes of :mod:`medinfra.lab.login_shapes` among them)."""


def _login_shape(name: str, argument: str) -> Fault | None:
    """``banner:TEXT``, ``pre-banner:TEXT`` (``\\n`` for a new line), ``password:initial`` /
    ``password:expired``, ``login-question:TEXT``."""
    text = argument.replace("\\n", "\n")
    if name == "banner" and argument:
        return LoginBanner(text)
    if name == "pre-banner" and argument:
        return PreLoginBanner(text)
    if name == "password" and argument in ("initial", "expired"):
        return PasswordChange(argument)
    if name == "login-question" and argument:
        return LoginQuestion(text)
    return None


def parse_fault(text: str) -> Fault:
    """Read a fault from its short text form.

    Examples:
        >>> parse_fault("drop:3")
        DropAfter(commands=3)
        >>> parse_fault("reject:^ip route-static")
        RejectCommand(pattern='^ip route-static', message=None)
    """
    name, _, argument = text.partition(":")
    try:
        if name == "reject" and argument:
            re.compile(argument)
            return RejectCommand(argument)
        if name in ("cut-management", "cut-login") and argument:
            re.compile(argument)
            return CutManagement(argument, keep_open=name == "cut-login")
        if name == "ignore" and argument:
            re.compile(argument)
            return IgnoreLine(argument)
        if name == "confirm" and argument:
            re.compile(argument)
            return ConfirmLine(argument)
        if name == "drop":
            return DropAfter(int(argument))
        if name in ("drop-on", "drop-answer", "hang-on") and argument:
            re.compile(argument)
            return DropOn(argument, answered=name == "drop-answer", silent=name == "hang-on")
        if name == "latency":
            return Latency(float(argument))
        login = _login_shape(name, argument)
        if login is not None:
            return login
    except (ValueError, re.error) as error:
        raise UsageError(f"fault {text!r}: {error}") from None
    simple: dict[str, Fault] = {
        "refuse-auth": RefuseAuth(),
        "hang": Hang(),
        "host-key": ChangeHostKey(),
    }
    if name in simple and not argument:
        return simple[name]
    raise UsageError(
        f"fault {text!r}: expected reject:PATTERN, drop:N, latency:SECONDS, refuse-auth, "
        "hang, host-key, cut-management:PATTERN, cut-login:PATTERN, ignore:PATTERN, "
        "drop-on:PATTERN, drop-answer:PATTERN, confirm:PATTERN, banner:TEXT, pre-banner:TEXT, "
        "password:initial|expired or login-question:TEXT"
    )
