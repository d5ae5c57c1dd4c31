"""Applying configuration lines to a configuration tree through a platform grammar.

The editor keeps the stack of views a session is in (system view, an interface, ...) and
answers each line with an :class:`Outcome`: accepted, or refused with the verdict and the
column a device puts its caret under.
"""

import hashlib
import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from medinfra.lab.config_tree import Node
from medinfra.lab.grammar import Grammar, Rule
from medinfra.lab.syntax import (
    Item,
    Verdict,
    abbreviations,
    ambiguous,
    first_difference,
    furthest,
    kinds_along,
    normalise,
    tokenize,
)

CIPHER_PREFIX = "%^%#"
"""Stored secrets are shown as an irreversible cipher, never as typed."""

DEVICE_CIPHER = re.compile(r"^(%\^%#.*%\^%#|@%@%.*@%@%|\$1[a-z]\$.*\$)$")
"""Cipher text as VRP stores it (``%^%#...%^%#``, ``@%@%...@%@%``, ``$1a$...$``): kept as is."""


def cipher(secret: str) -> str:
    """The irreversible cipher text the lab stores for a password or key (stable per secret).

    Examples:
        >>> cipher("$1a$Ve8]r2Kq!m$Jx7;Pw$")
        '$1a$Ve8]r2Kq!m$Jx7;Pw$'
        >>> cipher("secret")[:8]
        '%^%#2bb8'
    """
    if DEVICE_CIPHER.match(secret):
        return secret
    digest = hashlib.sha256(secret.encode("utf-8")).hexdigest()[:40]
    return f"{CIPHER_PREFIX}{digest}{CIPHER_PREFIX}"


Check = Callable[[Node, Rule, list[str]], str | None]
"""A platform's semantic check of an accepted line: a failure text, or None."""

Adds = Callable[[Node, Node], None]
"""What a platform adds by itself when a top-level line is accepted: ``adds(root, node)``."""


@dataclass
class Frame:
    """One level of the view stack."""

    node: Node
    view: str
    prompt: str


@dataclass(frozen=True)
class Outcome:
    """The result of one line."""

    verdict: Verdict = Verdict.MATCH
    column: int = 0
    failure: str | None = None
    node: Node | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """Whether the line was accepted."""
        return self.verdict is Verdict.MATCH and self.failure is None


