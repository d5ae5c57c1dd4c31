"""``run_lab``: start a topology's lab in a background thread with its own event loop."""

import asyncio
import os
import threading
from collections.abc import Callable, Collection, Coroutine, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from medinfra.lab.device import LabDevice
from medinfra.lab.faults import Fault
from medinfra.lab.fleet import build_fleet
from medinfra.lab.server import Credentials, Lab
from medinfra.lab.state import (
    DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
    authorized_keys,
    write_access_files,
)
from medinfra.model import Topology

T = TypeVar("T")
CALL_TIMEOUT = 60.0


def lab_credentials(state_dir: Path) -> Credentials:
    """``MEDINFRA_USERNAME``/``MEDINFRA_PASSWORD`` (default medinfra / medinfra-lab) and keys."""
    return Credentials(
        username=os.environ.get("MEDINFRA_USERNAME") or DEFAULT_USERNAME,
        password=os.environ.get("MEDINFRA_PASSWORD") or DEFAULT_PASSWORD,
        public_keys=frozenset(authorized_keys(state_dir)),
    )


def create_lab(
    topology: Topology,
    state_dir: Path,
    *,
    base_address: str = "127.0.10.1",
    port: int = 2222,
    sites: Collection[str] | None = None,
    configs: Mapping[str, Path] | None = None,
    faults: Mapping[str, Sequence[Fault]] | None = None,
) -> Lab:
    """A lab for the topology, not yet listening."""
    state_dir = state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    fleet = build_fleet(
        topology,
        state_dir,
        base_address=base_address,
        port=port,
        sites=sites,
        configs=configs,
        faults=faults,
    )
    return Lab(fleet, state_dir, lab_credentials(state_dir))


class LabHandle:
    """A running lab seen from the thread that started it; every call runs on the lab's loop."""

    def __init__(self, lab: Lab) -> None:
        self._lab = lab
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="medinfra-lab")

    @property
    def devices(self) -> list[LabDevice]:
        """Where each device listens."""
        return self._lab.public

    @property
    def state_dir(self) -> Path:
        """The lab's state directory."""
        return self._lab.state_dir

    @property
    def credentials(self) -> Credentials:
        """The lab user and password."""
        return self._lab.credentials

    def device(self, hostname: str) -> LabDevice:
        """Where one device listens."""
        return self._lab.device(hostname).info

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(CALL_TIMEOUT)

    def _call(self, function: Callable[[], T]) -> T:
        async def call() -> T:
            return function()

        return self._run(call())

    def start(self) -> None:
        """Start the loop thread and every listener."""
        self._thread.start()
        try:
            self._run(self._lab.start())
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Close every listener and connection and end the loop thread."""
        if self._thread.is_alive():
            try:
                self._run(self._lab.stop())
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(CALL_TIMEOUT)
        self._loop.close()

    @property
    def sessions(self) -> int:
        """Shell sessions the lab has served since it started."""
        return self._call(lambda: self._lab.sessions)

    def running_config(self, hostname: str) -> str:
        """A device's configuration as ``display current-configuration`` prints it."""
        return self._call(lambda: self._lab.running_config(hostname))

    def apply_lines(self, hostname: str, lines: Sequence[str]) -> None:
        """Change a device's configuration by hand (to create drift); refused lines raise."""
        self._call(lambda: self._lab.apply_lines(hostname, list(lines)))

    def inject(self, hostname: str, fault: Fault) -> None:
        """Give a device a fault (see :mod:`medinfra.lab.faults`)."""
        self._call(lambda: self._lab.inject(hostname, fault))

    def clear_faults(self, hostname: str) -> None:
        """Remove every fault of a device."""
        self._call(lambda: self._lab.clear_faults(hostname))

    def erase(self, hostname: str) -> None:
        """Empty a device's running configuration."""
        self._call(lambda: self._lab.erase(hostname))

    def login_record(self, hostname: str) -> dict[str, object]:
        """How a device's login questions were answered (``medinfra.lab.login``):
        ``password-changed`` (the user who changed the password), ``login-answers``."""
        keys = ("password-changed", "login-answers")

        def record() -> dict[str, object]:
            extras = self._lab.device(hostname).extras
            return {key: extras[key] for key in keys if key in extras}

        return self._call(record)


@contextmanager
def run_lab(
    topology: Topology,
    state_dir: Path,
    *,
    base_address: str = "127.0.10.1",
    port: int = 2222,
    sites: Collection[str] | None = None,
    configs: Mapping[str, Path] | None = None,
    faults: Mapping[str, Sequence[Fault]] | None = None,
    topology_ref: str | None = None,
) -> Iterator[LabHandle]:
    """Start every device of ``topology`` (or of ``sites``) and stop them all at exit.

    Writes ``known_hosts`` and ``override.yaml`` into ``state_dir``. ``configs`` maps a
    hostname to a brownfield configuration file; ``faults`` maps a hostname to faults it has
    from the start; ``topology_ref`` is what override.yaml names as the topology (default:
    the topology's name).
    """
    lab = create_lab(
        topology,
        state_dir,
        base_address=base_address,
        port=port,
        sites=sites,
        configs=configs,
        faults=faults,
    )
    handle = LabHandle(lab)
    handle.start()
    try:
        write_access_files(lab.state_dir, topology_ref or topology.name, lab.public, lab.keys)
        yield handle
    finally:
        handle.stop()
