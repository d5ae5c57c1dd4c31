"""What the platforms' command lines share: replies, command tables, questions, output filters.

A console is sans-IO: ``handle(line)`` returns a :class:`Reply` and the SSH session writes it.
Each platform lists its non-configuration commands as :class:`Command` rows (a syntax, the
modes it is valid in, a handler); configuration lines go to an :class:`Editor`.
"""

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from medinfra.lab.device import DeviceState
from medinfra.lab.editor import Editor, Outcome, judge
from medinfra.lab.faults import ConfirmLine, IgnoreLine, RejectCommand
from medinfra.lab.syntax import (
    Verdict,
    WordSequence,
    abbreviations,
    first_difference,
    keywords,
    normalise,
    parse_syntax,
    tokenize,
)


@dataclass(frozen=True)
class Reply:
    """What a device prints for one line."""

    text: str = ""
    prompt: bool = True
    close: bool = False
    pageable: bool = False


@dataclass(frozen=True)
class Command:
    """A non-configuration command: where it is valid and the console method that runs it."""

    syntax: str
    modes: frozenset[str]
    handler: str
    tree: WordSequence = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tree", parse_syntax(self.syntax))


def commands(rows: list[tuple[str, str, str]]) -> tuple[Command, ...]:
    """Build a command table from ``(syntax, 'mode mode ...', handler)`` rows."""
    return tuple(
        Command(syntax, frozenset(modes.split()), handler) for syntax, modes, handler in rows
    )


Handler = Callable[[list[str]], Reply]
Answer = Callable[[str], Reply]


def _include(lines: list[str], rx: re.Pattern[str]) -> list[str]:
    return [line for line in lines if rx.search(line)]


def _exclude(lines: list[str], rx: re.Pattern[str]) -> list[str]:
    return [line for line in lines if not rx.search(line)]


def _begin(lines: list[str], rx: re.Pattern[str]) -> list[str]:
    for index, line in enumerate(lines):
        if rx.search(line):
            return lines[index:]
    return []


_FILTERS: dict[str, Callable[[list[str], re.Pattern[str]], list[str]]] = {
    "include": _include,
    "exclude": _exclude,
    "begin": _begin,
}


