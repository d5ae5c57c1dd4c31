"""The hint of a restore that could not finish names only the lines the device could not be
given: the restore's own lines over the push's scope, from the device as last read (or, when
it could not be read again, as if every pushed line arrived) -- never the device's other
lines, which the intended config of a scoped device does not state."""

from pathlib import Path

import pytest

from medinfra.model import ManagedMode, Platform
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.unreachable import by_hand

FIXTURES = Path(__file__).parents[1] / "fixtures" / "brownfield"
AR = Platform.HUAWEI_VRP
BEFORE = (FIXTURES / "UNION-CPE-01.cfg").read_text(encoding="utf-8")
NTP, ROUTE = (
    "ntp-service unicast-server 10.250.0.11",
    "ip route-static 10.70.0.0 255.255.0.0 10.0.10.2",
)
INTENDED = f"sysname UNION-CPE-01\nntp-service unicast-server 10.250.0.10\n{NTP}\n{ROUTE}\n"
"""The model's config: a few lines; the device holds a hundred more of its own."""
SCOPE = ScopeContext(ManagedMode.SCOPED, "GigabitEthernet0/0/0", login="opsadmin")
ROUTE_LINE = "ip route-static 0.0.0.0 0.0.0.0 10.0.10.2"


def _pushed() -> str:
    plan = safe_remediation(AR, BEFORE, INTENDED, SCOPE)
    assert plan.remediation.commands == (NTP, ROUTE)
    return plan.remediation.diff


def _seen(*added: str, removed: str | None = None) -> str:
    """The device's running config as read again: the old one with ``added`` lines (after its
    default route) and without ``removed``."""
    running = BEFORE.replace(ROUTE_LINE, "\n".join([ROUTE_LINE, *added]), 1)
    return running.replace(f"{removed}\n", "", 1) if removed else running


def _hint(last_seen: str | None) -> str:
    """The hint after the push of the model's lines onto the CPE, the device as ``last_seen``."""
    return by_hand(
        AR,
        INTENDED,
        BEFORE,
        base_commit=None,
        commit_id=None,
        scope=SCOPE,
        last_seen=last_seen,
        pushed=_pushed(),
    )


def _sent(hint: str) -> list[str]:
    listed = hint.partition("in configuration mode send: ")[2].partition(" -- or run")[0]
    return listed.split(" | ") if listed else []


@pytest.mark.parametrize(
    ("last_seen", "lines"),
    [
        # never read again: every pushed line is taken as arrived
        (None, [f"undo {ROUTE}", f"undo {NTP}"]),
        # read again: only the first pushed line arrived
        (_seen(NTP), [f"undo {NTP}"]),
        # read again: the pushed lines, the line the device added itself and another
        # operator's line -- only the push's are undone
        (
            _seen(
                NTP,
                ROUTE,
                "ntp-service ipv6 server disable",
                "ip route-static 10.99.0.0 16 10.0.10.2",
            ),
            [f"undo {ROUTE}", f"undo {NTP}"],
        ),
        # read again: a pushed line arrived and an old line of the model's scope went
        (
            _seen(ROUTE, removed=" ntp-service unicast-server 10.250.0.10"),
            [f"undo {ROUTE}", "ntp-service unicast-server 10.250.0.10"],
        ),
    ],
    ids=["not-read-again", "first-line-only", "device-and-foreign-lines", "old-line-lost"],
)
def test_the_hint_names_only_what_the_device_could_not_be_given(
    last_seen: str | None, lines: list[str]
) -> None:
    hint = _hint(last_seen)
    assert hint.startswith("last seen: some or all of the pushed lines applied"), hint
    assert _sent(hint) == lines
    said = "it could not be read again" if last_seen is None else "read again after the failure"
    assert said in hint


def test_a_device_read_back_at_its_old_configuration_needs_nothing_by_hand() -> None:
    hint = _hint(_seen("ntp-service ipv6 server disable"))
    assert _sent(hint) == []
    assert "nothing is left to send by hand" in hint
