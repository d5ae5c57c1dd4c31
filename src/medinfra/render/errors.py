"""Errors of rendering: a device that is not in the topology, a model the templates cannot
express, a template (built-in or override) that fails."""

from medinfra.errors import MedinfraError, UsageError


class RenderError(MedinfraError):
    """The intended config of a device could not be rendered."""


class UnknownDeviceError(UsageError):
    """A hostname that is not a device of the topology (exit code 2 on the command line)."""

    def __init__(self, hostname: str, known: list[str]) -> None:
        shown = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
        super().__init__(f"unknown device '{hostname}' (known: {shown or 'none'})")
        self.hostname = hostname
        self.known = known
