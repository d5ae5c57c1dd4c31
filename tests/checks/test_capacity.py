"""Capacity rules against loads computed by hand from the Henan and Union seeds."""

import pytest

from medinfra.checks.capacity import UPSTREAM_LINE_RATE, pon_load, uplink_capacity, upload_demand
from medinfra.model import ImagingGateway, PonTechnology
from tests.checks.conftest import at, evolve, example, findings, site_index

HPPH = "henan-provincial-hospital"
UNION = "union-shenzhen-campus"


def _with_bandwidth(topology, s, bandwidth):  # type: ignore[no-untyped-def]
    lines = tuple(
        line.model_copy(update={"bandwidth": bandwidth}) for line in topology.sites[s].uplinks
    )
    return evolve(topology, ("sites", s, "uplinks"), lines)


def test_henan_image_load_against_the_1_gbit_line() -> None:
    topology = example(HPPH)
    site = topology.sites[site_index(topology, "hpph-main")]
    # 600 CT x 150 MB + 150 MR x 60 MB + 1,200 DX x 8 MB + 500 US x 2 MB
    # = 90 + 9 + 9.6 + 1 = 109.6 GB/day; x 8 / (8 h x 3,600 s) = 30.444 Mbit/s
    assert upload_demand(site, topology.settings) == pytest.approx(30.444e6, rel=1e-4)
    # 1+1: one 1 Gbit/s line carries everything after a failure; 70% of it is 700 Mbit/s
    assert uplink_capacity(site) == 1e9
    assert findings(topology, "MI-CAP-001") == []


def test_thin_lines_fail_with_the_numbers() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    copy = _with_bandwidth(topology, s, 40_000_000)  # 70% of 40 Mbit/s = 28 < 30.444
    (finding,) = findings(copy, "MI-CAP-001")
    assert finding.message == (
        "site hpph-main uploads 109.6 GB/day = 30.444 Mbit/s over the 8 h busy window, more "
        "than 70% of 40 Mbit/s (one line after a failure) = 28 Mbit/s"
    )


def test_unprotected_lines_add_up() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    copy = evolve(_with_bandwidth(topology, s, 40_000_000), ("sites", s, "wan_protection"), "none")
    # without 1+1 both 40 Mbit/s lines count: 70% of 80 = 56 Mbit/s > 30.444
    assert uplink_capacity(copy.sites[s]) == 80e6
    assert findings(copy, "MI-CAP-001") == []


def test_regional_aggregate_against_the_data_centre() -> None:
    topology = example(HPPH)
    assert findings(topology, "MI-CAP-002") == []
    assert findings(example("longgang-regional-imaging"), "MI-CAP-002") == []  # 6 Gbit/s
    # hpph-main 109.6 GB + xincai 120 x 150 MB + 300 x 8 MB + 150 x 2 MB = 20.7 GB
    # = 130.3 GB/day -> 1,042.4 Gbit / 28,800 s = 36.194 Mbit/s > 70% of 50 Mbit/s
    dc = site_index(topology, "zz-central-plains-dc")
    copy = evolve(topology, ("sites", dc, "wan_capacity"), 50_000_000)
    (finding,) = findings(copy, "MI-CAP-002")
    assert finding.message == (
        "data centre zz-central-plains-dc receives 36.194 Mbit/s from 2 sites, more than 70% "
        "of its WAN capacity 50 Mbit/s = 35 Mbit/s"
    )


def test_pon_port_guarantees() -> None:
    topology = example(UNION)
    s = site_index(topology, "union-main")
    port = at(topology, ("sites", s, "campus", "olts", 0, "pon_ports", 0))
    services = {service.id: service for service in topology.services}
    # 5 ONTs x (his assured 20 + medical-devices assured 10; wifi has only a maximum)
    assert pon_load(port, services) == 150e6
    assert UPSTREAM_LINE_RATE[PonTechnology.GPON] == pytest.approx(1.244e9, rel=1e-3)
    assert findings(topology, "MI-CAP-003") == []
    his = next(i for i, service in enumerate(topology.services) if service.id == "his")
    profile = topology.services[his].pon_profile
    assert profile is not None
    # 5 x (250 + 10) = 1.3 Gbit/s > 1.244 Gbit/s
    copy = evolve(
        topology,
        ("services", his, "pon_profile"),
        profile.model_copy(update={"assured": 250_000_000}),
    )
    messages = [f.message for f in findings(copy, "MI-CAP-003")]
    assert (
        "UNION-OLT-01 PON port 0/1/0 guarantees 1.3 Gbit/s upstream, more than the gpon line rate 1.244 Gbit/s"
        in messages
    )


def test_settings_change_the_verdict() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    copy = _with_bandwidth(topology, s, 200_000_000)  # 70% of 200 Mbit/s = 140 Mbit/s
    assert findings(copy, "MI-CAP-001") == []
    # the same 109.6 GB in a 1 h window: 876.8 Gbit / 3,600 s = 243.556 Mbit/s > 140
    short = copy.model_copy(
        update={"settings": copy.settings.model_copy(update={"busy_window": 1.0})}
    )
    (finding,) = findings(short, "MI-CAP-001")
    assert "= 243.556 Mbit/s over the 1 h busy window" in finding.message


def _gateway(limit: str, address: str = "10.255.10.50/24") -> ImagingGateway:
    return ImagingGateway.model_validate(
        {
            "hostname": "HPPH-GW-01",
            "management_address": address,
            "credentials": "henan/gateway",
            "ae_title": "HPPH_GW",
            "peers": [{"ae_title": "CT_01", "network": "10.20.1.0/24"}],
            "archive": {"ae_title": "HPPH_ARCHIVE", "host": "archive.hpph.example"},
            "upload_limit": limit,
            "tenant": "hpph",
            "zone": "pacs",
        }
    )


def test_imaging_gateway_limit() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    enough = evolve(topology, ("sites", s, "imaging_gateways"), (_gateway("100Mbit/s"),))
    assert findings(enough, "MI-CAP-004") == []
    assert findings(enough, "MI-ADDR-002") == []
    # 30.444 Mbit/s of upload through a gateway limited to 20 Mbit/s
    tight = evolve(topology, ("sites", s, "imaging_gateways"), (_gateway("20Mbit/s"),))
    (finding,) = findings(tight, "MI-CAP-004")
    assert finding.message == (
        "site hpph-main uploads 30.444 Mbit/s but its imaging gateways are limited to 20 Mbit/s"
    )
    # a gateway outside both the management networks and its zone (10.30.1.0/24)
    stray = evolve(
        topology, ("sites", s, "imaging_gateways"), (_gateway("100Mbit/s", "192.168.9.9/24"),)
    )
    assert "outside zone 'hpph/pacs'" in findings(stray, "MI-ADDR-002")[0].message
    in_zone = evolve(
        topology, ("sites", s, "imaging_gateways"), (_gateway("100Mbit/s", "10.30.1.20/24"),)
    )
    assert findings(in_zone, "MI-ADDR-002") == []
