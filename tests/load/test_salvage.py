"""Setting aside the list items that fail, and mapping the partial model's paths back."""

from pydantic import BaseModel, Field

from medinfra.load.salvage import Salvage, validate_salvaging, without_follow_ons


class Ont(BaseModel):
    id: str
    serial: str = Field(pattern=r"^[0-9A-F]{16}$")


class Splitter(BaseModel):
    onts: tuple[Ont, ...] = Field(min_length=1)


class Port(BaseModel):
    splitters: tuple[Splitter, ...] = Field(min_length=1)


GOOD = "48575443F5E5A8AB"


def test_paths_of_the_partial_model_map_back_to_the_data_as_written() -> None:
    salvage = Salvage(removed={("onts",): {0, 2}})
    assert salvage.original(("onts", 0, "serial")) == ("onts", 1, "serial")
    assert salvage.original(("onts", 1)) == ("onts", 3)
    assert salvage.original(("other", 0)) == ("other", 0)


def test_one_bad_item_is_one_error_and_the_rest_is_a_model() -> None:
    data = {
        "splitters": [
            {"onts": [{"id": "a", "serial": "HWTC-1"}]},
            {"onts": [{"id": "b", "serial": GOOD}, {"id": "c", "serial": "bad"}]},
        ]
    }
    outcome = validate_salvaging(Port, data)
    assert [tuple(e["loc"]) for e in outcome.errors] == [
        ("splitters", 0, "onts", 0, "serial"),
        ("splitters", 1, "onts", 1, "serial"),
    ]
    assert isinstance(outcome.model, Port)
    assert [o.id for s in outcome.model.splitters for o in s.onts] == ["b"]
    assert outcome.salvage.names == {"a", "c"}
    assert outcome.salvage.affected(("splitters", 1, "onts"))
    assert not outcome.salvage.affected(())


def test_length_errors_caused_by_a_failed_item_are_dropped() -> None:
    errors = [
        {"type": "string_pattern_mismatch", "loc": ("splitters", 0, "onts", 0, "serial")},
        {"type": "too_short", "loc": ("splitters",)},
        {"type": "too_short", "loc": ("other",)},
    ]
    kept = without_follow_ons(errors)  # type: ignore[arg-type]
    assert [e["loc"] for e in kept] == [("splitters", 0, "onts", 0, "serial"), ("other",)]
