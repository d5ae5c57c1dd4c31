"""Constrained string types for the model.

Any text in a topology may end up on a device's command line (a description, a banner, an
ONT's location). A control character there would let a topology file inject extra CLI lines,
so every text type rejects them at load time, with a message that says which character and where.
"""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators all break a CLI line.
_LINE_BREAKERS = {"\u0085", "\u2028", "\u2029"}


def find_control_character(value: str) -> tuple[int, str] | None:
    """Return the position and name of the first control character in ``value``, if any.

    Examples:
        >>> find_control_character("ward 3")
        >>> find_control_character("ward\\n3")
        (4, 'U+000A LINE FEED')
    """
    for index, char in enumerate(value):
        if char in _LINE_BREAKERS or unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}:
            name = unicodedata.name(char, "")
            if not name:
                name = _CONTROL_NAMES.get(char, "CONTROL CHARACTER")
            return index, f"U+{ord(char):04X} {name}"
    return None


_CONTROL_NAMES = {
    "\x00": "NUL",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}


def reject_control_characters(value: str) -> str:
    """Pydantic validator: refuse text that could become an extra CLI line."""
    found = find_control_character(value)
    if found is not None:
        index, name = found
        raise ValueError(
            f"control character {name} at position {index} is not allowed "
            "(text may reach a device command line; write it on one line)"
        )
    if value != value.strip():
        raise ValueError("leading or trailing spaces are not allowed")
    return value


def reject_secret_placeholder(value: str) -> str:
    """Pydantic validator: a ``<<secret:REF>>`` placeholder belongs only in a secret field.

    The push resolves placeholders in every line it sends; one in a banner or a description
    would show the secret to anyone who reads the device's banner or its configuration.

    Examples:
        >>> reject_secret_placeholder("ward 3")
        'ward 3'
    """
    if "<<secret:" in value.lower():
        raise ValueError(
            "a secret placeholder '<<secret:...>>' is allowed only in the fields meant for "
            "secrets (a local user's 'secret', SNMP 'auth_secret'/'priv_secret'), which take "
            "the secret's name; free text would show the secret on the device"
        )
    return value


SafeText = Annotated[
    str,
    Field(min_length=1, max_length=240),
    AfterValidator(reject_control_characters),
    AfterValidator(reject_secret_placeholder),
]
"""Free text on one line: names, descriptions, locations."""

IDENTIFIER_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
Identifier = Annotated[str, Field(pattern=IDENTIFIER_PATTERN, min_length=1, max_length=64)]
"""A stable id in lower case: letters, digits and hyphens (site ids, service ids, zone ids)."""

HOSTNAME_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$"
Hostname = Annotated[str, Field(pattern=HOSTNAME_PATTERN, min_length=1, max_length=64)]
"""A device hostname, also its sysname: letters, digits, hyphen and underscore, no spaces."""

INTERFACE_PATTERN = r"^(?:\d+GE|[A-Za-z][A-Za-z-]*)\d+(?:/\d+){0,3}(?:\.\d+)?$"
InterfaceName = Annotated[str, Field(pattern=INTERFACE_PATTERN, max_length=64)]
"""A device interface such as ``GigabitEthernet0/0/1``, ``10GE1/0/1`` or ``Eth-Trunk1``."""

FRAME_SLOT_PORT_PATTERN = r"^\d{1,2}/\d{1,2}/\d{1,3}$"
FrameSlotPort = Annotated[str, Field(pattern=FRAME_SLOT_PORT_PATTERN)]
"""An OLT port as ``frame/slot/port``, e.g. ``0/1/0``."""

SECRET_REF_PATTERN = r"^[a-z0-9][a-z0-9._/-]{0,127}$"  # noqa: S105 - a name pattern
SecretRef = Annotated[str, Field(pattern=SECRET_REF_PATTERN)]
"""The name of a secret held outside the topology (environment, Ansible Vault, Pulumi secret)."""

ONT_SERIAL_PATTERN = r"^[0-9A-F]{16}$"
OntSerial = Annotated[str, Field(pattern=ONT_SERIAL_PATTERN)]
"""An ONT serial: 16 upper-case hex digits (vendor id + serial), e.g. ``48575443F5E5A8AB``."""

AE_TITLE_PATTERN = r"^[A-Z0-9_]{1,16}$"
AeTitle = Annotated[str, Field(pattern=AE_TITLE_PATTERN)]
"""A DICOM application entity title: up to 16 upper-case letters, digits or underscores."""

RULE_SELECTOR_PATTERN = r"^MI(-[A-Z]{2,6}(-\d{3})?)?$"
