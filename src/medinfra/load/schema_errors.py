"""Turn pydantic's validation errors into messages a platform engineer can act on."""

import difflib
from collections.abc import Callable
from typing import Any, get_args

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from medinfra.model import text
from medinfra.model.cloud import Zone, ZoneKind

_PATTERN_HELP = {
    text.IDENTIFIER_PATTERN: (
        "an id of lower-case letters, digits and inner hyphens, e.g. 'henan-main'"
    ),
    text.HOSTNAME_PATTERN: (
        "a hostname of letters, digits, '-' and '_' (no spaces), e.g. 'HN-CPE-01'"
    ),
    text.INTERFACE_PATTERN: "an interface name such as 'GigabitEthernet0/0/1'",
    text.FRAME_SLOT_PORT_PATTERN: "a port as frame/slot/port, e.g. '0/1/0'",
    text.SECRET_REF_PATTERN: "a secret's name (lower case, e.g. 'cpe-admin'), never the secret",
    text.ONT_SERIAL_PATTERN: ("an ONT serial of 16 upper-case hex digits, e.g. '48575443F5E5A8AB'"),
    text.AE_TITLE_PATTERN: "a DICOM AE title of up to 16 upper-case letters, digits or '_'",
    text.RULE_SELECTOR_PATTERN: "a rule id such as 'MI-AV-001' or a prefix such as 'MI-AV'",
}


def _placement_missing(zone: Any) -> str:
    kind = zone.get("kind") if isinstance(zone, dict) else None
    likely = "; a clinical zone is usually on_premises" if kind == ZoneKind.CLINICAL else ""
    return (
        "missing required key 'placement': add `placement: on_premises` (a hospital LAN "
        "behind the WAN, never a cloud subnet) or `placement: cloud` (a Neutron network of the "
        "tenant); a zone without it used to mean cloud, which would create Neutron subnets "
        f"with DHCP for its ranges and black-hole the return traffic to the real hosts{likely}"
    )


_MISSING_HINTS: dict[tuple[type[BaseModel], str], Callable[[Any], str]] = {
    (Zone, "placement"): _placement_missing,
}
"""Required keys that older topology files lack: the message says how to migrate (it gets
the mapping the key is missing from)."""


def _missing(root: type[BaseModel], loc: tuple[str | int, ...], parent: Any) -> str:
    for model in _models_at(root, loc[:-1]):
        hint = _MISSING_HINTS.get((model, str(loc[-1])))
        if hint is not None:
            return hint(parent)
    description = _field_description(root, loc)
    suffix = f" ({description})" if description else ""
    return f"missing required key '{loc[-1]}'{suffix}"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in get_args(annotation):
        found.extend(_models_in(argument))
    return found


def _models_at(root: type[BaseModel], path: tuple[str | int, ...]) -> list[type[BaseModel]]:
    """The model classes that can stand at ``path`` below ``root``."""
    candidates = [root]
    for step in path:
        if isinstance(step, int):
            continue
        following = [
            model
            for candidate in candidates
            if step in candidate.model_fields
            for model in _models_in(candidate.model_fields[step].annotation)
        ]
        if following:
            candidates = following
        elif any(step in candidate.model_fields for candidate in candidates):
            return []
    return candidates


def _field_description(root: type[BaseModel], loc: tuple[str | int, ...]) -> str | None:
    if not loc or not isinstance(loc[-1], str):
        return None
    for model in _models_at(root, loc[:-1]):
        info = model.model_fields.get(loc[-1])
        if info is not None and info.description:
            return info.description.rstrip(".")
    return None


def _shown(value: Any) -> str:
    text_value = repr(value)
    return text_value if len(text_value) <= 60 else text_value[:57] + "..."


def describe(error: ErrorDetails, root: type[BaseModel]) -> str:
    """One clear sentence for one pydantic error on a model rooted at ``root``."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return _missing(root, loc, value)
    if kind == "extra_forbidden":
        allowed = sorted(
            {name for model in _models_at(root, loc[:-1]) for name in model.model_fields}
        )
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        did_you_mean = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"unknown key '{loc[-1]}'{did_you_mean} (expected one of: {', '.join(allowed)})"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        help_text = _PATTERN_HELP.get(pattern, f"a value matching {pattern}")
        return f"{_shown(value)} is not valid: expected {help_text}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a mapping of keys, got {type(value).__name__} {_shown(value)}"
    message = str(error["msg"])
    if value is not None and not isinstance(value, dict | list):
        message += f", got {_shown(value)}"
    return message
