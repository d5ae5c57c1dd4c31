"""Free text cannot inject CLI lines: every text field of every example, set to hostile values,
is either refused when the topology is loaded or quoted safely in every rendered config.

Each distinct field path of an example (list indices folded, so 180 clinics count once) is
tried with a newline followed by a command and a carriage return followed by a command (both
must be refused at load) and with text full of characters the CLI gives a meaning to (``"``
``#`` ``?``). Where the model accepts that text (the free-text fields), it must come out on
the same single line, its quotes balanced and its length within the device's limit, and
text over 240 characters must be refused at load.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from pydantic import ValidationError

from medinfra.model import Site, Topology
from medinfra.render import render_topology
from medinfra.render.filters import MAX_DESCRIPTION, MAX_ONT_DESC
from tests.conftest import EXAMPLES
from tests.render.conftest import example

MARKER = "HOSTILE"
PRINTABLE = f'{MARKER} "quoted" #hash ?help ' + "x" * 200
CONTROL = ["Ward 3\nreturn\nsystem-view", "Ward 3\rundo aaa", "Ward 3\r\n#\nsysname EVIL"]
TOO_LONG = "too long " * 27  # 243 characters, over the 240 a free-text field takes
QUOTED_LINE = re.compile(r'(?:[^"]|"[^"]*")*')

Path = tuple[str | int, ...]


def leaves(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every scalar leaf that is a string or empty (None) with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*path, index))
    elif data is None or isinstance(data, str):
        yield path, data


def distinct_fields(document: dict[str, Any]) -> list[Path]:
    """The first path of each field pattern (list indices folded)."""
    seen: dict[tuple[str, ...], Path] = {}
    for path, _ in leaves(document):
        pattern = tuple("*" if isinstance(part, int) else part for part in path)
        seen.setdefault(pattern, path)
    return list(seen.values())


def validate(original: Topology, document: dict[str, Any], path: Path, value: Any) -> Topology:
    """The topology with one field changed, validated the way loading validates it.

    Only the part that changed is validated again (a site, or the topology without its
    sites), which keeps the test fast on the 180-site examples."""
    if path[0] == "sites":
        index = int(path[1])
        with changed(document["sites"][index], path[2:], value) as site_document:
            site = Site.model_validate(site_document)
        sites = list(original.sites)
        sites[index] = site
        return original.model_copy(update={"sites": tuple(sites)})
    top = {key: item for key, item in document.items() if key != "sites"}
    with changed(top, path, value) as top_document:
        bare = Topology.model_validate(top_document)
    return bare.model_copy(update={"sites": original.sites})


@contextmanager
def changed(document: Any, path: Path, value: Any) -> Iterator[Any]:
    node = document
    for part in path[:-1]:
        node = node[part]
    before = node[path[-1]]
    node[path[-1]] = value
    try:
        yield document
    finally:
        node[path[-1]] = before


def scope(topology: Topology, path: Path) -> set[str]:
    """Sites whose configs a field can reach: its own site (or, for a topology-wide field,
    the first two sites) and the data centres that terminate their lines."""
    data_centres = set(topology.data_centres.sites)
    if path[0] == "sites":
        return {topology.sites[int(path[1])].id, *data_centres}
    others = [site.id for site in topology.sites if site.id not in data_centres]
    return {*others[:2], *data_centres}


def check_line(line: str) -> None:
    assert QUOTED_LINE.fullmatch(line), f"unbalanced quotes: {line!r}"
    assert "?" not in line, line
    stripped = line.strip()
    if stripped.startswith("description "):
        assert len(stripped) <= len("description ") + MAX_DESCRIPTION
    elif stripped.startswith("header login information "):
        assert stripped.endswith('"')
    else:
        match = re.search(r' desc "([^"]*)"$', stripped)
        assert match is not None, f"hostile text reached an unexpected line: {line!r}"
        assert len(match.group(1)) <= MAX_ONT_DESC


def rendered_lines(topology: Topology, sites: set[str]) -> dict[str, list[str]]:
    return {c.hostname: c.text.splitlines() for c in render_topology(topology, sites=sites)}


@pytest.mark.parametrize("name", EXAMPLES)
def test_hostile_text_in_every_field_is_refused_or_quoted(name: str) -> None:
    original = example(name)
    document = original.model_dump(mode="json")
    reached: set[str] = set()
    baselines: dict[frozenset[str], dict[str, list[str]]] = {}
    for path in distinct_fields(document):
        field = ".".join(str(part) for part in path)
        for hostile in CONTROL:
            with pytest.raises(ValidationError):
                validate(original, document, path, hostile)
        try:
            topology = validate(original, document, path, PRINTABLE)
        except ValidationError:
            continue  # not free text (ids, addresses, units, enums): refused at load
        with pytest.raises(ValidationError):
            validate(original, document, path, TOO_LONG)
        sites = scope(original, path)
        key = frozenset(sites)
        if key not in baselines:
            baselines[key] = rendered_lines(original, sites)
        for hostname, lines in rendered_lines(topology, sites).items():
            if path[-1] != "model":  # a hardware model name selects ports: an unknown one
                # renders the platform's defaults (no `undo portswitch`), by design
                assert len(lines) == len(baselines[key][hostname]), f"{field} added lines"
            for line in lines:
                if MARKER in line:
                    reached.add(re.sub(r"\.\d+", "", field))
                    check_line(line)
    assert reached, "no free-text field reaches a rendered config: the test proves nothing"
    if name == "henan-provincial-hospital":
        assert {"management.banner", "sites.uplinks.description"} <= reached
    if name == "union-shenzhen-campus":
        assert {
            "sites.campus.olts.pon_ports.splitters.onts.location.building",
            "sites.campus.olts.pon_ports.splitters.onts.location.room",
        } <= reached
