"""A sweep of hostile input through the CLI: each case a clear error with the file or option,
exit 1 for findings and 2 for usage, no traceback and no 'internal error', inputs untouched.

Found by the sweep (each failed before its fix): a YAML number of thousands of digits was an
internal error (Python refuses to convert more than 4300 digits); ``report --out`` naming a
directory was an internal error; ``report --out`` / ``validate --output`` naming a site file
overwrote the topology with the output; ``sites`` being a file or a looping link was read as
no sites at all (every reference then 'unknown'); ``push --timeout nan`` (or -1, inf, 0) failed
each device with Python's words instead of being refused as a usage error.
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from tests.conftest import replace_in

HENAN = "henan-provincial-hospital"
SITE = "sites/xincai-branch.yaml"

Setup = Callable[[Path], None]


def _nothing(root: Path) -> None:
    del root


def _edit(old: str, new: str, file: str = SITE) -> Setup:
    def setup(root: Path) -> None:
        replace_in(root / file, old, new)

    return setup


def _bytes(change: Callable[[bytes], bytes], file: str = SITE) -> Setup:
    def setup(root: Path) -> None:
        path = root / file
        path.write_bytes(change(path.read_bytes()))

    return setup


def _sites_a_file(root: Path) -> None:
    for path in (root / "sites").iterdir():
        path.unlink()
    (root / "sites").rmdir()
    (root / "sites").write_text("not a directory\n", encoding="utf-8")


def _sites_a_loop(root: Path) -> None:
    _sites_a_file(root)
    (root / "sites").unlink()
    (root / "sites").symlink_to(root.absolute() / "sites")


CASES: list[tuple[str, Setup, list[str], int, str]] = [
    (
        "a number of 5000 digits",
        _edit("vlan: 201", "vlan: " + "9" * 5000),
        ["validate", "{root}"],
        1,
        f"topo/{SITE}:26:11: a number of 5000 digits; no field takes more than 1000",
    ),
    (
        "a tab in the indentation",
        _bytes(lambda b: b.replace(b"    platform: huawei_vrp", b"\tplatform: huawei_vrp")),
        ["validate", "{root}"],
        1,
        f"topo/{SITE}:17:1: YAML syntax error",
    ),
    (
        "a NUL byte",
        _bytes(lambda b: b.replace(b"region:", b"reg\x00ion:")),
        ["validate", "{root}"],
        1,
        "control characters are not allowed",
    ),
    (
        "a right-to-left override in a name",
        _edit("name: Southeast", "name: \u202eSoutheast"),
        ["validate", "{root}"],
        1,
        f"topo/{SITE}:5:1: name: control character U+202E RIGHT-TO-LEFT OVERRIDE",
    ),
    (
        "a Cyrillic letter in a hostname",
        _edit("hostname: XC-CPE-01", "hostname: \u0425C-CPE-01"),
        ["validate", "{root}"],
        1,
        "devices[0].hostname: '\u0425C-CPE-01' is not valid: expected a hostname",
    ),
    ("sites is a file", _sites_a_file, ["validate", "{root}"], 1, "topo/sites: not a directory"),
    ("sites is a link to itself", _sites_a_loop, ["validate", "{root}"], 1, "not a directory"),
    (
        "report --out a directory",
        _nothing,
        ["report", "{root}", "--out", "{root}"],
        2,
        "cannot write topo: it is a directory; name a file in it",
    ),
    (
        "report --out a site file",
        _nothing,
        ["report", "{root}", "--out", f"{{root}}/{SITE}"],
        2,
        f"cannot write topo/{SITE}: it is the topology file",
    ),
    (
        "validate --output the topology file",
        _nothing,
        ["validate", "{root}", "--output", "{root}/topology.yaml"],
        2,
        "cannot write topo/topology.yaml: it is the topology file",
    ),
    *(
        (
            f"push --timeout {value}",
            _nothing,
            ["push", "{root}", "--check", "--timeout", value],
            2,
            f"--timeout {value}: seconds above 0 and at most 3600",
        )
        for value in ("nan", "inf", "-1", "0", "7200")
    ),
]


@pytest.mark.parametrize(
    ("setup", "args", "code", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_hostile_input_gets_a_clear_error_and_leaves_the_inputs(
    example_copy: Callable[[str], Path], setup: Setup, args: list[str], code: int, message: str
) -> None:
    root = example_copy(HENAN)
    setup(root)
    before = _snapshot(root)
    result = CliRunner().invoke(app, [arg.format(root=root) for arg in args])
    assert result.exit_code == code, result.output
    assert message in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert _snapshot(root) == before  # no input overwritten, no half-written file left


def _snapshot(root: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            found[str(path)] = path.read_bytes() if path.is_file() else b""
    return found
