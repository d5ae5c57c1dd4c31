"""Quantities with units, as people write them."""

import pytest
from pydantic import BaseModel, ValidationError

from medinfra.model.units import Bandwidth, DataGrowth, DataSize, Decibels, Length, Ratio


class Quantities(BaseModel):
    bandwidth: Bandwidth | None = None
    size: DataSize | None = None
    growth: DataGrowth | None = None
    length: Length | None = None
    loss: Decibels | None = None
    ratio: Ratio | None = None


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("bandwidth", "1Gbit/s", 1_000_000_000),
        ("bandwidth", "500Mbit/s", 500_000_000),
        ("bandwidth", "10 Mbps", 10_000_000),
        ("size", "230TB", 230 * 10**12),
        ("size", "1.5GB", 1_500_000_000),
        ("size", "1TiB", 2**40),
        ("growth", "40TB/year", 40 * 10**12),
        ("length", "12km", 12.0),
        ("length", "800m", 0.8),
        ("loss", "17.0dB", 17.0),
        ("ratio", "99.95%", 0.9995),
    ],
)
def test_parse(field: str, text: str, value: float) -> None:
    assert getattr(Quantities.model_validate({field: text}), field) == pytest.approx(value)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("bandwidth", "1Gbps/s", "unit 'Gbps/s' is not a unit of a bandwidth"),
        ("bandwidth", 1000, "a bare number 1000 is ambiguous"),
        ("size", "230", "a data size needs a unit"),
        ("growth", "40TB", "unit 'TB' is not a unit of a yearly data growth"),
        ("length", "twelve km", "expected a fibre length such as '12km'"),
        ("ratio", "101%", "a percentage cannot exceed 100%"),
        ("ratio", 0.9995, "expected a percentage such as '99.95%'"),
    ],
)
def test_bad_units_are_clear(field: str, text: object, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Quantities.model_validate({field: text})
    assert message in str(raised.value)


def test_round_trip_serialisation() -> None:
    quantities = Quantities.model_validate(
        {"bandwidth": "1Gbit/s", "size": "230TB", "growth": "40TB/year", "ratio": "99.95%"}
    )
    assert quantities.model_dump(exclude_none=True) == {
        "bandwidth": "1Gbit/s",
        "size": "230TB",
        "growth": "40TB/year",
        "ratio": "99.95%",
    }
