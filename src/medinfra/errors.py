"""The exception hierarchy: every error medinfra raises on purpose derives from MedinfraError.

The CLI catches MedinfraError in one place and turns it into a clear message and an exit code.
"""

from medinfra.diagnostics import Diagnostic


class MedinfraError(Exception):
    """Base class of every error medinfra raises on purpose."""


class UsageError(MedinfraError):
    """The user asked for something that cannot be done as asked (exit code 2)."""


class TopologyError(MedinfraError):
    """A topology could not be loaded; carries the diagnostics that explain why."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []
