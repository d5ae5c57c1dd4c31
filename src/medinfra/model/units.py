"""Quantities written as people write them (``1Gbit/s``, ``230TB``, ``12km``, ``17.0dB``).

Each quantity type parses a string with a unit into a number in one base unit and serialises
back to a canonical string. A bare number is refused: ``1000`` could be bit/s or Mbit/s, and a
wrong guess sizes a hospital's private line a thousand times off.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

_NUMBER = r"(?P<number>[0-9]+(?:\.[0-9]+)?)"
MAX_DIGITS = 12
"""Digits a quantity may have before its decimal point (a petabyte in bytes has 16, so every
real quantity written in a sensible unit fits, and no number overflows a float)."""
_QUANTITY = re.compile(rf"^\s*{_NUMBER}\s*(?P<unit>[A-Za-z%/0-9.]*)\s*$")


@dataclass(frozen=True)
class UnitTable:
    """The units one kind of quantity accepts, each with its factor to the base unit."""

    kind: str
    example: str
    units: Mapping[str, float]
    base_unit: str

    def parse(self, value: object) -> float:
        """Parse ``value`` into the base unit.

        Examples:
            >>> BANDWIDTH.parse("1Gbit/s")
            1000000000.0
            >>> BANDWIDTH.parse("500 Mbit/s")
            500000000.0
            >>> LENGTH.parse("12km")
            12.0
        """
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"expected {self.kind} as a string such as '{self.example}'")
        if isinstance(value, int | float):
            raise ValueError(
                f"expected {self.kind} with a unit, such as '{self.example}' "
                f"(a bare number {value!r} is ambiguous)"
            )
        match = _QUANTITY.match(value)
        if match is None:
            raise ValueError(f"expected {self.kind} such as '{self.example}', got {value!r}")
        unit = match.group("unit")
        factor = self.units.get(unit)
        if factor is None:
            known = ", ".join(self.units)
            if not unit:
                raise ValueError(
                    f"{self.kind} needs a unit, one of: {known} (e.g. '{self.example}')"
                )
            raise ValueError(
                f"unit {unit!r} is not a unit of {self.kind}; use one of: {known} "
                f"(e.g. '{self.example}')"
            )
        number = match.group("number")
        digits = len(number.split(".")[0].lstrip("0"))
        if digits > MAX_DIGITS:
            raise ValueError(
                f"{self.kind} of {digits} digits is far beyond any real one; "
                f"at most {MAX_DIGITS} digits before the decimal point (e.g. '{self.example}')"
            )
        return float(number) * factor


def _format(number: float, unit: str) -> str:
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


BANDWIDTH = UnitTable(
    kind="a bandwidth",
    example="1Gbit/s",
    base_unit="bit/s",
    units={
        "bit/s": 1,
        "bps": 1,
        "kbit/s": 1e3,
        "kbps": 1e3,
        "Mbit/s": 1e6,
        "Mbps": 1e6,
        "Gbit/s": 1e9,
        "Gbps": 1e9,
        "Tbit/s": 1e12,
    },
)

DATA_SIZE = UnitTable(
    kind="a data size",
    example="230TB",
    base_unit="B",
    units={
        "B": 1,
        "kB": 1e3,
        "KB": 1e3,
        "MB": 1e6,
        "GB": 1e9,
        "TB": 1e12,
        "PB": 1e15,
        "KiB": 2.0**10,
        "MiB": 2.0**20,
        "GiB": 2.0**30,
        "TiB": 2.0**40,
        "PiB": 2.0**50,
    },
)

DATA_GROWTH = UnitTable(
    kind="a yearly data growth",
    example="40TB/year",
    base_unit="B/year",
    units={
        f"{unit}/{per}": factor
        for unit, factor in DATA_SIZE.units.items()
        for per in ("year", "yr")
    },
)

LENGTH = UnitTable(
    kind="a fibre length", example="12km", base_unit="km", units={"km": 1, "m": 1e-3}
)

DECIBELS = UnitTable(kind="an optical loss", example="17.0dB", base_unit="dB", units={"dB": 1})

ATTENUATION = UnitTable(
    kind="a fibre attenuation", example="0.35dB/km", base_unit="dB/km", units={"dB/km": 1}
)

DURATION = UnitTable(
    kind="a duration", example="8h", base_unit="h", units={"h": 1, "min": 1 / 60, "s": 1 / 3600}
)


def _percent(value: object) -> float:
    """Parse ``99.95%`` into the ratio 0.9995.

    Examples:
        >>> round(_percent("99.95%"), 6)
        0.9995
    """
    if isinstance(value, str):
        match = re.fullmatch(rf"\s*{_NUMBER}\s*%\s*", value)
        if match:
            ratio = float(match.group("number")) / 100
            if ratio > 1:
                raise ValueError(f"a percentage cannot exceed 100%, got {value!r}")
            return ratio
    raise ValueError(f"expected a percentage such as '99.95%', got {value!r}")


def _quantity(
    table: UnitTable, output: Callable[[float], float | int], preferred: tuple[str, ...]
) -> Any:
    """Pydantic metadata for a quantity: parse with ``table``, serialise in the largest
    ``preferred`` unit that keeps the number at or above one."""

    def serialise(number: float) -> str:
        for unit in preferred:
            factor = table.units[unit]
            if abs(number) >= factor or unit == preferred[-1]:
                return _format(number / factor, unit)
        raise AssertionError("unreachable: the last preferred unit always matches")

    pattern = rf"^\s*[0-9]+(\.[0-9]+)?\s*({'|'.join(re.escape(u) for u in table.units)})\s*$"
    return (
        BeforeValidator(lambda value: output(table.parse(value))),
        PlainSerializer(serialise, return_type=str),
        WithJsonSchema(
            {
                "type": "string",
                "pattern": pattern,
                "description": f"{table.kind}, e.g. '{table.example}'",
                "examples": [table.example],
            }
        ),
    )


def _round_int(number: float) -> int:
    return round(number)


Bandwidth = Annotated[
    int, *_quantity(BANDWIDTH, _round_int, ("Tbit/s", "Gbit/s", "Mbit/s", "kbit/s", "bit/s"))
]
"""A bandwidth in bit/s, written ``1Gbit/s``, ``500Mbit/s``, ``10Mbit/s``."""

DataSize = Annotated[int, *_quantity(DATA_SIZE, _round_int, ("PB", "TB", "GB", "MB", "kB", "B"))]
"""A data size in bytes, written ``230TB``, ``500MB``, ``3GB`` (decimal units; KiB.. also)."""

DataGrowth = Annotated[
    int,
    *_quantity(
        DATA_GROWTH, _round_int, ("PB/year", "TB/year", "GB/year", "MB/year", "kB/year", "B/year")
    ),
]
"""A yearly data growth in bytes a year, written ``40TB/year``."""

Length = Annotated[float, *_quantity(LENGTH, float, ("km", "m"))]
"""A fibre length in km, written ``12km`` or ``800m``."""

Decibels = Annotated[float, *_quantity(DECIBELS, float, ("dB",))]
"""An optical loss in dB, written ``17.0dB``."""

Attenuation = Annotated[float, *_quantity(ATTENUATION, float, ("dB/km",))]
"""A fibre attenuation in dB/km, written ``0.35dB/km``."""

Hours = Annotated[float, *_quantity(DURATION, float, ("h", "min", "s"))]
"""A duration in hours, written ``8h`` or ``90min``."""

Ratio = Annotated[
    float,
    BeforeValidator(_percent),
    PlainSerializer(lambda ratio: _format(ratio * 100, "%"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*%\s*$",
            "description": "a percentage, e.g. '99.95%'",
            "examples": ["99.95%"],
        }
    ),
]
"""A percentage such as ``99.95%``, held as the ratio 0.9995."""


def format_bandwidth(bits_per_second: float) -> str:
    """Format a bandwidth for people.

    Examples:
        >>> format_bandwidth(1_000_000_000)
        '1 Gbit/s'
        >>> format_bandwidth(618_518_518.5)
        '618.5 Mbit/s'
    """
    for unit, factor in (("Tbit/s", 1e12), ("Gbit/s", 1e9), ("Mbit/s", 1e6), ("kbit/s", 1e3)):
        if bits_per_second >= factor:
            return f"{bits_per_second / factor:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{bits_per_second:.0f} bit/s"


def format_size(size_bytes: float) -> str:
    """Format a data size for people (decimal units).

    Examples:
        >>> format_size(230e12)
        '230 TB'
    """
    for unit, factor in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size_bytes >= factor:
            return f"{size_bytes / factor:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size_bytes:.0f} B"
