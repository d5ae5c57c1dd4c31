"""Command syntax: a tiny notation for CLI commands and a token matcher that finds the caret.

A syntax string is a space-separated sequence of items:

- ``word`` a keyword (matched case-insensitively);
- ``<kind>`` a parameter (see ``PARAMETERS``), or ``<1-4094>`` an integer range;
- ``[ ... ]`` an optional part, ``{ a | b c }`` a choice.

The matcher works on tokens (double-quoted text is one token) and reports how far the
input matched, so an error can put its caret under the first token a device would refuse.
"""

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv4Address, IPv4Network

TOKEN_RE = re.compile(r'"[^"]*"|\S+')
_VOCABULARY: ContextVar[frozenset[str] | None] = ContextVar("vocabulary", default=None)


@contextmanager
def abbreviations(vocabulary: frozenset[str]) -> Iterator[None]:
    """Within this block a keyword also matches a prefix of itself (``dis`` for ``display``)
    when no other keyword of ``vocabulary`` (every keyword the view knows) begins with it.
    """
    token = _VOCABULARY.set(vocabulary)
    try:
        yield
    finally:
        _VOCABULARY.reset(token)


def ambiguous(token: str) -> bool:
    """Whether ``token`` is a prefix of several keywords of the current vocabulary."""
    vocabulary = _VOCABULARY.get() or frozenset()
    token = token.lower()
    return token not in vocabulary and sum(1 for k in vocabulary if k.startswith(token)) > 1


def _abbreviates(token: str, word: str) -> bool:
    vocabulary = _VOCABULARY.get()
    if vocabulary is None or not word.startswith(token):
        return False
    return sum(1 for known in vocabulary if known.startswith(token)) == 1


def _is_ip(text: str) -> bool:
    try:
        IPv4Address(text)
    except ValueError:
        return False
    return text.count(".") == 3


def _is_mask(text: str) -> bool:
    if text.isdigit():
        return 0 <= int(text) <= 32
    if not _is_ip(text):
        return False
    try:
        IPv4Network(f"0.0.0.0/{text}")
    except ValueError:
        return False
    return True


def _tag(text: str) -> bool:
    """A VRPv8 commit label or persist id (:func:`medinfra.lab.commit_words.tag_accepted`)."""
    from medinfra.lab.commit_words import tag_accepted

    return tag_accepted(text)


PARAMETERS: dict[str, Callable[[str], bool]] = {
    "int": str.isdigit,
    "ip": _is_ip,
    "mask": _is_mask,
    "wildcard": _is_ip,
    "word": lambda text: not text.startswith('"'),
    "string": lambda text: (
        (text.startswith('"') and text.endswith('"') and len(text) > 1) or '"' not in text
    ),
    "quoted": lambda text: text.startswith('"') and text.endswith('"') and len(text) > 1,
    "ifname": lambda text: (
        re.fullmatch(r"(\d+)?[A-Za-z][A-Za-z-]*\d+(/\d+)*(\.\d+)?", text) is not None
    ),
    "fs": lambda text: re.fullmatch(r"\d+/\d+", text) is not None,
    "fsp": lambda text: re.fullmatch(r"\d+/\d+/\d+", text) is not None,
    "hex": lambda text: re.fullmatch(r'"?[0-9A-Fa-f]{16}"?', text) is not None,
    "secret": lambda text: len(text) > 0,
    "tag": _tag,
}
"""Parameter kinds of the notation and the test a token must pass."""


def _mask_from_length(text: str) -> str:
    if text.isdigit():
        return str(IPv4Network(f"0.0.0.0/{text}").netmask)
    return text


NORMALISERS: dict[str, Callable[[str], str]] = {"mask": _mask_from_length}
"""Parameter kinds whose value the device rewrites when it stores the line."""


class Item(ABC):
    """A node of a parsed syntax: returns every token position a match can end at."""

    @abstractmethod
    def ends(self, tokens: list[str], start: int) -> set[int]:
        """Positions after matching this item from ``start`` (empty set: no match)."""


@dataclass(frozen=True)
class Keyword(Item):
    """A literal keyword."""

    word: str

    def ends(self, tokens: list[str], start: int) -> set[int]:
        """Match the keyword case-insensitively (or a prefix of it, inside ``abbreviations``)."""
        if start < len(tokens):
            token = tokens[start].lower()
            if token == self.word or _abbreviates(token, self.word):
                return {start + 1}
        return set()


