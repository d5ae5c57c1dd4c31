"""Numbers as the messages show them: ``30.4 Mbit/s``, ``109.6 GB``, ``99.95%``."""


def _scaled(value: float, units: tuple[tuple[str, float], ...]) -> str:
    for unit, factor in units:
        if abs(value) >= factor:
            return f"{value / factor:.1f}".removesuffix(".0") + f" {unit}"
    unit, factor = units[-1]
    return f"{value / factor:.1f}".removesuffix(".0") + f" {unit}"


def rate(bits_per_second: float) -> str:
    """A bandwidth in the largest unit that keeps it at or above one.

    Examples:
        >>> rate(1e9), rate(30_444_444), rate(2.488e9)
        ('1 Gbit/s', '30.4 Mbit/s', '2.5 Gbit/s')
    """
    return _scaled(
        bits_per_second,
        (("Tbit/s", 1e12), ("Gbit/s", 1e9), ("Mbit/s", 1e6), ("kbit/s", 1e3), ("bit/s", 1)),
    )


def size(number_of_bytes: float) -> str:
    """A data size in decimal units.

    Examples:
        >>> size(109.6e9), size(1.2e15)
        ('109.6 GB', '1.2 PB')
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
