"""Diagnostics: what is wrong, where (file, line, column, model path) and how bad."""

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a diagnostic matters: errors fail validation."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Location:
    """A position in a topology file (1-based line and column)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a topology: a load error or a check rule's finding."""

    code: str
    severity: Severity
    message: str
    path: str = ""
    location: Location | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def format(self) -> str:
        """``FILE:LINE:COL: model.path: message`` (parts left out when unknown)."""
        parts = [str(self.location)] if self.location else []
        if self.path:
            parts.append(self.path)
        parts.append(self.message)
        return escape_controls(": ".join(parts))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "file": self.location.file if self.location else None,
            "line": self.location.line if self.location else None,
            "column": self.location.column if self.location else None,
        }


def escape_controls(text: str) -> str:
    """``text`` with control and format characters written as escapes (``\\x1b``), so that a
    key or value from a file cannot drive the terminal (set its title, move the cursor, erase a
    line); line feeds are kept.

    Examples:
        >>> escape_controls("unknown key 'a\\x1b]0;owned\\x07'")
        "unknown key 'a\\\\x1b]0;owned\\\\x07'"
        >>> escape_controls("line 1\\nline 2")
        'line 1\\nline 2'
    """
    out = []
    for char in text:
        if char != "\n" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def format_path(parts: tuple[str | int, ...]) -> str:
    """Format a model path the way people read it.

    Examples:
        >>> format_path(("devices", 3, "platform"))
        'devices[3].platform'
        >>> format_path(())
        ''
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
