"""Address types that take only text that parses as what it claims.

pydantic's IPv4 types also accept integers (YAML ``12345`` becomes ``0.0.48.57``) and booleans
(``true`` becomes ``0.0.0.1``): an unquoted typo that renders a valid-looking address on a
device. These types refuse anything but a string.
"""

from functools import lru_cache
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Annotated

from pydantic import BeforeValidator


def _text_only(what: str, example: str) -> BeforeValidator:
    def check(value: object) -> object:
        if not isinstance(value, str | IPv4Address | IPv4Interface | IPv4Network):
            raise ValueError(
                f"expected {what} written as text such as '{example}', "
                f"not the {type(value).__name__} {value!r}"
            )
        return value

    return BeforeValidator(check)


Address = Annotated[IPv4Address, _text_only("an IPv4 address", "10.255.0.10")]
"""An IPv4 address such as ``10.255.0.10``."""

Network = Annotated[IPv4Network, _text_only("an IPv4 network", "10.20.0.0/16")]
"""An IPv4 network such as ``10.20.0.0/16``."""

Interface = Annotated[IPv4Interface, _text_only("an IPv4 address with prefix", "10.0.0.1/30")]
"""An IPv4 address with its prefix length such as ``10.0.0.1/30``."""


PARSED = 1 << 16
"""How many distinct texts the parse caches below keep (a national model's rules and routes
repeat a few tens of thousands of prefixes; the least recently used beyond that are parsed
again)."""


@lru_cache(maxsize=PARSED)
def parsed_network(text: str) -> IPv4Network:
    """``IPv4Network(text)`` (strict), parsed once per distinct text: the flow walker and the
    route sort ask for the same few prefixes hundreds of thousands of times. The objects are
    immutable, so sharing them is safe.

    Examples:
        >>> parsed_network("10.20.0.0/16") is parsed_network("10.20.0.0/16")
        True
    """
    return IPv4Network(text)


@lru_cache(maxsize=PARSED)
def parsed_address(text: str) -> IPv4Address:
    """``IPv4Address(text)``, parsed once per distinct text (see :func:`parsed_network`).

    Examples:
        >>> int(parsed_address("10.0.0.1"))
        167772161
    """
    return IPv4Address(text)
