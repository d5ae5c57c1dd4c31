"""Over SSH with netmiko's drivers: a model route that would share a management route with
a wrong next hop is refused before anything is sent.

The CPE and the edge of union-shenzhen-campus start from the real-layout brownfield dumps,
whose own management routes (the AR's default via 10.0.10.2, the NE's
``__LOCAL_OAM_VPN__`` default via 10.250.1.254) stay beside the model's (routes are keyed by
next hop). The model's backup route to the management networks loses its ``preference 70``
(AR), or the edge gains a second ``__LOCAL_OAM_VPN__`` route: either would be added as an
equal-cost route, and half of the management flows would leave through the other next hop.
The device refuses the change in check mode and in a real push; the device is armed to drop
the session at ``system-view``, so a push that entered the configuration would fail instead
of being refused, and its configuration stays byte for byte.
"""

from collections.abc import Iterator

import pytest

from medinfra.lab import DropOn
from medinfra.push.audit import read_entries
from medinfra.push.engine import PushOptions
from medinfra.push.protect import ProtectOptions
from medinfra.push.results import Outcome
from tests.push.labkit import BrownfieldLab, brownfield_lab, job_with_edits, push_job

pytestmark = [pytest.mark.lab, pytest.mark.slow]

EDGE, CPE = "NS-DC-PE-01", "UNION-CPE-01"
BACKUP = "ip route-static 10.250.0.0 255.255.0.0 10.0.10.6 preference 70 track bfd-session"
OAM = "ip route-static vpn-instance __LOCAL_OAM_VPN__ 10.250.0.0 255.255.0.0"

CASES = [
    (
        CPE,
        (BACKUP, BACKUP.replace(" preference 70", "")),
        "`ip route-static 10.250.0.0 255.255.0.0 10.0.10.6 track bfd-session ge0-0-2-302` "
        "breaks the management route: the route to the management network 10.250.0.0/16 "
        "(0.0.0.0/0 via 10.0.10.2) gains the equal-cost next hop 10.0.10.6: 1 of every 2 flows",
    ),
    (
        EDGE,
        (f"{OAM} 10.250.1.254", f"{OAM} 10.250.1.254\n{OAM} 10.250.1.253"),
        f"`{OAM} 10.250.1.253` breaks the management route: the route to the management "
        "network 10.250.0.0/16 (0.0.0.0/0 via 10.250.1.254) gains the equal-cost next hop "
        "10.250.1.253: 1 of every 2 flows",
    ),
]


@pytest.fixture(scope="module")
def campus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrownfieldLab]:
    state = tmp_path_factory.mktemp("mgmt-route-lab")
    with brownfield_lab(state, "127.2.10.80", hosts=(EDGE, CPE)) as lab:
        yield lab


@pytest.mark.parametrize("check", [True, False], ids=["check", "push"])
@pytest.mark.parametrize(("host", "edit", "message"), CASES, ids=[CPE, EDGE])
def test_a_model_route_adding_a_management_next_hop_is_refused_nothing_sent(
    campus, host, edit, message, check
) -> None:
    topology, lab, state = campus
    before = lab.running_config(host)
    lab.inject(host, DropOn(r"^system-view$"))  # a push that enters the config fails instead
    try:
        options = PushOptions(check=check, protect=ProtectOptions())
        result = push_job(topology, state, job_with_edits(state, host, edit), options)
    finally:
        lab.clear_faults(host)
    assert result.outcome is Outcome.REFUSED, result.error
    assert result.ended == "refused: management path"
    error = result.error or ""
    assert error.startswith(f"{host}: refused: management path, nothing sent:"), error
    assert message in error, error
    assert "--allow-management-change pushes it under the device's protection" in error
    assert lab.running_config(host) == before  # byte for byte
    entry = read_entries(state / "audit.jsonl")[-1]
    assert (entry["device"], entry["result"]) == (host, "refused")