@dataclass
class Editor:
    """Applies lines to ``root`` in the view stack, per ``grammar``.

    ``fallback``: a line the current view does not know is tried in the enclosing views
    (VRP behaviour); SmartAX views do not fall back. ``adds``: lines the device adds by itself
    (``ntp-service server disable``, ``snmp-agent local-engineid``). ``loading``: reading a
    configuration file in its own order: lines are appended, the device adds nothing, and an
    ``undo`` line no rule stores is refused (so the loader keeps it as an opaque line).
    """

    grammar: Grammar
    root: Node
    fallback: bool = True
    check: Check | None = None
    stack: list[Frame] = field(default_factory=list)
    extra_keywords: frozenset[str] = frozenset()
    adds: Adds | None = None
    loading: bool = False

    def __post_init__(self) -> None:
        if not self.stack:
            self.stack = [Frame(self.root, "system", "")]

    @property
    def depth(self) -> int:
        """0 in the system view, 1 in a first-level sub-view, ..."""
        return len(self.stack) - 1

    @property
    def prompt_suffix(self) -> str:
        """The current view's prompt suffix ('' in the system view)."""
        return self.stack[-1].prompt

    def path(self) -> list[Node]:
        """The nodes of the current sub-views, outermost first."""
        return [frame.node for frame in self.stack[1:]]

    def up(self) -> bool:
        """Leave the current sub-view; False when already in the system view."""
        if len(self.stack) == 1:
            return False
        self.stack.pop()
        return True

    def rebase(self, root: Node) -> None:
        """Point the editor at another tree, back in the system view."""
        self.root = root
        self.stack = [Frame(root, "system", "")]

    def vocabulary(self) -> frozenset[str]:
        """Every keyword of the reachable views (an abbreviation must be unique among them)."""
        rules = [rule for level in self._levels() for rule in self.grammar[self.stack[level].view]]
        return self.extra_keywords.union(*(rule.words for rule in rules))

    def _levels(self) -> range:
        top = len(self.stack) - 1
        return range(top, -1, -1) if self.fallback else range(top, top + 1)

    def apply(self, line: str) -> Outcome:
        """Apply one configuration line (``undo ...`` included)."""
        tokens = tokenize(line)
        words = [token for token, _ in tokens]
        if not words:
            return Outcome()
        if words[0].lower() == "undo" and len(words) > 1:
            stored = self._stored_undo(words)
            if self.loading and not stored:
                return Outcome(Verdict.UNRECOGNIZED, 0)
            if not self.loading:
                undone = self._undo(words[1:], [column for _, column in tokens[1:]])
                if not stored:
                    return undone
        columns = [column for _, column in tokens]
        head = words[0].lower()
        for abbreviated in (False, True):
            with abbreviations(self.vocabulary()) if abbreviated else nullcontext():
                for level in self._levels():
                    rules = self.grammar[self.stack[level].view]
                    if not abbreviated:  # written out: only rules that can begin with it
                        rules = tuple(r for r in rules if r.first is None or head in r.first)
                    matched = [rule for rule in rules if len(words) in rule.tree.ends(words, 0)]
                    if not matched:
                        continue
                    expansions = [normalise(rule.tree, words) for rule in matched]
                    if abbreviated and len({tuple(e) for e in expansions}) > 1:
                        return Outcome(Verdict.AMBIGUOUS, columns[first_difference(expansions)])
                    return self._accept(level, matched[0], words)
        with abbreviations(self.vocabulary()):
            return self.refuse(words, columns, len(line))

    def refuse(self, words: list[str], columns: list[int], length: int) -> Outcome:
        """The error a device gives for a line no rule of the reachable views accepts."""
        rules = [rule for level in self._levels() for rule in self.grammar[self.stack[level].view]]
        return judge([rule.tree for rule in rules], words, columns, length)

    def _accept(self, level: int, rule: Rule, words: list[str]) -> Outcome:
        stored = [cipher(word) if kind == "secret" else word for word, kind in _kinds(rule, words)]
        stored = normalise(rule.tree, stored)
        del self.stack[level + 1 :]
        frame = self.stack[-1]
        if self.check is not None:
            failure = self.check(self.root, rule, stored)
            if failure is not None:
                return Outcome(failure=failure)
        if rule.deletes is not None:
            target = rule.deletes.format(*stored).split()
            if not frame.node.remove_prefix(target):
                return Outcome(failure="missing")
            return Outcome()
        if stored[0].lower() != "undo" and not self.loading:
            frame.node.remove_prefix(["undo", *stored])  # a positive line replaces its undo
        fresh = Node(
            line=" ".join(stored),
            key=rule.key_of(stored),
            rank=rule.rank,
            section=rule.section,
            view=rule.enters,
            prompt=rule.prompt_of(stored),
        )
        node = frame.node.append(fresh) if self.loading else frame.node.put(fresh)
        if self.adds is not None and not self.loading and frame.node is self.root:
            self.adds(self.root, node)
        if rule.enters is not None:
            self.stack.append(Frame(node, rule.enters, node.prompt))
        return Outcome(node=node)

    def _stored_undo(self, words: list[str]) -> bool:
        """Whether an ``undo ...`` line is itself a configuration line (``undo portswitch``,
        ``undo telnet server enable``): a device removes the positive line and stores and
        prints the ``undo`` one."""
        return any(
            len(words) in rule.tree.ends(words, 0)
            for level in self._levels()
            for rule in self.grammar[self.stack[level].view]
        )

    def _undo(self, words: list[str], columns: list[int]) -> Outcome:
        for level in self._levels():
            frame = self.stack[level]
            wanted = _normalised(self.grammar[frame.view], words)
            if frame.node.remove_prefix(wanted):
                del self.stack[level + 1 :]
                return Outcome()
        top = self.grammar[self.stack[-1].view]
        if any(furthest(rule.tree, words) == len(words) for rule in top):
            return Outcome()
        return self.refuse(words, columns, columns[-1] + len(words[-1]))


def _kinds(rule: Rule, words: list[str]) -> list[tuple[str, str]]:
    kinds = kinds_along(rule.tree, words, 0) or ["word"] * len(words)
    return list(zip(words, kinds, strict=True))


def _normalised(rules: tuple[Rule, ...], words: list[str]) -> list[str]:
    for rule in rules:
        if len(words) in rule.tree.ends(words, 0):
            return [cipher(w) if k == "secret" else w for w, k in _kinds(rule, words)]
    return words


def judge(trees: list[Item], words: list[str], columns: list[int], length: int) -> Outcome:
    """Why ``words`` match none of ``trees``: the verdict and the caret column."""
    best = max((furthest(tree, words) for tree in trees), default=0)
    if best == len(words):
        return Outcome(Verdict.INCOMPLETE, length)
    if any(best in tree.ends(words, 0) for tree in trees) and best > 0:
        return Outcome(Verdict.TOO_MANY, columns[best])
    word = words[best]
    if ambiguous(word):
        return Outcome(Verdict.AMBIGUOUS, columns[best])
    if best == 0 or word.replace("-", "").isalpha():
        return Outcome(Verdict.UNRECOGNIZED, columns[best])
    return Outcome(Verdict.WRONG_PARAMETER, columns[best])
