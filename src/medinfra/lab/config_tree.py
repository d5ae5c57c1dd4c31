"""The hierarchical running configuration of a lab device and its text layouts.

A node loaded from a configuration file keeps the line as it was printed (``raw``) and the
lines printed around it (``before``: ``#`` separators, section headers, markers, blank lines;
``closing``: ``commit``/``quit``), and the root keeps the banner lines the dump opened with and
the lines it ended with: an unchanged brownfield configuration prints back byte for byte. A
line the lab adds or changes has none of these and is printed in the platform's real layout
(:class:`DumpLayout`), placed by its rule's rank among its siblings.
"""

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field

OPAQUE = "opaque"
"""The view of a loaded line the lab's grammar does not know: kept, printed, never entered."""


def _first_word(line: str) -> str:
    words = line.lower().split()
    return words[0] if words else ""


@dataclass
class _Index:
    """A node's children by key and by first word (lowercased), for lookups in O(1): a
    5,000-line edge's system view holds some 2,000 lines, and every line typed looks them up."""

    size: int = 0
    by_key: dict[str, list["Node"]] = field(default_factory=dict)
    by_first: dict[str, list["Node"]] = field(default_factory=dict)

    def add(self, node: "Node") -> None:
        self.by_key.setdefault(node.key, []).append(node)
        self.by_first.setdefault(_first_word(node.line), []).append(node)
        self.size += 1

    def drop(self, node: "Node") -> None:
        for table, name in ((self.by_key, node.key), (self.by_first, _first_word(node.line))):
            kept = [other for other in table.get(name, []) if other is not node]
            if kept:
                table[name] = kept
            else:
                table.pop(name, None)
        self.size -= 1


