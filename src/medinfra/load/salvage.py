"""Validate as much of a topology as the model allows, so every error shows in one run.

When a part of the data fails the schema (a bad ONT serial, a site with an unknown kind),
the smallest list item holding the error is set aside and the rest is validated again,
until what is left is a valid model. References and rules then run on that partial model;
their findings are mapped back to the paths of the files as written, and the findings that
could be follow-ons of the parts set aside (about an object that lost an item, or naming an
id defined only in a part set aside) are left out, so nothing is reported twice or wrongly.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

ModelPath = tuple[str | int, ...]

MAX_ROUNDS = 8
_LENGTH_ERRORS = frozenset({"too_short", "too_long"})
_NAME_KEYS = ("id", "hostname")
_DEFINED = re.compile(r"(?:^|[\s{,-])(?:id|hostname):\s*['\"]?([A-Za-z0-9_.-]+)", re.MULTILINE)


def without_follow_ons(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """``errors`` minus the length errors a failed item causes on the lists that hold it.

    pydantic counts only the valid items of a list, so one bad ONT in a one-ONT splitter also
    reports "Tuple should have at least 1 item" for every enclosing list.
    """
    locations = [tuple(error["loc"]) for error in errors]
    return [
        error
        for error in errors
        if error["type"] not in _LENGTH_ERRORS
        or not any(
            len(other) > len(error["loc"]) and other[: len(error["loc"])] == tuple(error["loc"])
            for other in locations
        )
    ]


@dataclass
class Salvage:
    """Which list items were set aside, and how to map the partial model's paths back."""

    removed: dict[ModelPath, set[int]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    """Ids and hostnames defined in the parts set aside."""

    @property
    def partial(self) -> bool:
        """True when anything was set aside."""
        return bool(self.removed) or self.lost_files > 0

    def original(self, path: Iterable[str | int]) -> ModelPath:
        """The path in the data as written of ``path`` in the partial model."""
        result: list[str | int] = []
        for step in path:
            removed = self.removed.get(tuple(result))
            position = step
            if isinstance(position, int) and removed:
                for index in sorted(removed):
                    if index > position:
                        break
                    position += 1
            result.append(position)
        return tuple(result)

    def affected(self, original: ModelPath) -> bool:
        """True when ``original`` (a data path) is in or above an object that lost an item.

        The topology itself is never affected: its own findings stand.
        """
        owners = {container[:-1] for container in self.removed}
        return any(
            original[: len(owner)] == owner or owner[: len(original)] == original
            for owner in owners
            if owner and original
        )

    def lost_within(self, original: ModelPath) -> bool:
        """True when an item in or below the list at ``original`` (a data path) was set aside.

        Examples:
            >>> salvage = Salvage({("cloud", "tenants", 0, "zones"): {2}})
            >>> salvage.lost_within(("cloud", "tenants")), salvage.lost_within(("sites",))
            (True, False)
        """
        return any(container[: len(original)] == original for container in self.removed)

    lost_files: int = 0
    """Files that could not be read at all (a YAML syntax error): their names are guesses."""

    def mentions_lost_name(self, message: str) -> bool:
        """True when ``message`` names an id or hostname that is defined only in a lost part."""
        if not self.names:
            return False
        words = set(re.findall(r"[\w.-]+", message))
        return any(name in words or f"'{name}'" in message for name in self.names)

    def lose_file(self, text: str, stem: str) -> None:
        """Record a file that could not be read: the ids and hostnames it seems to define."""
        self.lost_files += 1
        self.names.add(stem)
        self.names.update(match.group(1) for match in _DEFINED.finditer(text))

    def set_aside(self, data: Any, original: ModelPath) -> bool:
        """Record the list item at ``original``; False when it is no list item or known."""
        container, index = original[:-1], original[-1]
        if not isinstance(index, int) or index in self.removed.get(container, set()):
            return False
        item = _at(data, original)
        if item is None:
            return False
        self.removed.setdefault(container, set()).add(index)
        self.names.update(_names(item))
        return True

    def apply(self, data: Any) -> Any:
        """``data`` without the items set aside (unchanged branches are shared, not copied)."""
        prefixes = {container[:n] for container in self.removed for n in range(len(container) + 1)}
        return self._apply(data, (), prefixes)

    def _apply(self, node: Any, path: ModelPath, prefixes: set[ModelPath]) -> Any:
        if path not in prefixes:
            return node
        if isinstance(node, Mapping):
            return {key: self._apply(value, (*path, key), prefixes) for key, value in node.items()}
        if isinstance(node, list | tuple):
            removed = self.removed.get(path, set())
            return [
                self._apply(value, (*path, index), prefixes)
                for index, value in enumerate(node)
                if index not in removed
            ]
        return node


def _at(data: Any, path: ModelPath) -> Any:
    current = data
    for step in path:
        inside = (isinstance(current, Mapping) and step in current) or (
            isinstance(current, list | tuple) and isinstance(step, int) and step < len(current)
        )
        if not inside:
            return None
        current = current[step]
    return current


def _names(node: Any) -> Iterable[str]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in _NAME_KEYS and isinstance(value, str):
                yield value
            else:
                yield from _names(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _names(value)


def _innermost_item(loc: ModelPath) -> ModelPath | None:
    """The path of the innermost list item in ``loc`` (pydantic marks list items by int)."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None


@dataclass
class Outcome:
    """The first round's errors (paths as written), later genuine ones, the partial model."""

    errors: list[ErrorDetails]
    model: BaseModel | None
    salvage: Salvage


def validate_salvaging(model: type[BaseModel], data: Any) -> Outcome:
    """Validate ``data`` as ``model``, setting aside failing list items until the rest is valid.

    Every error returned has its ``loc`` in the data as written. Errors of later rounds are
    kept only when they are not about an object that lost an item.
    """
    salvage = Salvage()
    reported: list[ErrorDetails] = []
    seen: set[tuple[ModelPath, str, str]] = set()
    for round_number in range(MAX_ROUNDS):
        try:
            return Outcome(reported, model.model_validate(salvage.apply(data)), salvage)
        except ValidationError as error:
            found = without_follow_ons(error.errors(include_url=False))
        originals = [salvage.original(detail["loc"]) for detail in found]
        progress = False
        for detail, original in zip(found, originals, strict=True):
            key = (original, detail["type"], detail["msg"])
            if key not in seen and (round_number == 0 or not salvage.affected(original)):
                seen.add(key)
                reported.append({**detail, "loc": original})
            item = _innermost_item(original)
            progress = (item is not None and salvage.set_aside(data, item)) or progress
        if not progress:
            break
    return Outcome(reported, None, salvage)
