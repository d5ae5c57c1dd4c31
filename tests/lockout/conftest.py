"""A lab on 127.0.89.x with a short time scale: trial commits and scheduled reboots in seconds."""

from collections.abc import Iterator

import pytest

from medinfra.lab import LabHandle, run_lab
from medinfra.lab.deadman import TIME_SCALE_ENV
from medinfra.model import Topology
from tests.lab.conftest import campus, free_port

__all__ = ["campus"]

BASE = "127.0.89.1"
SCALE = 0.02
"""Lab seconds per device second: a 60 s trial reverts in 1.2 s, a 1 min reboot as well."""


@pytest.fixture(scope="module")
def lab(campus: Topology, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabHandle]:
    state = tmp_path_factory.mktemp("lockout-lab")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TIME_SCALE_ENV, str(SCALE))
        with run_lab(campus, state, base_address=BASE, port=free_port()) as handle:
            yield handle