@dataclass(eq=False)
class Node:
    """One configuration line; a line that opens a view holds the view's lines as children.

    Nodes compare by identity (two lines with the same text are two lines). Change
    ``children`` through the methods below (they keep the lookup index); code that
    changes the list itself must call :meth:`replace_children` or change its length (a list
    whose length differs from the index's is indexed anew).
    """

    line: str
    key: str
    rank: int = 50
    section: str = "global-config"
    view: str | None = None
    prompt: str = ""
    children: list["Node"] = field(default_factory=list)
    raw: str | None = None
    before: list[str] | None = None
    closing: list[str] | None = None
    preamble: list[str] | None = None
    ending: list[str] | None = None
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def _lookup(self) -> _Index:
        """The index of the children (built anew when the list changed behind its back)."""
        index = self._index
        if index is None or index.size != len(self.children):
            index = _Index()
            for child in self.children:
                index.add(child)
            self._index = index
        return index

    def _position(self, node: "Node") -> int:
        return self.children.index(node)  # nodes compare by identity

    def _first_of(self, nodes: list["Node"]) -> "Node":
        """The one of ``nodes`` (children) printed first."""
        return nodes[0] if len(nodes) == 1 else min(nodes, key=self._position)

    def replace_children(self, children: list["Node"]) -> None:
        """Give this node other children (a rollback, a reboot)."""
        self.children = children
        self._index = None

    def find_key(self, key: str) -> "Node | None":
        """The child with this identity, if any."""
        same = self._lookup().by_key.get(key)
        return self._first_of(same) if same else None

    def put(self, node: "Node") -> "Node":
        """Add a line; a line with the same key is replaced in place (a view keeps its body).

        An identical line already there is kept as it is (with its printed form); a new line
        goes after the last sibling of the same or a lower rank.
        """
        index = self._lookup()
        same = index.by_key.get(node.key)
        if not same:
            self.insert_ranked(node)
            return node
        child = self._first_of(same)
        if node.view is not None and child.view == node.view:
            if child.line != node.line:
                index.drop(child)
                child.line, child.raw = node.line, None
                index.add(child)
            return child
        if node.view is None and child.view is None and child.line == node.line:
            return child
        node.before = child.before
        self.children[self._position(child)] = node
        index.drop(child)
        index.add(node)
        return node

    def insert_ranked(self, node: "Node") -> None:
        """Insert among the lines of the same section, after the last of them whose rank is not
        higher (a modelled line first: a loaded opaque line only carries the rank before it);
        with none of its section yet, after the last line whose rank is not higher.

        Read from the end: a new line mostly goes at the end of its section, so the search
        mostly stops after a few lines instead of reading all of a large view."""
        children = self.children
        last_lower: int | None = None
        first_same: int | None = None
        for position in range(len(children) - 1, -1, -1):
            child = children[position]
            if child.section != node.section:
                continue
            first_same = position
            if child.rank <= node.rank:
                if not child.key.startswith("\0"):
                    self._insert(position + 1, node)
                    return
                if last_lower is None:
                    last_lower = position
        if last_lower is not None:
            self._insert(last_lower + 1, node)
        elif first_same is not None:
            self.insert_before(children[first_same], node)
        else:
            position = len(children)
            while position > 0 and children[position - 1].rank > node.rank:
                position -= 1
            self._insert(position, node)

    def _insert(self, position: int, node: "Node") -> None:
        index = self._lookup()
        self.children.insert(position, node)
        index.add(node)

    def insert_before(self, anchor: "Node", node: "Node") -> None:
        """Insert ``node`` just before ``anchor``, taking over the separators printed before it."""
        position = self._position(anchor)
        if anchor.before is not None:
            node.before, anchor.before = anchor.before, []
        self._insert(position, node)

    def append(self, node: "Node") -> "Node":
        """Add a line at the end, whatever its key (loading a configuration in its order)."""
        self._insert(len(self.children), node)
        return node

    def remove_child(self, node: "Node") -> None:
        """Take ``node`` out of the children."""
        index = self._lookup()
        del self.children[self._position(node)]
        index.drop(node)

    def remove_prefix(self, words: list[str]) -> bool:
        """Remove the child whose words are ``words``, else the first whose words begin with
        them; True when one was removed (``undo snmp-agent`` removes ``snmp-agent``, not the
        ``snmp-agent local-engineid ...`` printed before it).

        The separators printed before the removed line stay with the line that follows it.
        """
        wanted = [word.lower() for word in words]
        if not wanted:
            candidates = list(self.children)
        else:
            candidates = self._lookup().by_first.get(wanted[0], [])
        matches = [c for c in candidates if c.line.lower().split()[: len(wanted)] == wanted]
        if not matches:
            return False
        exact = [c for c in matches if c.line.lower().split() == wanted]
        child = self._first_of(exact or matches)
        position = self._position(child)
        self.remove_child(child)
        following = self.children[position] if position < len(self.children) else None
        if following is not None and child.before and following.before == []:
            following.before = child.before
        return True

    def walk(self) -> Iterator["Node"]:
        """Every node below this one, depth first."""
        for child in self.children:
            yield child
            yield from child.walk()

    def clone(self) -> "Node":
        """A deep copy (a VRPv8 candidate, a commit point): every node and list anew, the
        strings shared (they are immutable). ``copy.deepcopy`` does the same at some 20 times
        the cost, which a 5,000-line edge pays several times per commit."""
        twin = copy.copy(self)
        twin.children = [child.clone() for child in self.children]
        twin._index = None
        for name in ("before", "closing", "preamble", "ending"):
            value = getattr(self, name)
            if value is not None:
                setattr(twin, name, list(value))
        return twin

    def same_as(self, other: "Node") -> bool:
        """Whether two trees hold the same lines in the same order."""
        return lines_of(self) == lines_of(other)


def new_root() -> Node:
    """An empty configuration."""
    return Node(line="", key="", view="system")


def lines_of(node: Node, depth: int = 0) -> list[str]:
    """The body of ``node`` as indented lines, one space per level."""
    lines: list[str] = []
    for child in node.children:
        lines.append(" " * depth + child.line)
        lines.extend(lines_of(child, depth + 1))
    return lines


@dataclass(frozen=True)
class DumpLayout:
    """How one platform prints lines the lab added (loaded lines print as they were loaded)."""

    preamble: tuple[str, ...] = ()
    """The banner lines a dump opens with (``[V300R019C10SPC300]``)."""
    spaced: tuple[str, ...] = ()
    """Prefixes of global lines printed with one leading space (AR: `` sysname X``)."""


