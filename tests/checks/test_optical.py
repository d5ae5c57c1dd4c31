"""Optical rules: the 1:32 split at 12 km within a B+ budget, computed by hand."""

import pytest

from medinfra.checks.optical import path_losses, segment_loss
from medinfra.model import OpticalClass, PonTechnology, Splitter
from tests.checks.conftest import at, evolve, example, findings, site_index

UNION = "union-shenzhen-campus"


def _port(topology):  # type: ignore[no-untyped-def]
    s = site_index(topology, "union-main")
    return ("sites", s, "campus", "olts", 0, "pon_ports", 0)


def _b_plus_at(length_km: float, ratio: int = 32):  # type: ignore[no-untyped-def]
    """Union's first GPON port as B+ optics, its splitter at ``length_km`` with 2 connectors."""
    topology = example(UNION)
    port = _port(topology)
    splitter: Splitter = at(topology, (*port, "splitters", 0))
    changed = splitter.model_copy(
        update={"fibre_length": length_km, "ratio": ratio, "connectors": 2, "splices": 0}
    )
    topology = evolve(topology, (*port, "optical_class"), OpticalClass.B_PLUS)
    return evolve(topology, (*port, "splitters", 0), changed), port


def test_one_to_32_at_12_km_fits_b_plus() -> None:
    topology, port = _b_plus_at(12.0)
    splitter = at(topology, (*port, "splitters", 0))
    # 12 km x 0.35 dB/km = 4.2; 1:32 splitter 17.0; 2 connectors x 0.5 = 1.0; no splices
    # = 22.2 dB; + 3 dB margin = 25.2 dB, inside B+ 13-28 dB
    assert segment_loss(splitter, topology.settings) == pytest.approx(22.2)
    assert findings(topology, "MI-OPT-001") == []
    assert findings(topology, "MI-OPT-005") == []


def test_one_to_64_at_12_km_exceeds_b_plus() -> None:
    # 4.2 + 21.0 + 1.0 = 26.2 dB; + 3 = 29.2 dB > 28 dB
    topology, port = _b_plus_at(12.0, ratio=64)
    (finding,) = findings(topology, "MI-OPT-001")
    assert finding.path == (*port, "splitters", 0)
    assert finding.message == (
        "UNION-OLT-01 port 0/1/0 splitter inpatient-a-3 (5 ONTs, path inpatient-a-3): loss "
        "26.20 dB + margin 3 dB = 29.20 dB exceeds the B+ maximum 28 dB"
    )


def test_cascade_adds_up() -> None:
    topology, port = _b_plus_at(2.0)
    first: Splitter = at(topology, (*port, "splitters", 0))
    feeder = Splitter(id="feeder", ratio=4, fibre_length="8km", connectors=2, splices=2, onts=())
    cascaded = first.model_copy(update={"upstream": "feeder", "ratio": 32})
    topology = evolve(topology, (*port, "splitters"), (feeder, cascaded))
    # feeder: 8 x 0.35 = 2.8 + 7.3 + 1.0 + 2 x 0.1 = 11.3; leaf: 0.7 + 17.0 + 1.0 = 18.7
    # path 30.0 dB + 3 = 33.0 > 28 (B+); total split 1:128 is allowed
    losses = path_losses(at(topology, port), topology.settings)
    assert losses["inpatient-a-3"].loss == pytest.approx(30.0)
    assert losses["inpatient-a-3"].split == 128
    assert (
        "path feeder > inpatient-a-3): loss 30.00 dB" in findings(topology, "MI-OPT-001")[0].message
    )
    assert findings(topology, "MI-OPT-002") == []


def test_too_little_loss_is_a_warning() -> None:
    topology, _ = _b_plus_at(0.1, ratio=8)
    # 0.035 + 10.5 + 1.0 = 11.54 dB < 13 dB (B+ minimum): receiver overload
    (finding,) = findings(topology, "MI-OPT-005")
    assert (
        "loss 11.54 dB is below the B+ minimum 13 dB (add an attenuator of at least 1.5 dB)"
        in finding.message
    )


def test_split_ratio_rules() -> None:
    topology, port = _b_plus_at(1.0, ratio=24)
    (finding,) = findings(topology, "MI-OPT-002")
    assert finding.message.startswith("splitter inpatient-a-3 ratio 1:24 is not one of 1:N")
    first: Splitter = at(topology, (*port, "splitters", 0))
    loop_a = first.model_copy(update={"ratio": 8, "upstream": "loop-b"})
    loop_b = Splitter(id="loop-b", ratio=4, upstream="inpatient-a-3", fibre_length="1km")
    looped = evolve(topology, (*port, "splitters"), (loop_a, loop_b))
    assert any("cascade loops" in f.message for f in findings(looped, "MI-OPT-002"))
    wide = Splitter(id="wide", ratio=64, fibre_length="1km")
    over = evolve(
        topology,
        (*port, "splitters"),
        (wide, first.model_copy(update={"ratio": 4, "upstream": "wide"})),
    )
    assert "splits 1:256, more than 1:128" in findings(over, "MI-OPT-002")[0].message


def test_more_onts_than_outputs() -> None:
    topology, _ = _b_plus_at(1.0, ratio=4)  # 5 ONTs on a 1:4
    (finding,) = findings(topology, "MI-OPT-003")
    assert (
        finding.message
        == "splitter inpatient-a-3 (1:4) feeds 5 ONTs and 0 splitters: 5 outputs needed"
    )


def test_optics_class_must_match_technology() -> None:
    topology = example(UNION)
    port = _port(topology)
    assert findings(topology, "MI-OPT-004") == []
    copy = evolve(topology, (*port, "technology"), PonTechnology.XGS_PON)  # C+ is a GPON class
    (finding,) = findings(copy, "MI-OPT-004")
    assert "xgs-pon optics cannot be class C+ (use one of E1, E2, N1, N2)" in finding.message
