"""GitHub Actions workflow commands: annotations that land on the file and line concerned."""

from medinfra.diagnostics import Diagnostic, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    """One ``::error file=...,line=...,col=...,title=...::message`` line.

    Examples:
        >>> from medinfra.diagnostics import Location
        >>> d = Diagnostic("MI-AV-001", Severity.ERROR, "99.9% < 99.95%", "uplinks",
        ...                Location("x/a.yaml", 12, 3))
        >>> annotation(d)
        '::error file=x/a.yaml,line=12,col=3,title=MI-AV-001::uplinks: 99.9%25 < 99.95%25'
    """
    properties = []
    if diagnostic.location is not None:
        properties += [
            f"file={_escape_property(diagnostic.location.file)}",
            f"line={diagnostic.location.line}",
            f"col={diagnostic.location.column}",
        ]
    properties.append(f"title={_escape_property(diagnostic.code)}")
    message = f"{diagnostic.path}: {diagnostic.message}" if diagnostic.path else diagnostic.message
    return f"::{COMMANDS[diagnostic.severity]} {','.join(properties)}::{_escape_data(message)}"
