"""The hierarchical running configuration of a lab device and its text layouts."""

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field


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

    def find_key(self, key: str) -> "Node | None":
        """The child with this identity, if any."""
        for child in self.children:
            if child.key == key:
                return child
        return None

    def put(self, node: "Node") -> "Node":
        """Add a line; a line with the same key is replaced in place (a view keeps its body)."""
        for index, child in enumerate(self.children):
            if child.key == node.key:
                if node.view is not None and child.view == node.view:
                    child.line = node.line
                    return child
                self.children[index] = node
                return node
        self.children.append(node)
        return node

    def remove_prefix(self, words: list[str]) -> bool:
        """Remove the first child whose words begin with ``words``; True when one was removed."""
        wanted = [word.lower() for word in words]
        for index, child in enumerate(self.children):
            have = child.line.lower().split()
            if have[: len(wanted)] == wanted:
                del self.children[index]
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


def _top_level_blocks(root: Node) -> list[list[Node]]:
    """Top-level nodes by rank (stable), grouped: each view alone, same-rank leaves together."""
    ordered = sorted(root.children, key=lambda node: node.rank)
    blocks: list[list[Node]] = []
    for node in ordered:
        previous = blocks[-1] if blocks else None
        if (
            previous is not None
            and node.view is None
            and previous[-1].view is None
            and previous[-1].rank == node.rank
        ):
            previous.append(node)
        else:
            blocks.append([node])
    return blocks


def render_vrp(root: Node) -> str:
    """``display current-configuration`` of VRP: ``#`` between sections, ends with ``return``."""
    out: list[str] = []
    for block in _top_level_blocks(root):
        out.append("#")
        for node in block:
            out.append(node.line)
            out.extend(lines_of(node, 1))
    out.extend(["#", "return"])
    return "\n".join(out) + "\n"


def render_vrp_view(root: Node, path: list[Node]) -> str:
    """``display this`` of VRP in the view at ``path`` (empty: the system view's own lines)."""
    if not path:
        leaves = Node(line="", key="", children=[n for n in root.children if n.view is None])
        return render_vrp(leaves)
    node = path[-1]
    body = [" " * (len(path) - 1) + node.line, *lines_of(node, len(path))]
    return "\n".join(["#", *body, "#", "return"]) + "\n"


SMARTAX_SECTIONS = ("global-config", "gpon-profile", "vlan-config", "interface", "route", "gpon")
"""Section order of the SmartAX configuration dump (``bbs-config`` always last)."""


def render_smartax(root: Node) -> str:
    """``display current-configuration`` of SmartAX: ``[section]`` blocks, each ending ``#``."""
    names = [*SMARTAX_SECTIONS, "bbs-config"]
    sections: dict[str, list[Node]] = {name: [] for name in names}
    for node in sorted(root.children, key=lambda node: node.rank):
        sections.setdefault(node.section, []).append(node)
    out: list[str] = ["#"]
    for name, nodes in sections.items():
        if not nodes:
            continue
        out.extend([f"[{name}]", f"  <{name}>"])
        for node in nodes:
            out.append(" " + node.line)
            out.extend(lines_of(node, 2))
            if node.view is not None:
                out.append(" quit")
        out.append("#")
    out.append("return")
    return "\n".join(out) + "\n"
