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


@dataclass
class Node:
    """One configuration line; a line that opens a view holds the view's lines as children."""

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

    def find_key(self, key: str) -> "Node | None":
        """The child with this identity, if any."""
        for child in self.children:
            if child.key == key:
                return child
        return None

    def put(self, node: "Node") -> "Node":
        """Add a line; a line with the same key is replaced in place (a view keeps its body).

        An identical line already there is kept as it is (with its printed form); a new line
        goes after the last sibling of the same or a lower rank.
        """
        for index, child in enumerate(self.children):
            if child.key != node.key:
                continue
            if node.view is not None and child.view == node.view:
                if child.line != node.line:
                    child.line, child.raw = node.line, None
                return child
            if node.view is None and child.view is None and child.line == node.line:
                return child
            node.before = child.before
            self.children[index] = node
            return node
        self.insert_ranked(node)
        return node

    def insert_ranked(self, node: "Node") -> None:
        """Insert among the lines of the same section, after the last of them whose rank is not
        higher (a modelled line first: a loaded opaque line only carries the rank before it);
        with none of its section yet, after the last line whose rank is not higher."""
        same = [i for i, c in enumerate(self.children) if c.section == node.section]
        lower = [i for i in same if self.children[i].rank <= node.rank]
        known = [i for i in lower if not self.children[i].key.startswith("\0")]
        if known or lower:
            self.children.insert((known or lower)[-1] + 1, node)
        elif same:
            self.insert_before(self.children[same[0]], node)
        else:
            position = len(self.children)
            while position > 0 and self.children[position - 1].rank > node.rank:
                position -= 1
            self.children.insert(position, node)

    def insert_before(self, anchor: "Node", node: "Node") -> None:
        """Insert ``node`` just before ``anchor``, taking over the separators printed before it."""
        index = self.children.index(anchor)
        if anchor.before is not None:
            node.before, anchor.before = anchor.before, []
        self.children.insert(index, node)

    def append(self, node: "Node") -> "Node":
        """Add a line at the end, whatever its key (loading a configuration in its order)."""
        self.children.append(node)
        return node

    def remove_prefix(self, words: list[str]) -> bool:
        """Remove the child whose words are ``words``, else the first whose words begin with
        them; True when one was removed (``undo snmp-agent`` removes ``snmp-agent``, not the
        ``snmp-agent local-engineid ...`` printed before it).

        The separators printed before the removed line stay with the line that follows it.
        """
        wanted = [word.lower() for word in words]
        lines = [child.line.lower().split() for child in self.children]
        exact = [index for index, have in enumerate(lines) if have == wanted]
        for index, child in enumerate(self.children):
            have = lines[index]
            if (index in exact) if exact else have[: len(wanted)] == wanted:
                del self.children[index]
                following = self.children[index] if index < len(self.children) else None
                if following is not None and child.before and following.before == []:
                    following.before = child.before
                return True
        return False

    def walk(self) -> Iterator["Node"]:
        """Every node below this one, depth first."""
        for child in self.children:
            yield child
            yield from child.walk()

    def clone(self) -> "Node":
        """A deep copy (a VRPv8 candidate, a commit point)."""
        return copy.deepcopy(self)

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


def body(node: Node, indent: int) -> list[str]:
    """The lines of a view as printed: children ``indent`` spaces in, then the view's closing."""
    out: list[str] = []
    for child in node.children:
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