SEPARATED_VIEWS = frozenset({"bgp_af"})
"""Sub-views a VRP dump prints after an indented ``#`` (`` #`` / `` ipv4-family unicast`` in
``bgp``)."""


def body(node: Node, indent: int) -> list[str]:
    """The lines of a view as printed: children ``indent`` spaces in, then the view's closing."""
    out: list[str] = []
    for child in node.children:
        if child.before is None and child.view in SEPARATED_VIEWS:
            out.append(" " * indent + "#")
        out.extend(child.before or [])
        out.append(child.raw if child.raw is not None else " " * indent + child.line)
        out.extend(body(child, indent + 1))
    out.extend(node.closing or [])
    return out


def _vrp_separator(previous: Node | None, node: Node) -> list[str]:
    """``#`` before each view and between leaves of different ranks."""
    leaves = previous is not None and previous.view is None and node.view is None
    return [] if leaves and previous is not None and previous.rank == node.rank else ["#"]


def render_vrp(root: Node, layout: DumpLayout = DumpLayout()) -> str:
    """``display current-configuration`` of VRP: ``#`` between sections, ends with ``return``."""
    out = list(layout.preamble if root.preamble is None else root.preamble)
    previous: Node | None = None
    for node in root.children:
        out.extend(_vrp_separator(previous, node) if node.before is None else node.before)
        if node.raw is not None:
            out.append(node.raw)
        else:
            spaced = node.view is None and node.line.startswith(layout.spaced)
            out.append(" " * spaced + node.line)
        out.extend(body(node, 1))
        previous = node
    out.extend(["#", "return"] if root.ending is None else root.ending)
    return "\n".join(out) + "\n"


def render_vrp_view(root: Node, path: list[Node]) -> str:
    """``display this`` of VRP in the view at ``path`` (empty: the system view's own lines)."""
    if not path:
        leaves = Node(line="", key="", children=[n for n in root.children if n.view is None])
        leaves.preamble = []
        return render_vrp(leaves)
    node = path[-1]
    lines = [" " * (len(path) - 1) + node.line, *body(node, len(path))]
    return "\n".join(["#", *lines, "#", "return"]) + "\n"


SMARTAX_FLUSH = frozenset({"Interface", "route-static"})
"""MA5800 sections whose lines sit flush left (``interface MEth0``, ``ip route-static``)."""
SMARTAX_CLOSING = {"lineprofile": ["  commit", "  quit"], "srvprofile": ["  commit"]}
"""How an MA5800 prints the end of a profile view."""
SMARTAX_BODY = {"lineprofile": 2, "srvprofile": 2}
"""Indentation of a view's lines (others: one space, as ``[gpon]`` and ``[Interface]``)."""


def _smartax_marker(node: Node) -> str:
    if node.view == "gpon":
        return f"  <gpon-{node.line.split()[-1]}>"
    if node.view == "meth":
        return "  <MEth0>"
    return f"  <{node.section}>"


def _smartax_before(previous: Node | None, node: Node) -> list[str]:
    """A new section opens with ``#``, its header and marker; each board/port gets its marker."""
    if previous is None or previous.section != node.section:
        return ["#", f"[{node.section}]", _smartax_marker(node)]
    if node.view in ("gpon", "meth"):
        return ["#", _smartax_marker(node)]
    return []


def _smartax_line(node: Node) -> str:
    text = "interface MEth0" if node.view == "meth" else node.line
    return text if node.section in SMARTAX_FLUSH else " " + text


def render_smartax(root: Node, layout: DumpLayout = DumpLayout()) -> str:
    """``display current-configuration`` of an MA5800: ``[section]`` blocks and markers."""
    out = list(layout.preamble if root.preamble is None else root.preamble)
    previous: Node | None = None
    for node in root.children:
        out.extend(_smartax_before(previous, node) if node.before is None else node.before)
        out.append(_smartax_line(node) if node.raw is None else node.raw)
        indent = SMARTAX_BODY.get(node.view or "", 1)
        out.extend(body(node, indent))
        if node.closing is None:
            out.extend(SMARTAX_CLOSING.get(node.view or "", []))
        previous = node
    out.extend(["#", "return"] if root.ending is None else root.ending)
    return "\n".join(out) + "\n"
