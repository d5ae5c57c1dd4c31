"""A push onto an edge that already runs BGP (the NE40E real-layout dump of NS-DC-PE-01:
``bgp 64512`` with an eBGP peer to the data-centre core, its import policy, a vpn-instance
family, a ``router-id``) over SSH into the lab, in check and push mode. The model owns only its
iBGP: its peer on the handoff subnet, that peer's lines in ``ipv4-family unicast``, the
``import-route static route-policy`` and its own route-policy; the device's other peers,
families, ``router-id`` and AS stay byte for byte. A device whose BGP runs in another AS than
the model's is refused before anything is sent, with the reason, and never gets ``undo bgp``.
Lab addresses 127.2.10.120 and .140."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from medinfra.lab import LabHandle
from medinfra.model import Topology
from medinfra.push.plan import PushPlan
from medinfra.push.results import Outcome
from tests.fixtures.brownfield import HERE, TOPOLOGY
from tests.push.labkit import example_lab, plan_for, push_all

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HOST = "NS-DC-PE-01"
REAL = HERE / "variants" / f"{HOST}-real.cfg"
DEVICE_BGP = [
    "bgp 64512",
    " router-id 10.255.1.1",
    " peer 10.0.99.2 as-number 64513",
    " peer 10.0.99.2 description DC-CORE eBGP",
    "  peer 10.0.99.2 enable",
    "  peer 10.0.99.2 route-policy CORE-IN import",
    " ipv4-family vpn-instance HIS",
    "  import-route direct",
    "route-policy CORE-IN permit node 10",
    " if-match ip-prefix CORE",
]
"""The device's own BGP lines (the real dump's): no push may touch them."""
OURS = [
    " peer 10.61.255.3 as-number 64512",
    "  import-route static route-policy medinfra-site-lines",
    "  peer 10.61.255.3 enable",
    "  peer 10.61.255.3 advertise-community",
    "route-policy medinfra-site-lines permit node 10",
    " if-match tag 1616",
    " apply community no-export",
]


def _bgp_block(config: str) -> list[str]:
    lines = config.splitlines()
    start = lines.index("bgp 64512") if "bgp 64512" in lines else lines.index("bgp 64999")
    end = next(n for n in range(start + 1, len(lines)) if lines[n] == "#")
    return lines[start:end]


@contextmanager
def _edge_lab(
    tmp_path: Path, config: Path, base: str
) -> Iterator[tuple[Topology, LabHandle, PushPlan, str]]:
    """A lab whose edge runs ``config``, on ``base``; the edge's push plan and its config at
    the start."""
    state = tmp_path / "lab"
    with example_lab(TOPOLOGY, state, base, configs={HOST: config}) as (topology, lab):
        yield topology, lab, plan_for(TOPOLOGY, state, hostnames=[HOST]), lab.running_config(HOST)


def test_a_push_onto_an_edge_running_bgp_adds_only_the_models_ibgp(tmp_path: Path) -> None:
    with _edge_lab(tmp_path, REAL, "127.2.10.120") as (topology, lab, plan, before):
        check = push_all(plan, topology, tmp_path, check=True)
        assert check[HOST].outcome is Outcome.WOULD_CHANGE, check[HOST].error
        assert "undo bgp" not in check[HOST].diff
        assert lab.running_config(HOST) == before  # check mode sends nothing
        first = push_all(plan, topology, tmp_path)
        assert first[HOST].outcome is Outcome.CHANGED, first[HOST].error
        after = lab.running_config(HOST)
        lines = after.splitlines()
        for line in DEVICE_BGP:
            assert line in lines, line
        for line in OURS:
            assert line in lines, line
        assert [line for line in lines if line.startswith("bgp ")] == ["bgp 64512"]
        block = _bgp_block(after)
        assert block.index(" router-id 10.255.1.1") < block.index(" peer 10.0.99.2 as-number 64513")
        second = push_all(plan, topology, tmp_path)
        assert second[HOST].outcome is Outcome.UNCHANGED, second[HOST].diff


def test_an_edge_running_bgp_in_another_as_is_refused_before_anything_is_sent(
    tmp_path: Path,
) -> None:
    other = tmp_path / f"{HOST}-other-as.cfg"
    text = REAL.read_text()
    assert "bgp 64512\n" in text
    other.write_text(text.replace("bgp 64512\n", "bgp 64999\n"))
    with _edge_lab(tmp_path, other, "127.2.10.140") as (topology, lab, plan, before):
        for check in (True, False):
            result = push_all(plan, topology, tmp_path, check=check)[HOST]
            assert result.outcome is Outcome.REFUSED, (check, result.outcome, result.error)
            assert result.error is not None
            assert (
                "conflict: the device runs BGP in AS 64999, the model's edges in AS 64512 "
                "(data_centres.as_number); a device runs one BGP process and medinfra never "
                "sends 'undo bgp'" in result.error
            ), result.error
            assert lab.running_config(HOST) == before  # nothing was sent
