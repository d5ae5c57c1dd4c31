"""Reading ``display current-configuration`` dumps, line by line, into one structure.

Each platform module parses its own layout (:func:`medinfra.platforms.huawei_vrp.parse_dump`,
:func:`medinfra.platforms.huawei_smartax.parse_dump`) into :class:`Dump`: every configuration
line keeps its printed form (``raw``) and the non-configuration lines around it (``before``:
separators, section headers, markers, blank lines; ``closing``: ``commit``/``quit``), so the lab
can print a dump back byte for byte, and :func:`tree_lines` gives the canonical indented tree
(one space per level, nothing but configuration) that remediation and verification parse, the
same for a real device's dump and for a rendered config.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Block:
    """One configuration line as printed, with its view's lines and its surroundings."""

    text: str
    raw: str
    before: list[str] = field(default_factory=list)
    children: list["Block"] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    section: str | None = None


@dataclass
class Dump:
    """A whole ``display current-configuration``: banner lines, top-level blocks, the end."""

    preamble: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    ending: list[str] = field(default_factory=list)


def split_lines(text: str) -> list[str]:
    """The lines of a dump (``\\r\\n`` or ``\\n``), without the empty one after the last newline."""
    lines = text.replace("\r\n", "\n").split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def indent_of(raw: str) -> int:
    """How many spaces a printed line starts with."""
    return len(raw) - len(raw.lstrip(" "))


def split_preamble(lines: list[str], banner: Callable[[str], bool]) -> tuple[list[str], int]:
    """The banner lines a dump opens with, and the index of the first line after them."""
    count = 0
    while count < len(lines) and banner(lines[count]):
        count += 1
    return lines[:count], count


def tree_lines(
    blocks: list[Block], rename: Callable[[str], str] = str, depth: int = 0
) -> list[str]:
    """Blocks as canonical indented lines: one space per level, nothing but configuration."""
    out: list[str] = []
    for block in blocks:
        out.append(" " * depth + rename(block.text))
        out.extend(tree_lines(block.children, rename, depth + 1))
    return out
