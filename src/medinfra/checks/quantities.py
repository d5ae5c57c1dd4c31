"""Numbers as the messages show them: ``30.4 Mbit/s``, ``109.6 GB``, ``99.95%``."""


def _scaled(value: float, units: tuple[tuple[str, float], ...]) -> str:
    """``value`` in the first unit that keeps it at or above one, up to three decimals."""
    unit, factor = next(((u, f) for u, f in units if abs(value) >= f), units[-1])
    return f"{value / factor:.3f}".rstrip("0").rstrip(".") + f" {unit}"


def rate(bits_per_second: float) -> str:
    """A bandwidth in the largest unit that keeps it at or above one.

    Examples:
        >>> rate(1e9), rate(30_444_444), rate(1.24416e9)
        ('1 Gbit/s', '30.444 Mbit/s', '1.244 Gbit/s')
    """
    return _scaled(
        bits_per_second,
        (("Tbit/s", 1e12), ("Gbit/s", 1e9), ("Mbit/s", 1e6), ("kbit/s", 1e3), ("bit/s", 1)),
    )


def size(number_of_bytes: float) -> str:
    """A data size in decimal units.

    Examples:
        >>> size(109.6e9), size(1.2e15), size(1029.6e12)
        ('109.6 GB', '1.2 PB', '1.03 PB')
    """
    return _scaled(
        number_of_bytes,
        (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3), ("B", 1)),
    )


def percent(ratio: float, digits: int = 4) -> str:
    """``0.9995`` as ``99.95%`` (trailing zeros dropped).

    Examples:
        >>> percent(0.9995), percent(0.99989899), percent(0.7)
        ('99.95%', '99.9899%', '70%')
    """
    text = f"{ratio * 100:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}%"
