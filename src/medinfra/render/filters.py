"""Jinja2 filters the device templates use: unit conversions, address forms and CLI-safe text.

Every filter is a small pure function that also accepts the plain strings the template
context carries (``"10.0.1.1/30"``), so the same templates render under Ansible's
``template`` module with these filters installed as a filter plugin.
"""

import hashlib
import re
from collections.abc import Callable
from ipaddress import IPv4Interface, IPv4Network
from typing import Any

from medinfra.model.text import find_control_character

MAX_DESCRIPTION = 242
"""Longest ``description`` a VRP interface takes (AR and NE40E alike)."""

MAX_ONT_DESC = 64
"""Longest ``desc`` of an ONT on an MA5800."""

MAX_BFD_NAME = 15
"""Longest static BFD session name (``bfd NAME bind ...``) on VRP."""

DBA_GRANULARITY_KBPS = 64
"""The OLT grants DBA bandwidth in steps of 64 kbit/s (it rounds any other value down)."""

# Characters a Huawei CLI gives a meaning inside a line: '"' closes a quoted string and
# '?' asks for online help while the line is typed. Each is replaced by a harmless look-alike.
_CLI_REPLACEMENTS = {'"': "'", "?": "."}


class UnsafeTextError(ValueError):
    """Text that would break a command line; the model should have refused it at load time."""


def kbps(bits_per_second: int | float) -> int:
    """A bandwidth in bit/s as whole kbit/s (the unit device commands take).

    Examples:
        >>> kbps(1_000_000_000)
        1000000
        >>> kbps(100_000_000)
        100000
    """
    return int(bits_per_second // 1000)


def dba_kbps(bits_per_second: int | float) -> int:
    """A DBA bandwidth in kbit/s, rounded down to the OLT's 64 kbit/s grant step.

    Rendering the value the OLT will store keeps a read-back identical to what was pushed.

    Examples:
        >>> dba_kbps(100_000_000)
        99968
        >>> dba_kbps(1_024_000)
        1024
        >>> dba_kbps(10_000)
        64
    """
    steps = max(1, kbps(bits_per_second) // DBA_GRANULARITY_KBPS)
    return steps * DBA_GRANULARITY_KBPS


def _interface(value: IPv4Interface | str) -> IPv4Interface:
    return value if isinstance(value, IPv4Interface) else IPv4Interface(value)


def _network(value: IPv4Network | str) -> IPv4Network:
    return value if isinstance(value, IPv4Network) else IPv4Network(value, strict=False)


def address_mask(value: IPv4Interface | str) -> str:
    """An interface address as VRP writes it: ``address mask``.

    Examples:
        >>> address_mask("10.0.1.1/30")
        '10.0.1.1 255.255.255.252'
    """
    interface = _interface(value)
    return f"{interface.ip} {interface.netmask}"


def network_mask(value: IPv4Network | IPv4Interface | str) -> str:
    """A prefix as ``network mask`` (static routes).

    Examples:
        >>> network_mask("10.20.0.0/16")
        '10.20.0.0 255.255.0.0'
        >>> network_mask("10.255.10.1/24")
        '10.255.10.0 255.255.255.0'
    """
    network = value.network if isinstance(value, IPv4Interface) else _network(value)
    return f"{network.network_address} {network.netmask}"


def wildcard(value: IPv4Network | str) -> str:
    """A prefix as ``network wildcard`` (ACL rules).

    Examples:
        >>> wildcard("10.255.0.0/16")
        '10.255.0.0 0.0.255.255'
        >>> wildcard("10.1.2.3/32")
        '10.1.2.3 0.0.0.0'
    """
    network = _network(value)
    return f"{network.network_address} {network.hostmask}"


def ip_only(value: IPv4Interface | str) -> str:
    """The address of an interface without its prefix length.

    Examples:
        >>> ip_only("10.0.1.2/30")
        '10.0.1.2'
    """
    return str(_interface(value).ip)


def cli_text(value: str, max_length: int = MAX_DESCRIPTION) -> str:
    """Free text made safe for one CLI line: one line, no CLI meta-characters, bounded length.

    Control characters cannot come from a loaded model; meeting one here is a bug upstream,
    so it raises instead of silently emitting a second command line.

    Examples:
        >>> cli_text('Ward "3" ?')
        "Ward '3' ."
        >>> cli_text("x" * 70, 64) == "x" * 64
        True
        >>> cli_text("ward\\nreturn")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        medinfra.render.filters.UnsafeTextError: control character U+000A LINE FEED at ...
    """
    found = find_control_character(value)
    if found is not None:
        index, name = found
        raise UnsafeTextError(f"control character {name} at position {index} in {value!r}")
    for char, replacement in _CLI_REPLACEMENTS.items():
        value = value.replace(char, replacement)
    value = re.sub(r"\s+", " ", value).strip()
    return value[:max_length].rstrip()


def quoted(value: str, max_length: int = MAX_DESCRIPTION) -> str:
    """Free text as one double-quoted CLI token (the quote cannot be closed from inside).

    Examples:
        >>> quoted('Room 3 "east" # 2')
        '"Room 3 \\'east\\' # 2"'
    """
    return f'"{cli_text(value, max_length)}"'


def bfd_name(interface: str, vlan: int) -> str:
    """A static BFD session name (at most 15 characters) derived from the sub-interface.

    The name stays the same as long as the line keeps its port and VLAN, so adding a line
    elsewhere never renames (and flaps) an existing session.

    Examples:
        >>> bfd_name("GigabitEthernet0/0/1", 101)
        'ge0-0-1-101'
        >>> bfd_name("10GE1/0/1", 4094)
        '10ge1-0-1-4094'
        >>> bfd_name("XGigabitEthernet10/10/10", 4094)
        'bfdb6638404fe1b'
    """
    short = re.sub(r"^(X?)GigabitEthernet", r"\1GE", interface)
    name = re.sub(r"[/.]", "-", f"{short}.{vlan}").lower()
    if len(name) <= MAX_BFD_NAME:
        return name
    digest = hashlib.sha256(f"{interface}.{vlan}".encode()).hexdigest()
    return "bfd" + digest[: MAX_BFD_NAME - 3]


def secret(reference: str) -> str:
    """The visible placeholder of a secret; the push layer resolves it in memory only.

    Examples:
        >>> secret("henan/netadmin")
        '<<secret:henan/netadmin>>'
    """
    return f"<<secret:{reference}>>"


FILTERS: dict[str, Callable[..., Any]] = {
    "kbps": kbps,
    "dba_kbps": dba_kbps,
    "address_mask": address_mask,
    "network_mask": network_mask,
    "wildcard": wildcard,
    "ip_only": ip_only,
    "cli_text": cli_text,
    "quoted": quoted,
    "bfd_name": bfd_name,
    "secret": secret,
}
"""Every filter, by the name templates use."""