@dataclass(frozen=True)
class Parameter(Item):
    """A typed parameter, or an integer range."""

    kind: str
    low: int = 0
    high: int = 0

    def accepts(self, token: str) -> bool:
        """Whether one token is a valid value."""
        if self.kind == "range":
            return token.isdigit() and self.low <= int(token) <= self.high
        return PARAMETERS[self.kind](token)

    def ends(self, tokens: list[str], start: int) -> set[int]:
        """Match one token."""
        if start < len(tokens) and self.accepts(tokens[start]):
            return {start + 1}
        return set()


@dataclass(frozen=True)
class Rest(Item):
    """Free text: every remaining token (at least one)."""

    def ends(self, tokens: list[str], start: int) -> set[int]:
        """Take the rest of the line."""
        return {len(tokens)} if start < len(tokens) else set()


@dataclass(frozen=True)
class WordSequence(Item):
    """Items one after the other."""

    items: tuple[Item, ...]

    def ends(self, tokens: list[str], start: int) -> set[int]:
        """Match each item in turn, keeping every alternative position."""
        positions = {start}
        for item in self.items:
            positions = {end for pos in positions for end in item.ends(tokens, pos)}
            if not positions:
                break
        return positions


@dataclass(frozen=True)
class OptionalGroup(Item):
    """An optional part."""

    body: Item

    def ends(self, tokens: list[str], start: int) -> set[int]:
        """Match the body or nothing."""
        return {start} | self.body.ends(tokens, start)


@dataclass(frozen=True)
class Choice(Item):
    """One of several alternatives."""

    options: tuple[Item, ...]

    def ends(self, tokens: list[str], start: int) -> set[int]:
        """Match any alternative."""
        return {end for option in self.options for end in option.ends(tokens, start)}


def _parse_items(words: list[str], index: int, closers: str) -> tuple[list[Item], int]:
    items: list[Item] = []
    while index < len(words) and words[index] not in closers:
        word = words[index]
        if word in "[{":
            closing = "]" if word == "[" else "}"
            alternatives: list[Item] = []
            index += 1
            while True:
                body, index = _parse_items(words, index, closing + "|")
                alternatives.append(WordSequence(tuple(body)))
                if words[index] == closing:
                    break
                index += 1
            group: Item = alternatives[0] if len(alternatives) == 1 else Choice(tuple(alternatives))
            items.append(OptionalGroup(group) if word == "[" else group)
        elif word == "<text>":
            items.append(Rest())
        elif word.startswith("<"):
            name = word[1:-1]
            low, sep, high = name.partition("-")
            if sep and low.isdigit() and high.isdigit():
                items.append(Parameter("range", int(low), int(high)))
            else:
                if name not in PARAMETERS:
                    raise ValueError(f"unknown parameter kind <{name}> in syntax {words}")
                items.append(Parameter(name))
        else:
            items.append(Keyword(word.lower()))
        index += 1
    return items, index


def keywords(item: Item) -> frozenset[str]:
    """Every keyword a syntax tree contains."""
    if isinstance(item, Keyword):
        return frozenset({item.word})
    if isinstance(item, WordSequence):
        return frozenset().union(*(keywords(child) for child in item.items))
    if isinstance(item, Choice):
        return frozenset().union(*(keywords(option) for option in item.options))
    if isinstance(item, OptionalGroup):
        return keywords(item.body)
    return frozenset()


def _nullable(item: Item) -> bool:
    """Whether ``item`` can match no token at all."""
    if isinstance(item, OptionalGroup):
        return True
    if isinstance(item, WordSequence):
        return all(_nullable(child) for child in item.items)
    if isinstance(item, Choice):
        return any(_nullable(option) for option in item.options)
    return False


def first_words(item: Item) -> frozenset[str] | None:
    """The keywords a line matching ``item`` can begin with (written out, not abbreviated),
    or None where it can begin with any token (a parameter, free text, or nothing at all).

    Examples:
        >>> sorted(first_words(parse_syntax("ip route-static <ip> <mask> <ip>")))
        ['ip']
        >>> sorted(first_words(parse_syntax("[ undo ] shutdown")))
        ['shutdown', 'undo']
        >>> first_words(parse_syntax("<ip> <text>")) is None
        True
    """
    if isinstance(item, Keyword):
        return frozenset({item.word})
    if isinstance(item, OptionalGroup):
        return first_words(item.body)
    if isinstance(item, Choice):
        options = [first_words(option) for option in item.options]
        return None if None in options else frozenset().union(*options)  # type: ignore[arg-type]
    if isinstance(item, WordSequence):
        found: frozenset[str] = frozenset()
        for child in item.items:
            words = first_words(child)
            if words is None:
                return None
            found |= words
            if not _nullable(child):
                return found
        return None  # the whole sequence can be empty
    return None


