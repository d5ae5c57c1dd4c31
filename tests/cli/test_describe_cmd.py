"""``medinfra describe``: a readable summary per site, with the checks' own figures."""

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.load import load_topology
from tests.conftest import EXAMPLES, INVENTORY, replace_in

runner = CliRunner()

UNION_MAIN = """\
union-main: Union Shenzhen Hospital (HUST) (tertiary_hospital, Nanshan, Shenzhen, Guangdong)
  device   UNION-CPE-01  huawei_vrp cpe  10.250.10.1/24
  device   UNION-OLT-01  huawei_smartax olt  10.250.20.1/24
  device   UNION-OLT-02  huawei_smartax olt  10.250.20.2/24
  line     union-line-a  10 Gbit/s mpls  path sz-nanshan-route-1  to NS-DC-PE-01 \
(nanshan-health-cloud), encrypted
  line     union-line-b  10 Gbit/s mpls  path sz-nanshan-route-2  to NS-DC-PE-02 \
(nanshan-health-cloud), encrypted
  1+1      1+1: 2 lines on 2 distinct paths
  uptime   99.9799% (105.7 min/year down), target 99.95%
  imaging  61.056 Mbit/s upload in the busy window over 10 Gbit/s of uplinks: 0.6% used \
(limit 70%)
  PON      UNION-OLT-01 0/1/0 gpon class C+ (max 32 dB): 5 ONTs; inpatient-a-3 1:32 5 ONTs 19.8 dB
  PON      UNION-OLT-01 0/1/1 gpon class C+ (max 32 dB): 4 ONTs; inpatient-a-4 1:32 4 ONTs 19.9 dB
  PON      UNION-OLT-02 0/1/0 xgs-pon class N2 (max 31 dB): 4 ONTs; medtech-1 1:16 4 ONTs 16.2 dB
  PON      UNION-OLT-02 0/1/1 gpon class B+ (max 28 dB): 6 ONTs; outpatient-1 1:32 6 ONTs 19.8 dB
"""


def test_one_site_in_words_and_figures() -> None:
    result = runner.invoke(
        app, ["describe", str(INVENTORY / "union-shenzhen-campus"), "--site", "union-main"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == UNION_MAIN


def test_the_whole_topology_has_a_header_and_the_cloud() -> None:
    result = runner.invoke(app, ["describe", str(INVENTORY / "union-shenzhen-campus")])
    assert result.exit_code == 0
    assert result.output.startswith(
        "Union Shenzhen Hospital all-optical campus (union-shenzhen-campus): 2 sites "
        "(1 data_centre, 1 tertiary_hospital)\n"
        "data centres: nanshan-health-cloud (single); availability target 99.95%\n"
    )
    assert "\ncloud\n  tenant   union: zones campus (clinical, 10.60.0.0/16), " in result.output
    assert "  storage  union/union-pacs-hot: runway 4.8 y\n" in result.output


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_site_of_every_example_is_described(name: str) -> None:
    result = runner.invoke(app, ["describe", str(INVENTORY / name)])
    assert result.exit_code == 0, result.output
    topology = load_topology(INVENTORY / name).topology
    for site in topology.sites:
        assert f"\n{site.id}: {site.name} (" in result.output
    onts = sum(len(s.onts) for site in topology.sites if site.campus
               for olt in site.campus.olts for p in olt.pon_ports for s in p.splitters)  # fmt: skip
    assert result.output.count(" ONTs; ") == sum(
        len(olt.pon_ports) for site in topology.sites if site.campus for olt in site.campus.olts
    )
    assert onts == 0 or "PON " in result.output


def test_an_unknown_site_is_a_usage_error() -> None:
    result = runner.invoke(
        app, ["describe", str(INVENTORY / "union-shenzhen-campus"), "--site", "nowhere"]
    )
    assert result.exit_code == 2
    assert result.output == (
        "error: no site 'nowhere' in union-shenzhen-campus (sites: nanshan-health-cloud, "
        "union-main)\n"
    )


def test_a_topology_with_load_errors_is_described_as_far_as_it_loads(
    example_copy: Callable[[str], Path],
) -> None:
    topo = example_copy("union-shenzhen-campus")
    replace_in(topo / "sites/union-main.yaml", "serial: 48575443A4C123B1", "serial: HWTC-1A2B3C4D")
    result = runner.invoke(app, ["describe", str(topo), "--site", "union-main"])
    assert result.exit_code == 1
    assert "  PON      UNION-OLT-01 0/1/0 gpon class C+ (max 32 dB): 4 ONTs; " in result.output
    assert result.output.endswith(
        "topo/sites/union-main.yaml:69:11: campus.olts[0].pon_ports[0].splitters[0].onts[0]"
        ".serial: 'HWTC-1A2B3C4D' is not valid: expected an ONT serial of 16 upper-case hex "
        "digits, e.g. '48575443F5E5A8AB' [MI-SCHEMA-001]\n"
        "the summary leaves out the parts with load errors; fix them and run it again\n"
    )


def test_a_data_centre_shows_what_it_receives_against_its_wan_capacity() -> None:
    result = runner.invoke(
        app,
        [
            "describe",
            str(INVENTORY / "longgang-regional-imaging"),
            "--site",
            "longgang-imaging-centre",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "  WAN      receives 116.297 Mbit/s from 180 site(s) over a WAN capacity of 6 Gbit/s: "
        "1.9% used (limit 70%)\n"
    ) in result.output
