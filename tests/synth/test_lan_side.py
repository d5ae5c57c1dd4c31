"""``medinfra generate`` writes each site's LAN side, and every flow it implies is proven."""

import itertools
from ipaddress import IPv4Network
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.checks import run_checks, select_rules
from medinfra.checks.paths import failure_findings, walk
from medinfra.cli import app
from medinfra.errors import UsageError
from medinfra.flow.intended import intended_flows, policy_flows
from medinfra.load import load_topology
from medinfra.model import Platform
from medinfra.model.devices import DeviceRole
from medinfra.model.site import SiteKind
from medinfra.model.topology import Topology
from medinfra.render import render_topology
from medinfra.synth import SyntheticSpec, build, write_topology
from medinfra.synth.addressing import HOSPITAL_LANS, LanPlan


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Topology:
    out = tmp_path_factory.mktemp("lan") / "synthetic"
    write_topology(build(SyntheticSpec(hospitals=5, clinics=12, onts_per_site=4, seed=3)), out)
    return load_topology(out).topology


def test_every_site_but_the_data_centres_has_its_own_lan(generated: Topology) -> None:
    ranges: list[tuple[IPv4Network, str]] = []
    for site in generated.sites:
        if site.kind is SiteKind.DATA_CENTRE:
            assert site.lan is None and site.handoffs
            continue
        assert site.lan is not None, site.id
        assert site.lan.device == site.devices[0].hostname
        assert {entry.use.value for entry in site.lan.ranges} == {"clinical", "modalities"}
        ranges += [(entry.network, site.id) for entry in site.lan.ranges if entry.network]
        ranges.append((site.lan.address.network, site.id))
    ordered = sorted(ranges, key=lambda item: int(item[0].network_address))
    for (first, a), (second, b) in itertools.pairwise(ordered):
        assert int(first.broadcast_address) < int(second.network_address), (a, b)


def test_no_prefix_is_routed_to_two_sites_and_the_handoffs_hold(generated: Topology) -> None:
    rules = select_rules(["MI-FLOW-001", "MI-FLOW-002", "MI-HO", "MI-ADDR"])
    assert [item.finding.message for item in run_checks(generated, rules).findings] == []


def test_every_policy_flow_arrives_both_ways_and_survives_any_single_failure(
    generated: Topology,
) -> None:
    flows = [walk(generated, flow) for flow in policy_flows(generated)]
    broken = [
        f"{path.direction} {walked.flow.why}: {path.broken.reason}"
        for walked in flows
        for path in (walked.forward, walked.back)
        if path.broken is not None
    ]
    assert broken == []
    assert [finding.message for finding in failure_findings(generated, flows)] == []
    sources = {walked.flow.source.name for walked in flows}
    sites = {site.id for site in generated.sites if site.kind is not SiteKind.DATA_CENTRE}
    assert sources == sites, "every site's ranges send to the cloud"
    assert len(flows) == (5 * 2 * 2 + 12 * 2) * 2, "each range per permitted service and cloud"


def test_a_broken_lan_is_found_where_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_topology(build(SyntheticSpec(hospitals=2, clinics=2)), Path("topo"))
    site = Path("topo/sites/hospital-00001.yaml")
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace("next_hop: 10.64.1.254", "next_hop: 10.64.1.250"), "utf-8")
    result = CliRunner().invoke(app, ["validate", "topo", "--select", "MI-HO", "--format", "text"])
    assert result.exit_code == 1
    line = 1 + text.splitlines().index("  next_hop: 10.64.1.254")
    assert (
        f"topo/sites/hospital-00001.yaml:{line}:3: lan.next_hop: the LAN of site "
        "hospital-00001: 10.64.1.250 is not a host of the handoff subnet 10.64.1.252/30"
    ) in result.output


def test_blocks_shrink_when_the_sites_do_not_fit_a_slash_24_each() -> None:
    assert LanPlan.sized(HOSPITAL_LANS, 4096, 24).prefix == 24
    assert LanPlan.sized(HOSPITAL_LANS, 4097, 24).prefix == 25
    assert str(LanPlan.sized(HOSPITAL_LANS, 4097, 24).block(4096)) == "10.72.0.0/25"
    with pytest.raises(ValueError, match=r"do not fit in 10\.64\.0\.0/12 with a /27 each"):
        LanPlan.sized(HOSPITAL_LANS, 32769, 24)
    with pytest.raises(UsageError, match="at most 32768 hospitals"):
        SyntheticSpec(hospitals=32769).check()


def test_the_lab_accepts_every_line_rendered_for_the_generated_sites(
    generated: Topology,
) -> None:
    lab_device = pytest.importorskip("medinfra.lab.device")
    configs = list(render_topology(generated))
    lan_lines = 0
    for config in configs:
        root = lab_device.load_config(Platform(config.platform), config.text, config.hostname)
        opaque = [node.line for node in root.walk() if node.key.startswith("\0")]
        assert opaque == [], f"{config.hostname}: lines outside the lab grammar: {opaque}"
        lan_lines += "interface GigabitEthernet0/0/3.100" in config.text
    assert lan_lines == 5 + 12, "every CPE renders its LAN sub-interface"


@pytest.mark.parametrize("centres", [1, 2])
def test_every_flow_survives_any_single_failure(centres: int) -> None:
    """Policy flows and the management of every device, the edges' own included (their OAM
    port's gateway is the tenant router on the data centre's management LAN), in both
    data-centre modes; and a plain validate (the path rules run by default) finds nothing."""
    spec = SyntheticSpec(hospitals=4, clinics=6, onts_per_site=2, seed=5, data_centres=centres)
    topology = Topology.model_validate({**build(spec).topology, "sites": build(spec).sites})
    edges = {
        device.hostname
        for site in topology.sites
        for device in site.devices
        if device.role is DeviceRole.DC_EDGE
    }
    flows = [walk(topology, flow) for flow in intended_flows(topology)]
    assert edges <= {walked.flow.dest.device for walked in flows}, "each edge's management"
    assert len(flows) > 4 * 2 * 2 + 6 * 2, "policy and management flows"
    broken = [
        f"{path.direction} {walked.flow.why}: {path.broken.reason}"
        for walked in flows
        for path in (walked.forward, walked.back)
        if path.broken is not None
    ]
    assert broken == []
    assert [finding.message for finding in failure_findings(topology, flows)] == []
    run = run_checks(topology)
    assert {"MI-FLOW-003", "MI-FLOW-004"} <= {rule.id for rule in run.rules}
    assert [found.finding.message for found in run.findings] == []