def parse_syntax(text: str) -> WordSequence:
    """Parse the notation into a matcher tree.

    Examples:
        >>> parse_syntax("ip address <ip> <mask>").ends(["ip", "address", "10.0.0.1", "24"], 0)
        {4}
    """
    items, _ = _parse_items(text.split(), 0, "")
    return WordSequence(tuple(items))


def tokenize(line: str) -> list[tuple[str, int]]:
    """Tokens of a command line with their column (double-quoted text is one token)."""
    return [(match.group(), match.start()) for match in TOKEN_RE.finditer(line)]


class Verdict(StrEnum):
    """How a line relates to a syntax."""

    MATCH = "match"
    UNRECOGNIZED = "unrecognized"
    WRONG_PARAMETER = "wrong parameter"
    INCOMPLETE = "incomplete"
    TOO_MANY = "too many parameters"
    AMBIGUOUS = "ambiguous"


def first_difference(expansions: list[list[str]]) -> int:
    """The first token position where full forms of an abbreviated line differ."""
    for index, words in enumerate(zip(*expansions, strict=False)):
        if len({word.lower() for word in words}) > 1:
            return index
    return 0


def furthest(item: Item, tokens: list[str]) -> int:
    """How many leading tokens can start a valid command (the caret goes after them)."""
    reached = 0
    for count in range(len(tokens), 0, -1):
        if _is_prefix(item, tokens[:count]):
            reached = count
            break
    return reached


def _is_prefix(item: Item, tokens: list[str]) -> bool:
    """Whether ``tokens`` begin some valid command of ``item``."""
    return len(tokens) in _prefix_ends(item, tokens, 0)


def _prefix_ends(item: Item, tokens: list[str], start: int) -> set[int]:
    """Like ``ends`` but a match may also stop early when the tokens run out."""
    if start >= len(tokens):
        return {start}
    if isinstance(item, WordSequence):
        positions = {start}
        for child in item.items:
            nxt: set[int] = set()
            for pos in positions:
                nxt |= {len(tokens)} if pos >= len(tokens) else _prefix_ends(child, tokens, pos)
            positions = nxt
            if not positions:
                break
        return positions
    if isinstance(item, OptionalGroup):
        return {start} | _prefix_ends(item.body, tokens, start)
    if isinstance(item, Choice):
        return {end for option in item.options for end in _prefix_ends(option, tokens, start)}
    return item.ends(tokens, start)


def normalise(item: Item, tokens: list[str]) -> list[str]:
    """The tokens as the device stores them: keywords in full, a prefix length as a mask."""
    kinds = kinds_along(item, tokens, 0)
    if kinds is None:
        return tokens
    return [
        kind.removeprefix("keyword:")
        if kind.startswith("keyword:")
        else NORMALISERS.get(kind, str)(token)
        for kind, token in zip(kinds, tokens, strict=True)
    ]


def kinds_along(item: Item, tokens: list[str], start: int) -> list[str] | None:
    """The parameter kind of each token along one full match (keywords as 'keyword:WORD')."""
    paths = _paths(item, tokens, start)
    for end, kinds in paths:
        if end == len(tokens):
            return kinds
    return None


def _paths(item: Item, tokens: list[str], start: int) -> list[tuple[int, list[str]]]:
    if isinstance(item, Keyword):
        return [(start + 1, [f"keyword:{item.word}"])] if item.ends(tokens, start) else []
    if isinstance(item, Parameter):
        return [(start + 1, [item.kind])] if item.ends(tokens, start) else []
    if isinstance(item, Rest):
        return [(len(tokens), ["text"] * (len(tokens) - start))] if start < len(tokens) else []
    if isinstance(item, OptionalGroup):
        return [(start, []), *_paths(item.body, tokens, start)]
    if isinstance(item, Choice):
        return [path for option in item.options for path in _paths(option, tokens, start)]
    if isinstance(item, WordSequence):
        paths: list[tuple[int, list[str]]] = [(start, [])]
        for child in item.items:
            paths = [
                (end, kinds + more)
                for pos, kinds in paths
                for end, more in _paths(child, tokens, pos)
            ]
        return paths
    return []
