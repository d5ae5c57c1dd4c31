"""Read YAML into plain dicts and lists that remember where each key and item came from.

Built on libyaml's event stream (the C parser) and a small iterative builder, so that:
duplicate keys are errors (PyYAML silently keeps the last), every key and item has its
line and column, alias expansion and nesting depth are bounded (an alias bomb or a
pathological file ends quickly with a clear error), and nothing recurses on the C stack.
"""

import errno
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from medinfra.errors import UsageError

try:
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - libyaml is present wherever the lock installs
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

Mark = tuple[int, int]
"""A 1-based (line, column)."""

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_NODES = 8_000_000
"""For all files of a topology together: the national benchmark model (37,002 sites, each
with its LAN side, 83,200 ONTs) is 5.6 million nodes."""
MAX_DEPTH = 64
MAX_DIGITS = 1000
"""Digits a YAML number may have: far more than any field takes, far fewer than the thousands
that make Python's int conversion refuse (or spend seconds) on them."""

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
_KEEP_AS_TEXT = {_STR, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class MarkedDict(dict[Any, Any]):
    """A mapping that remembers its own mark and each key's mark."""

    __slots__ = ("key_marks", "mark")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, Mark] = {}


class MarkedList(list[Any]):
    """A sequence that remembers its own mark and each item's mark."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Something wrong with a YAML file itself."""

    code: str
    message: str
    mark: Mark | None


class YamlAbortError(Exception):
    """Stops reading a file that cannot be read further."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Frame:
    container: MarkedDict | MarkedList
    anchor: str | None
    start_count: int
    key: Any = None
    key_mark: Mark | None = None
    has_key: bool = False
    merges: list[MarkedDict] = field(default_factory=list)


@dataclass
class YamlDocument:
    """The data of one YAML file and the problems found while reading it."""

    data: Any
    problems: list[YamlProblem]
    nodes: int = 0
    """Nodes the data holds (aliases expanded), counted against a run's budget."""


def _mark(event: Any) -> Mark:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Builder:
    """Turns libyaml events into marked Python data, one file at a time."""

    def __init__(self, max_nodes: int) -> None:
        self.max_nodes = max_nodes
        self.resolver = Resolver()
        self.constructor = SafeConstructor()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, Mark]] = {}
        self.nodes = 0
        self.problems: list[YamlProblem] = []
        self.root: Any = None
        self.documents = 0

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlAbortError(
                    YamlProblem(
                        "MI-YAML-001",
                        "a topology file holds one YAML document; remove the extra '---'",
                        _mark(event),
                    )
                )
        elif isinstance(event, yaml.ScalarEvent):
            self._add_value(self._scalar(event), _mark(event), event.anchor, 1)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._open(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self._close()
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)

    def _count(self, nodes: int, mark: Mark) -> None:
        self.nodes += nodes
        if self.nodes > self.max_nodes:
            raise YamlAbortError(
                YamlProblem(
                    "MI-YAML-003",
                    f"the file expands to more than {self.max_nodes:,} nodes (aliases included, "
                    f"{MAX_NODES:,} for all files of a topology together); "
                    "an alias bomb or a file far larger than a topology",
                    mark,
                )
            )

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            if event.implicit[0]:
                tag = self.resolver.resolve(  # type: ignore[no-untyped-call]
                    ScalarNode, event.value, event.implicit
                )
            else:
                tag = _STR
        if tag in _KEEP_AS_TEXT or tag == _MERGE:
            return _MergeKey() if tag == _MERGE else event.value
        if tag in _SCALAR_TAGS:
            digits = sum(char.isdigit() for char in event.value)
            if digits > MAX_DIGITS:
                raise YamlAbortError(
                    YamlProblem(
                        "MI-YAML-003",
                        f"a number of {digits} digits; no field takes more than {MAX_DIGITS} "
                        "(write the value the field expects)",
                        _mark(event),
                    )
                )
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
            return self.constructor.construct_object(node)
        raise YamlAbortError(
            YamlProblem(
                "MI-YAML-001",
                f"YAML tag {tag!r} is not supported in topology files "
                "(secrets and custom objects do not belong here)",
                _mark(event),
            )
        )

    def _open(self, event: Any) -> None:
        mark = _mark(event)
        if event.tag not in _COLLECTION_TAGS:
            raise YamlAbortError(
                YamlProblem("MI-YAML-001", f"YAML tag {event.tag!r} is not supported", mark)
            )
        if len(self.stack) >= MAX_DEPTH:
            raise YamlAbortError(
                YamlProblem("MI-YAML-003", f"nesting deeper than {MAX_DEPTH} levels", mark)
            )
        self._count(1, mark)
        container: MarkedDict | MarkedList
        if isinstance(event, yaml.MappingStartEvent):
            container = MarkedDict(mark)
        else:
            container = MarkedList(mark)
        self.stack.append(_Frame(container, event.anchor, self.nodes))

    def _close(self) -> None:
        frame = self.stack.pop()
        container = frame.container
        if isinstance(container, MarkedDict):
            for merged in frame.merges:
                for key, value in merged.items():
                    if key not in container:
                        container[key] = value
                        container.key_marks[key] = merged.key_marks[key]
        size = self.nodes - frame.start_count + 1
        if frame.anchor:
            self.anchors[frame.anchor] = (container, size, container.mark)
        self._add_value(container, container.mark, None, 0)

    def _alias(self, event: Any) -> None:
        mark = _mark(event)
        found = self.anchors.get(event.anchor)
        if found is None:
            raise YamlAbortError(
                YamlProblem("MI-YAML-001", f"unknown alias '*{event.anchor}'", mark)
            )
        value, size, _ = found
        self._count(size, mark)
        self._add_value(value, mark, None, 0)

    def _add_value(self, value: Any, mark: Mark, anchor: str | None, nodes: int) -> None:
        if nodes:
            self._count(nodes, mark)
        if anchor:
            self.anchors[anchor] = (value, 1, mark)
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, MarkedList):
            container.append(value)
            container.item_marks.append(mark)
            return
        if not frame.has_key:
            if isinstance(value, MarkedDict | MarkedList):
                self.problems.append(
                    YamlProblem("MI-YAML-001", "a mapping key must be a plain value", mark)
                )
                value = f"<complex key at line {mark[0]}>"
            frame.key, frame.key_mark, frame.has_key = value, mark, True
            return
        key, key_mark = frame.key, frame.key_mark or mark
        frame.has_key = False
        if isinstance(key, _MergeKey):
            self._merge(frame, value, mark)
            return
        if key in container:
            first = container.key_marks[key]
            self.problems.append(
                YamlProblem(
                    "MI-YAML-002",
                    f"duplicate key '{key}' (first at line {first[0]}); "
                    "YAML would silently keep only the last one",
                    key_mark,
                )
            )
            return
        container[key] = value
        container.key_marks[key] = key_mark

    def _merge(self, frame: _Frame, value: Any, mark: Mark) -> None:
        sources = value if isinstance(value, MarkedList) else [value]
        for source in sources:
            if not isinstance(source, MarkedDict):
                self.problems.append(YamlProblem("MI-YAML-001", "'<<' merges only mappings", mark))
                return
            frame.merges.append(source)


