"""The lab's ``latency`` fault is a WAN round trip: paid once by everything in flight together,
not once per line of it. Measured on the delays the session asks the event loop for (the
test's own ``asyncio.sleep`` records them and waits no time), not on a clock."""

import asyncio
from typing import Any

import pytest

from medinfra.lab import LabDevice
from medinfra.lab.config_tree import new_root
from medinfra.lab.device import DeviceState
from medinfra.lab.faults import Latency
from medinfra.lab.session import LabSession
from medinfra.model import Platform

RTT = 30.0
"""Seconds per round trip: never waited (the recorded sleeps take no time)."""
LINES = [f"ip route-static 10.9.{n}.0 24 NULL0" for n in range(100)]


class _Channel:
    """What the session writes to its client."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, text: str) -> None:
        self.written.append(text)

    def get_connection(self) -> Any:
        return self


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The delays the lab's sessions sleep for (recorded, not waited)."""
    asked: list[float] = []
    real = asyncio.sleep

    async def sleep(seconds: float, *args: Any) -> Any:
        asked.append(seconds)
        return await real(0)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    return asked


def _edge() -> DeviceState:
    info = LabDevice("PE-1", Platform.HUAWEI_VRPV8, "127.1.30.250", 0)
    return DeviceState(info, "NE40E-X8A", new_root(), lambda _: None, faults=[Latency(RTT)])


async def _prompts(channel: _Channel, count: int) -> None:
    while "".join(channel.written).count("]") < count:
        await asyncio.sleep(0)


async def _session(lines_per_write: int) -> tuple[DeviceState, list[str]]:
    device = _edge()
    session = LabSession(device, "medinfra")
    channel = _Channel()
    session.connection_made(channel)  # type: ignore[arg-type]
    session.session_started()
    session.data_received("system-view\n", None)
    await _prompts(channel, 1)
    for first in range(0, len(LINES), lines_per_write):
        batch = LINES[first : first + lines_per_write]
        session.data_received("".join(line + "\n" for line in batch), None)
        await _prompts(channel, 1 + first + len(batch))
    session.eof_received()
    return device, channel.written


def _delays(asked: list[float]) -> list[float]:
    """The round trips of the lines (the first is ``system-view``'s)."""
    delays = [seconds for seconds in asked if seconds > 1]
    return delays[1:]


def test_one_write_of_a_hundred_lines_pays_one_round_trip(waits):
    _, written = asyncio.run(_session(lines_per_write=len(LINES)))
    assert "".join(written).count("]") == 1 + len(LINES)  # every line answered
    assert len(_delays(waits)) == 1, waits
    assert sum(_delays(waits)) <= RTT


def test_lines_sent_one_after_the_other_pay_a_round_trip_each(waits):
    asyncio.run(_session(lines_per_write=1))
    delays = _delays(waits)
    assert len(delays) == len(LINES), len(delays)
    assert sum(delays) > (len(LINES) - 1) * RTT


def test_ten_writes_of_ten_pay_ten(waits):
    asyncio.run(_session(lines_per_write=10))
    assert len(_delays(waits)) == 10, waits