class Console(ABC):
    """The platform-independent part of a device command line."""

    COMMANDS: tuple[Command, ...] = ()

    def __init__(self, device: DeviceState, user: str) -> None:
        self.device = device
        self.user = user
        self.editor: Editor | None = None
        self.question: Answer | None = None
        self.screen_length = 24
        self.commands_seen = 0
        self.login_time = datetime.now(UTC)
        self.peer = "127.0.0.1"
        """The address the SSH session comes from (the session sets it)."""

    # --- to be given by each platform -------------------------------------------------------
    @property
    def mode(self) -> str:
        """The current mode name used by the command table (user, config, ...)."""
        return "config" if self.editor is not None else "user"

    @abstractmethod
    def prompt(self) -> str:
        """The prompt for the current view."""

    def closed(self) -> None:
        """The SSH session ended (logged out, dropped or aborted); nothing to do by default."""
        return

    def greeting(self) -> str:
        """What the device prints after login, before the first prompt."""
        return ""

    @abstractmethod
    def error(self, outcome: Outcome) -> Reply:
        """The platform's error lines for a refused line."""

    def config_line(self, line: str) -> Outcome:
        """Apply a configuration line in the current view."""
        assert self.editor is not None
        return self.editor.apply(line)

    # --- shared behaviour -------------------------------------------------------------------
    def handle(self, line: str) -> Reply:
        """Answer one line typed at the prompt."""
        if self.question is not None:
            answer, self.question = self.question, None
            return answer(line.strip())
        text = line.strip()
        if not text:
            return Reply()
        self.commands_seen += 1
        for fault in self.device.faults:
            if isinstance(fault, IgnoreLine) and self.editor is not None and fault.matches(text):
                return Reply()
            if isinstance(fault, RejectCommand) and fault.matches(text):
                if fault.message is not None:
                    return Reply(fault.message)
                return self.error(Outcome(Verdict.UNRECOGNIZED, 0))
            if isinstance(fault, ConfirmLine) and self.editor is not None and fault.matches(text):
                return self.ask(
                    fault.question,
                    lambda answer: (
                        self._dispatch(text) if answer.lower() in ("y", "yes") else Reply()
                    ),
                )
        return self._dispatch(text)

    def _dispatch(self, text: str) -> Reply:
        """Carry out one line: a command, or a configuration line (``| filter`` on displays)."""
        first = text.split(maxsplit=1)[0].lower()
        if len(first) >= 3 and "display".startswith(first):
            command_text, _, pipe = text.partition(" | ")
        else:
            command_text, pipe = text, ""  # '|' is plain text in configuration lines
        reply = self.run(command_text)
        if pipe and reply.pageable:
            return Reply(self._filter(reply.text, pipe), pageable=True)
        return reply

    def ask(self, text: str, answer: Answer) -> Reply:
        """Print a question; the next line typed is its answer."""
        self.question = answer
        return Reply(text, prompt=False)

    def run(self, text: str) -> Reply:
        """Dispatch to the command table, else to the configuration editor.

        Exact keywords first; then unique abbreviations (``dis cur``), as the devices allow.
        """
        tokens = tokenize(text)
        words = [token for token, _ in tokens]
        columns = [column for _, column in tokens]
        available = [c for c in self.COMMANDS if self.mode in c.modes or "any" in c.modes]
        reply = self._command(available, words, columns)
        if reply is not None:
            return reply
        vocabulary = frozenset[str]().union(*(keywords(c.tree) for c in available))
        refused: Outcome | None = None
        if self.editor is not None and self.mode == "config":
            self.editor.extra_keywords = vocabulary
            refused = self.config_line(text)
            if refused.ok:
                return Reply()
            vocabulary = self.editor.vocabulary()
        with abbreviations(vocabulary):
            reply = self._command(available, words, columns)
            if reply is not None:
                return reply
            if refused is None:
                refused = judge([c.tree for c in available], words, columns, len(text))
        return self.error(refused)

    def _command(
        self, available: list[Command], words: list[str], columns: list[int]
    ) -> Reply | None:
        matched = [c for c in available if len(words) in c.tree.ends(words, 0)]
        if not matched:
            return None
        expansions = [normalise(c.tree, words) for c in matched]
        if len({tuple(e) for e in expansions}) > 1:
            return self.error(Outcome(Verdict.AMBIGUOUS, columns[first_difference(expansions)]))
        handler: Handler = getattr(self, matched[0].handler)
        return handler(expansions[0])

    def caret(self, column: int) -> str:
        """The caret line under column ``column`` of what was typed after the prompt."""
        return " " * (len(self.prompt()) + column) + "^"

    @staticmethod
    def _filter(text: str, pipe: str) -> str:
        name, _, pattern = pipe.strip().partition(" ")
        keep = _FILTERS.get(name)
        if keep is None:
            return text
        try:
            rx = re.compile(pattern.strip())
        except re.error:
            return text
        return "\n".join(keep(text.splitlines(), rx)) + "\n"

    def uptime(self) -> str:
        """Time since the lab device started, as VRP5 writes it: ``0 week, 0 day, 1 hour, 5
        minutes`` (0 and 1 take the singular, as in real captures)."""
        seconds = int((datetime.now(UTC) - self.device.started).total_seconds())
        weeks, rest = divmod(seconds, 7 * 86400)
        days, rest = divmod(rest, 86400)
        hours, rest = divmod(rest, 3600)
        return counted((weeks, "week"), (days, "day"), (hours, "hour"), (rest // 60, "minute"))


def counted(*parts: tuple[int, str]) -> str:
    """``3 days, 0 hour, 1 minute``: a unit takes an ``s`` above 1, as VRP prints uptimes.

    Examples:
        >>> counted((161, "day"), (0, "hour"), (20, "minute"))
        '161 days, 0 hour, 20 minutes'
    """
    return ", ".join(f"{number} {unit}{'s' if number > 1 else ''}" for number, unit in parts)
