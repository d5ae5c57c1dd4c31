"""Writing files atomically: a reader sees the old file or the new one, never half of one."""

import os
import tempfile
from pathlib import Path

from medinfra.errors import UsageError


def _temporary_beside(path: Path) -> tuple[int, str]:
    """Create the directory and a temporary file in it; an unwritable place is a usage error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        blocker = next((p for p in (path.parent, *path.parent.parents) if p.is_file()), None)
        why = f"{blocker} is a file, not a directory" if blocker else error.strerror or str(error)
        raise UsageError(f"cannot write {path}: {why}") from None


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory and a rename.

    Raises:
        UsageError: when the directory cannot be created or written (naming the path).
    """
    descriptor, temporary = _temporary_beside(path)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename."""
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
