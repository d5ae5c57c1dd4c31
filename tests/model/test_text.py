"""Free text can never carry a control character to a device."""

import pytest
from pydantic import BaseModel, ValidationError

from medinfra.model.text import SafeText


class Named(BaseModel):
    name: SafeText


@pytest.mark.parametrize(
    ("value", "character"),
    [
        ("ward\nsystem-view", "U+000A"),
        ("ward\rquit", "U+000D"),
        ("ward\x00", "U+0000"),
        ("ward\x1b[2J", "U+001B"),
        ("ward\tA", "U+0009"),
        ("ward\u2028next", "U+2028"),
        ("ward\x85next", "U+0085"),
        ("ward\u200bhidden", "U+200B"),
    ],
)
def test_control_characters_are_refused(value: str, character: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Named(name=value)
    assert f"control character {character}" in str(raised.value)


def test_ordinary_text_passes() -> None:
    assert Named(name="Ward 3-12, Inpatient B (east)").name == "Ward 3-12, Inpatient B (east)"


def test_leading_spaces_and_length() -> None:
    with pytest.raises(ValidationError, match="leading or trailing spaces"):
        Named(name=" ward")
    with pytest.raises(ValidationError, match="at most 240 characters"):
        Named(name="x" * 241)
