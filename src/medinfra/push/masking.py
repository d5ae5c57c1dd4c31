"""Masking resolved secrets out of every text a push shows or writes.

A push resolves ``<<secret:REF>>`` placeholders (and uses login passwords) in memory only.
Whatever comes back — a device's error output echoing a rejected line, netmiko's exception
text, a verification diff — goes through :class:`Masker` before it reaches a result, the
summary table, the audit log or Ansible. The masker hides every known secret value, and also
any fragment of one (``MIN_FRAGMENT`` characters or more, e.g. the part of a long line a device
wrapped onto the next line), widened to the whole word that held it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

MASK = "******"
MIN_FRAGMENT = 6
"""Shortest run of a secret's characters that is masked wherever it appears."""
MIN_WHOLE = 4
"""Shortest password masked (masking a one-letter password would mask every word)."""

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Masker:
    """Hides the given secret values (and their fragments) in text, from the first word of a
    line that holds one to the end of that line.

    Examples:
        >>> mask = Masker.of(["Canary-7f3a9b2c"])
        >>> mask.text("Error at: local-user x password cipher Canary-7f3a9b2c, matched")
        'Error at: local-user x password cipher ******'
        >>> mask.text("cipher Canary-7f3\\na9b2c rest")
        'cipher ******\\n****** rest'
        >>> mask.text("nothing secret here")
        'nothing secret here'
    """

    secrets: tuple[str, ...] = ()
    whole: tuple[str, ...] = ()
    """Values masked only where they appear whole (login passwords: a weak lab password's
    fragments would mask half of every diff)."""

    @classmethod
    def of(cls, values: Iterable[str], whole: Iterable[str] = ()) -> "Masker":
        """A masker for these values (empty values ignored)."""
        unique = {value for value in values if value and value.strip()}
        entire = {value for value in whole if len(value.strip()) >= MIN_WHOLE} - unique
        return cls(tuple(sorted(unique)), tuple(sorted(entire)))

    def _fragments(self) -> dict[int, set[str]]:
        grams: dict[int, set[str]] = {}
        for value in self.whole:
            grams.setdefault(len(value), set()).add(value)
        for secret in self.secrets:
            size = min(len(secret), MIN_FRAGMENT)
            grams.setdefault(size, set()).update(
                secret[i : i + size] for i in range(len(secret) - size + 1)
            )
        return grams

    def _covered(self, line: str, grams: dict[int, set[str]]) -> list[bool]:
        covered = [False] * len(line)
        for size, fragments in grams.items():
            for start in range(len(line) - size + 1):
                if line[start : start + size] in fragments:
                    covered[start : start + size] = [True] * size
        return covered

    def _tail_of_secret(self, word: str) -> bool:
        return len(word) >= 3 and any(secret.endswith(word) for secret in self.secrets)

    def _line(self, line: str, grams: dict[int, set[str]], continued: bool) -> tuple[str, bool]:
        """Mask one line from the first word holding a secret to its end.

        ``continued``: the previous line held a secret, so a first word that is the tail of
        one (a wrapped line) is masked too. Returns the line and whether it held a secret.
        """
        covered = self._covered(line, grams)
        for index, word in enumerate(_WORD.finditer(line)):
            if any(covered[word.start() : word.end()]):
                return line[: word.start()] + MASK, True
            if index == 0 and continued and self._tail_of_secret(word.group()):
                rest, _ = self._line(line[word.end() :], grams, False)
                return line[: word.start()] + MASK + rest, False
        return line, False

    def text(self, text: str) -> str:
        """``text`` with every secret value and fragment replaced by ``******``."""
        if not (self.secrets or self.whole) or not text:
            return text
        grams = self._fragments()
        lines, continued = [], False
        for line in text.split("\n"):
            masked, continued = self._line(line, grams, continued)
            lines.append(masked)
        return "\n".join(lines)

    def optional(self, text: str | None) -> str | None:
        """:meth:`text` for a value that may be None."""
        return None if text is None else self.text(text)
