"""The marked YAML reader: marks, duplicate keys, merges, limits."""

import time
from pathlib import Path

import pytest

from medinfra.load import yaml_reader
from medinfra.load.yaml_reader import MarkedDict, MarkedList, parse_yaml, read_yaml


def test_marks_of_keys_and_items() -> None:
    doc = parse_yaml("site:\n  id: a\n  devices:\n    - x\n    - y\n")
    assert doc.problems == []
    assert isinstance(doc.data, MarkedDict)
    site = doc.data["site"]
    assert site.key_marks["devices"] == (3, 3)
    assert isinstance(site["devices"], MarkedList)
    assert site["devices"].item_marks == [(4, 7), (5, 7)]


def test_every_duplicate_key_is_reported_and_the_first_value_kept() -> None:
    doc = parse_yaml("a: 1\nb: 2\na: 3\nb: 4\n")
    assert doc.data == {"a": 1, "b": 2}
    assert [(p.code, p.mark) for p in doc.problems] == [
        ("MI-YAML-002", (3, 1)),
        ("MI-YAML-002", (4, 1)),
    ]


def test_merge_keys_do_not_count_as_duplicates() -> None:
    doc = parse_yaml("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n")
    assert doc.problems == []
    assert doc.data["item"] == {"x": 1, "y": 3}


def test_scalars_resolve_like_yaml_but_timestamps_stay_text() -> None:
    doc = parse_yaml("a: 1\nb: 1.5\nc: true\nd: null\ne: 2024-01-01\nf: '7'\n")
    assert doc.data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "2024-01-01", "f": "7"}


def test_alias_bomb_ends_quickly_with_a_clear_error() -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 12):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    started = time.monotonic()
    doc = parse_yaml("\n".join(lines) + "\n")
    assert time.monotonic() - started < 5  # generous: it stops after the node budget
    assert doc.data is None
    assert doc.problems[-1].code == "MI-YAML-003"
    assert "alias bomb" in doc.problems[-1].message


def test_deep_nesting_is_refused_without_recursion() -> None:
    doc = parse_yaml("[" * 10_000)
    assert doc.data is None
    assert doc.problems[-1].message == f"nesting deeper than {yaml_reader.MAX_DEPTH} levels"


def test_unsupported_tags_are_refused() -> None:
    doc = parse_yaml("password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n")
    assert doc.data is None
    assert "not supported" in doc.problems[-1].message


def test_more_than_one_document_is_refused() -> None:
    doc = parse_yaml("a: 1\n---\nb: 2\n")
    assert doc.problems[-1].message.startswith("a topology file holds one YAML document")


def test_huge_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_reader, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2000 + "\n")
    doc = read_yaml(big)
    assert doc.data is None
    assert doc.problems[0].code == "MI-YAML-003"
    assert "over the 1,000-byte limit" in doc.problems[0].message


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: \xff\n")
    doc = read_yaml(bad)
    assert doc.problems[0].mark == (2, 1)
    assert "not UTF-8" in doc.problems[0].message


def test_uses_the_c_parser() -> None:
    assert yaml_reader._EventLoader.__name__ == "CSafeLoader"
