"""Rendered configuration typed into the device lab over SSH and read back (the render lab
tests): the lab of one example on a test file's own address block, the lines a person would
type, and the check that the device holds what was sent."""

import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest

from medinfra.lab import LabDevice, LabHandle, run_lab
from medinfra.model import Platform, Topology
from medinfra.push.remediation import normalise
from tests.conftest import free_port
from tests.lab.conftest import configure, connect, logout

SECRET = re.compile(r"(<<secret:[^>]+>>|%\^%#\S+%\^%#)")
PROFILE_VIEW = re.compile(r"^ont-(line|srv)profile ")


def commands(text: str, platform: Platform) -> list[str]:
    """The lines a person would type: layout lines dropped, profile views committed."""
    lines: list[str] = []
    in_profile = False
    for raw in text.splitlines():
        line = SECRET.sub("Lab-Secret-2026", raw.strip())
        if not line or line.startswith(("#", "[", "<")) or line == "return":
            continue
        if platform is Platform.HUAWEI_SMARTAX:
            if PROFILE_VIEW.match(line):
                in_profile = True
            elif line == "quit" and in_profile:
                lines.append("commit")
                in_profile = False
        lines.append(line)
    return lines


def blocks(lines: list[str]) -> list[tuple[str, ...]]:
    """Top-level lines with the lines of their views."""
    out: list[list[str]] = []
    for line in lines:
        if line.startswith(" ") and out:
            out[-1].append(line)
        else:
            out.append([line])
    return [tuple(block) for block in out]


def masked(text: str) -> list[str]:
    """The lines of ``text`` with every secret (placeholder or device cipher) as ``<secret>``."""
    return [SECRET.sub("<secret>", line.rstrip()) for line in text.strip().splitlines()]


@contextmanager
def example_lab(
    topology: Topology,
    tmp_path_factory: pytest.TempPathFactory,
    base_address: str,
    sites: Collection[str] | None = None,
) -> Iterator[LabHandle]:
    """A lab of ``topology`` (or of its ``sites``) on the test file's own ``base_address`` and
    a free port, its state in a fresh temporary directory, stopped at exit."""
    state = tmp_path_factory.mktemp("render-lab")
    with run_lab(
        topology, state, base_address=base_address, port=free_port(), sites=sites
    ) as running:
        yield running


def device(handle: LabHandle, hostname: str) -> LabDevice:
    """The lab's device ``hostname``."""
    return next(d for d in handle.devices if d.hostname == hostname)


def push_and_show(handle: LabHandle, hostname: str, text: str) -> str:
    """Type ``text`` into the device (as :func:`commands`, committed) and return its
    ``display current-configuration``."""
    lab_device = device(handle, hostname)
    connection: Any = connect(handle, lab_device)
    try:
        configure(connection, lab_device.platform, commands(text, lab_device.platform))
        return str(connection.send_command("display current-configuration"))
    finally:
        logout(connection)


def assert_lab_holds(handle: LabHandle, hostname: str, text: str, lines: Sequence[str]) -> None:
    """Push ``text`` to the device and read it back: every block of ``text`` is held as sent
    (secrets aside), and so is each of ``lines`` (the lines a test is about)."""
    platform = device(handle, hostname).platform
    held = blocks(masked(normalise(platform, push_and_show(handle, hostname, text))))
    wanted = blocks(masked(normalise(platform, text)))
    assert [block for block in wanted if block not in held] == []
    held_lines = {line.strip() for block in held for line in block}
    for line in lines:
        assert line.strip() in held_lines, line
