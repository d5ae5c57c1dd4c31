"""Where each part of a loaded topology came from: file, line, column.

The loader keeps every file's marked data. A model path such as
``("sites", 12, "devices", 3, "platform")`` is mapped to the file that holds site 12 and
walked through that file's data to the nearest key or item that exists.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medinfra.diagnostics import Location, format_path
from medinfra.load.yaml_reader import Mark, MarkedDict, MarkedList

ModelPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file of a topology and the model path its root corresponds to."""

    path: Path
    display: str
    prefix: ModelPath
    data: Any


@dataclass(frozen=True, slots=True)
class Resolved:
    """A model path resolved to a file location and the path within that file."""

    location: Location
    path_in_file: str


@dataclass
class SourceMap:
    """Maps model paths to file locations."""

    files: dict[ModelPath, SourceFile] = field(default_factory=dict)

    def add(self, source: SourceFile) -> None:
        """Register a file whose root is the model path ``source.prefix``."""
        self.files[source.prefix] = source

    def file_for(self, path: ModelPath) -> SourceFile | None:
        """The file holding ``path``: the registered prefix that matches longest."""
        for length in range(len(path), -1, -1):
            found = self.files.get(path[:length])
            if found is not None:
                return found
        return None

    def resolve(self, path: ModelPath) -> Resolved | None:
        """The location of ``path`` (or of its nearest existing ancestor)."""
        source = self.file_for(path)
        if source is None:
            return None
        relative = path[len(source.prefix) :]
        return Resolved(
            Location(source.display, *walk(source.data, relative)), format_path(relative)
        )

    def locate(self, path: ModelPath) -> Location | None:
        """Only the location of ``path``."""
        resolved = self.resolve(path)
        return resolved.location if resolved else None


def walk(data: Any, path: ModelPath) -> Mark:
    """The mark of the deepest part of ``path`` present in ``data``.

    Steps that are not in the data (a missing key, a union's branch name) are skipped.
    """
    mark: Mark = getattr(data, "mark", (1, 1))
    current = data
    for step in path:
        if isinstance(current, MarkedDict) and step in current:
            mark = current.key_marks[step]
            current = current[step]
        elif isinstance(current, MarkedList) and isinstance(step, int) and 0 <= step < len(current):
            mark = current.item_marks[step]
            current = current[step]
    return mark
