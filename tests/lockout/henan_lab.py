"""The Henan lab of the protected-push tests: the two devices they push to, the protection
they push with, the line a push changes, and the lab at time scale 0.1 on a test file's own
address block (a 60 s trial reverts after 6 s, a 1 minute dead-man reboot comes after 6 s)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from medinfra.lab import LabHandle
from medinfra.model import Topology
from medinfra.push.protect import ProtectOptions
from tests.push.labkit import example_lab

HENAN = "henan-provincial-hospital"
CPE, EDGE = "HPPH-CPE-01", "ZZ-DC-PE-02"
"""A VRP5 CPE (dead-man reboot) and a VRPv8 edge (commit trial)."""
SCALE = 0.1
PROTECT = ProtectOptions(trial_seconds=60, reboot_minutes=1)
NTP = "ntp-service unicast-server 10.255.0.10"
"""A line of the model a test takes away from the devices, so that a push has work to do."""


@contextmanager
def henan_lab(
    tmp_path_factory: pytest.TempPathFactory, label: str, base: str
) -> Iterator[tuple[Topology, LabHandle, Path]]:
    """The Henan example in the lab on ``base`` at :data:`SCALE`, with its state directory."""
    state = tmp_path_factory.mktemp(label)
    with example_lab(HENAN, state / "lab", base, scale=SCALE) as (topology, lab):
        yield topology, lab, state
