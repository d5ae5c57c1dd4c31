"""Writing files atomically: a reader sees the old file or the new one, never half of one."""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from medinfra.errors import UsageError


def refuse_inputs(path: Path, inputs: Iterable[Path]) -> None:
    """A usage error when ``path`` is one of the files the command reads (a topology's own
    ``topology.yaml`` or site file): writing there would replace the input with the output.

    Raises:
        UsageError: naming the file.
    """
    target = path.resolve()
    for source in inputs:
        if source.resolve() == target:
            raise UsageError(
                f"cannot write {path}: it is the topology file {source}, which this command "
                "reads; name another file"
            )


def _temporary_beside(path: Path) -> tuple[int, str]:
    """Create the directory and a temporary file in it; an unwritable place is a usage error."""
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a directory; name a file in it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        blocker = next((p for p in (path.parent, *path.parent.parents) if p.is_file()), None)
        why = f"{blocker} is a file, not a directory" if blocker else error.strerror or str(error)
        raise UsageError(f"cannot write {path}: {why}") from None


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\n`` line ends) to ``path`` atomically (:func:`write_atomic_bytes`).

    Raises:
        UsageError: when the directory cannot be created or written (naming the path).
    """
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename:
    a reader sees the old file or the new one; an interrupted write leaves no temporary file.

    Raises:
        UsageError: when the directory cannot be created or written (naming the path).
    """
    descriptor, temporary = _temporary_beside(path)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
