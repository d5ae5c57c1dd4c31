"""The base every topology model derives from: frozen, no unknown keys, described fields."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from medinfra.model.text import RULE_SELECTOR_PATTERN, SafeText


class Model(BaseModel):
    """Frozen, strict about unknown keys; every field carries a description."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=False,
        use_attribute_docstrings=False,
    )


class Suppression(Model):
    """Silences one check rule on the object that carries it, with the reason on record."""

    rule: str = Field(
        pattern=RULE_SELECTOR_PATTERN,
        description="Rule id (MI-AV-001) or rule prefix (MI-AV) to silence on this object.",
    )
    reason: Annotated[SafeText, Field(min_length=10)] = Field(
        description="Why the rule does not apply here (10 characters at least); reviewed like code."
    )


class Suppressible(Model):
    """An object that may silence check rules for itself."""

    suppress: tuple[Suppression, ...] = Field(
        default=(), description="Check rules silenced on this object, each with its reason."
    )