class _MergeKey:
    """The '<<' merge key."""

    def __hash__(self) -> int:
        return hash("<<")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _MergeKey)


def parse_yaml(text: str, max_nodes: int | None = None) -> YamlDocument:
    """Parse YAML text into marked data; problems are returned, never raised.

    Examples:
        >>> doc = parse_yaml("a: 1\\na: 2\\n")
        >>> doc.data, [p.code for p in doc.problems]
        ({'a': 1}, ['MI-YAML-002'])
    """
    builder = _Builder(MAX_NODES if max_nodes is None else max_nodes)
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            builder.feed(event)
    except YamlAbortError as abort:
        return YamlDocument(None, [*builder.problems, abort.problem])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else None
        text_parts = [part for part in (error.context, error.problem) if part]
        message = "YAML syntax error: " + ", ".join(text_parts)
        if error.context_mark is not None and error.context_mark is not mark:
            message += f" (the construct started at line {error.context_mark.line + 1})"
        return YamlDocument(None, [*builder.problems, YamlProblem("MI-YAML-001", message, where)])
    except yaml.YAMLError as error:
        return YamlDocument(
            None, [*builder.problems, YamlProblem("MI-YAML-001", f"YAML error: {error}", None)]
        )
    return YamlDocument(builder.root, builder.problems, builder.nodes)


def _not_regular(path: Path) -> YamlProblem | None:
    """Why ``path`` is not a regular file that can be read as YAML (None when it is)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            reason = "a symbolic link that loops"
        elif path.is_symlink():
            reason = "a symbolic link to nothing"
        else:
            reason = f"cannot read: {error.strerror}"
        return YamlProblem("MI-YAML-001", f"not a readable YAML file: {reason}", None)
    if stat.S_ISREG(mode):
        return None
    kinds = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a device"}
    kind = kinds.get(stat.S_IFMT(mode), "not a regular file")
    via = " (through a symbolic link)" if path.is_symlink() else ""
    return YamlProblem(
        "MI-YAML-001",
        f"not a YAML file but {kind}{via}; a site is one regular file sites/<id>.yaml",
        None,
    )


def read_yaml(
    path: Path, max_nodes: int | None = None, max_bytes: int | None = None
) -> YamlDocument:
    """Read one YAML file, refusing files too large to be a topology and anything that is not
    a regular file (a directory, a FIFO, a device, a looping link) by name.

    Raises:
        UsageError: when the file exists but cannot be read (permissions).
    """
    problem = _not_regular(path)
    if problem is not None:
        return YamlDocument(None, [problem])
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        return YamlDocument(
            None,
            [
                YamlProblem(
                    "MI-YAML-003",
                    f"file is {size:,} bytes, over the {limit:,}-byte limit (what is left of "
                    f"{MAX_FILE_BYTES:,} bytes for all files of a topology together); "
                    "split the sites into sites/*.yaml",
                    None,
                )
            ],
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return YamlDocument(
            None,
            [YamlProblem("MI-YAML-001", f"not UTF-8 text (byte {error.start})", (line, 1))],
        )
    return parse_yaml(text, MAX_NODES if max_nodes is None else max_nodes)
