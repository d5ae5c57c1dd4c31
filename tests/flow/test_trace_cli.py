"""``medinfra trace``: the path hop by hop both ways, exit codes, failures, json."""

import json
from functools import cache

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.load import load_topology
from medinfra.render import render_device
from tests.conftest import INVENTORY, REPO, replace_in

runner = CliRunner()
HENAN = "henan-provincial-hospital"
UNION = "union-shenzhen-campus"


@cache
def _config(example: str, device: str) -> list[str]:
    return render_device(load_topology(INVENTORY / example).topology, device).splitlines()


def at(example: str, device: str, text: str) -> str:
    """``DEVICE:N: text``, N the number of the first rendered line that is ``text``."""
    stripped = [line.strip() for line in _config(example, device)]
    return f"{device}:{stripped.index(text) + 1}: {text}"


def _trace(topo: str, *args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["trace", topo, *args])
    return result.exit_code, result.output.splitlines()


HENAN_FORWARD = [
    "trace zone hpph/clinical (10.20.0.1) -> zone hpph/pacs (10.30.1.1), service pacs",
    "forward: zone hpph/clinical (10.20.0.1) -> zone hpph/pacs (10.30.1.1)",
    "   1. CPE LAN          HPPH-CPE-01 GigabitEthernet0/0/3.100 10.20.127.253/30 towards the site LAN holding 10.20.0.1",
    "      model    topo/sites/hpph-main.yaml:58:1 lan",
    "      rendered " + at(HENAN, "HPPH-CPE-01", "interface GigabitEthernet0/0/3.100"),
    "   2. CPE route        10.30.1.0/24 via 10.0.1.2",
    "      model    topo/sites/hpph-main.yaml:22:5 uplinks[0]",
    "      rendered "
    + at(
        HENAN,
        "HPPH-CPE-01",
        "ip route-static 10.30.1.0 255.255.255.0 10.0.1.2 track bfd-session ge0-0-1-101",
    ),
    "   3. private line     line hpph-peotn-a VLAN 101: HPPH-CPE-01 GigabitEthernet0/0/1.101 -> ZZ-DC-PE-01 GigabitEthernet1/0/1.101",
    "      model    topo/sites/hpph-main.yaml:22:5 uplinks[0]",
    "      rendered " + at(HENAN, "HPPH-CPE-01", "interface GigabitEthernet0/0/1.101"),
    "   4. edge route       10.30.1.0/24 via 10.30.255.4",
    "      model    topo/sites/zz-central-plains-dc.yaml:8:5 devices[0]",
    "      rendered "
    + at(HENAN, "ZZ-DC-PE-01", "ip route-static 10.30.1.0 255.255.255.0 10.30.255.4"),
    "   5. cloud handoff    ZZ-DC-PE-01 10GE2/0/0 10.30.255.2/28 -> router of tenant hpph at 10.30.255.4",
    "      model    topo/sites/zz-central-plains-dc.yaml:24:3 handoffs[0]",
    "      rendered " + at(HENAN, "ZZ-DC-PE-01", "interface 10GE2/0/0"),
    "   6. tenant router    router hpph-router: port on 10.30.1.0/24 (zone pacs)",
    "      model    topo/topology.yaml:84:7 cloud.tenants[0]",
    "      rendered openstack:networking:RouterInterface hpph-pacs-1-port",
    "   7. firewall rule    zone hpph/pacs ingress allows pacs tcp/104 (clinical-to-pacs)",
    "      model    topo/topology.yaml:118:11 cloud.tenants[0].policies[0]",
    "      rendered fwaas ingress rule hpph-pacs-in-allow-14cffefa: allow tcp 10.20.0.0/16 -> 10.30.1.0/24 port 104",
    "   8. firewall rule    zone hpph/pacs ingress allows pacs tcp/11112 (clinical-to-pacs)",
    "      model    topo/topology.yaml:118:11 cloud.tenants[0].policies[0]",
    "      rendered fwaas ingress rule hpph-pacs-in-allow-777baff8: allow tcp 10.20.0.0/16 -> 10.30.1.0/24 port 11112",
    "   9. zone             zone hpph/pacs range 10.30.1.0/24 holds 10.30.1.1",
    "      model    topo/topology.yaml:99:20 cloud.tenants[0].zones[1].ranges[0]",
    "  arrives",
]
HENAN_RETURN = [
    "return: zone hpph/pacs (10.30.1.1) -> zone hpph/clinical (10.20.0.1)",
    "   1. firewall rule    zone hpph/pacs egress: reply of the permitted connection (FWaaS rules are stateful)",
    "      model    topo/topology.yaml:95:11 cloud.tenants[0].zones[1]",
    "   2. tenant router    router hpph-router: 10.20.0.0/16 via 10.30.255.1 (gateway 10.30.255.4/28 on zz-cloud-handoff)",
    "      model    topo/topology.yaml:147:11 cloud.tenants[0].uplinks[0]",
    "      rendered openstack:networking:RouterRoute hpph-route-10.20.0.0-16: destination 10.20.0.0/16 next_hop 10.30.255.1",
    "   3. cloud handoff    ZZ-DC-PE-01 10GE2/0/0 10.30.255.2/28 answers 10.30.255.1",
    "      model    topo/sites/zz-central-plains-dc.yaml:24:3 handoffs[0]",
    "      rendered " + at(HENAN, "ZZ-DC-PE-01", "interface 10GE2/0/0"),
    "   4. edge route       10.20.0.0/17 via 10.0.1.1",
    "      model    topo/sites/hpph-main.yaml:22:5 uplinks[0]",
    "      rendered "
    + at(
        HENAN,
        "ZZ-DC-PE-01",
        "ip route-static 10.20.0.0 255.255.128.0 10.0.1.1 tag 1616 track bfd-session ge1-0-1-101",
    ),
    "   5. private line     line hpph-peotn-a VLAN 101: ZZ-DC-PE-01 GigabitEthernet1/0/1.101 -> HPPH-CPE-01 GigabitEthernet0/0/1.101",
    "      model    topo/sites/hpph-main.yaml:22:5 uplinks[0]",
    "      rendered " + at(HENAN, "ZZ-DC-PE-01", "interface GigabitEthernet1/0/1.101"),
    "   6. CPE LAN          10.20.0.0/17 via 10.20.127.254 (the campus core) on GigabitEthernet0/0/3.100",
    "      model    topo/sites/hpph-main.yaml:58:1 lan",
    "      rendered "
    + at(HENAN, "HPPH-CPE-01", "ip route-static 10.20.0.0 255.255.128.0 10.20.127.254"),
    "  arrives",
]


def test_henan_clinical_to_pacs_arrives_both_ways_hop_by_hop(example_copy) -> None:  # type: ignore[no-untyped-def]
    # the CPE's LAN, its tracked route over the first line, the edge's route to the tenant's
    # router on the provider network, the router's port and the zone's rules; back through
    # the router's route to the edges' VRRP address, the edge's route over the site's line
    # and the CPE's route to the campus core
    topo = str(example_copy("henan-provincial-hospital"))
    code, lines = _trace(topo, "clinical", "pacs", "pacs")
    assert code == 0
    assert lines == HENAN_FORWARD + HENAN_RETURN


def test_a_failed_line_moves_the_path_to_the_backup_route(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = str(example_copy("henan-provincial-hospital"))
    code, lines = _trace(topo, "clinical", "pacs", "pacs", "--fail", "hpph-peotn-a")
    assert code == 0, "the backup line carries the study both ways"
    second = lines.index(
        "trace zone hpph/clinical (10.20.0.1) -> zone hpph/pacs (10.30.1.1), service pacs, "
        "line hpph-peotn-a down"
    )
    assert lines[second + 5 : second + 11] == [
        "   2. CPE route        10.30.1.0/24 via 10.0.1.6 (backup, preference 70)",
        "      model    topo/sites/hpph-main.yaml:32:5 uplinks[1]",
        "      rendered "
        + at(
            HENAN,
            "HPPH-CPE-01",
            "ip route-static 10.30.1.0 255.255.255.0 10.0.1.6 preference 70 "
            "track bfd-session ge0-0-2-102",
        ),
        "   3. private line     line hpph-peotn-b VLAN 102: HPPH-CPE-01 "
        "GigabitEthernet0/0/2.102 -> ZZ-DC-PE-02 GigabitEthernet1/0/1.102",
        "      model    topo/sites/hpph-main.yaml:32:5 uplinks[1]",
        "      rendered " + at(HENAN, "HPPH-CPE-01", "interface GigabitEthernet0/0/2.102"),
    ]


def test_an_edge_down_sends_the_cpe_to_the_other_edge(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = str(example_copy("henan-provincial-hospital"))
    code, lines = _trace(topo, "HPPH-CPE-01", "XC-CPE-01", "mgmt", "--fail", "ZZ-DC-PE-01")
    assert code == 0, "both ways arrive, with the edge up and with it down"
    second = lines.index(
        "trace device HPPH-CPE-01 (10.255.10.1) -> device XC-CPE-01 (10.255.11.1), "
        "service mgmt, device ZZ-DC-PE-01 down"
    )
    summaries = [line for line in lines[second:] if line[:5].strip().endswith(".")]
    assert summaries[:5] == [
        "   1. CPE route        10.255.0.0/16 via 10.0.1.6 (backup, preference 70)",
        "   2. private line     line hpph-peotn-b VLAN 102: HPPH-CPE-01 "
        "GigabitEthernet0/0/2.102 -> ZZ-DC-PE-02 GigabitEthernet1/0/1.102",
        "   3. edge route       10.255.11.0/24 via 10.0.2.5 (backup, preference 70)",
        "   4. private line     line xincai-otn-b VLAN 202: ZZ-DC-PE-02 "
        "GigabitEthernet1/0/2.202 -> XC-CPE-01 GigabitEthernet0/0/2.202",
        "   5. device           XC-CPE-01 management address 10.255.11.1/24 on "
        "GigabitEthernet0/0/0",
    ]


def test_an_edge_management_port_in_its_vpn_instance_is_not_reached_over_a_line(
    example_copy,
) -> None:  # type: ignore[no-untyped-def]
    topo = str(example_copy("henan-provincial-hospital"))
    code, lines = _trace(topo, "HPPH-CPE-01", "ZZ-DC-PE-01", "mgmt")
    assert code == 1
    assert lines[8:10] == [
        "   3. device           MISSING: ZZ-DC-PE-01's management address 10.255.1.1 is in "
        "vpn-instance __LOCAL_OAM_VPN__: traffic arriving in the public instance never reaches "
        "it",
        "      model    topo/sites/zz-central-plains-dc.yaml:12:5 devices[0].management",
    ]


def test_the_onts_service_port_and_olt_uplink_lead_a_campus_path(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = str(example_copy("union-shenzhen-campus"))
    code, lines = _trace(topo, "union-main", "pacs", "pacs")
    assert code == 0
    assert lines[2:8] == [
        "   1. ONT service-port ONT UNION-OLT-02:0/1/0:0 GEM 2 -> service-port 1 VLAN 110 (pacs)",
        "      model    topo/sites/union-main.yaml:129:11 "
        "campus.olts[1].pon_ports[0].splitters[0].onts[0]",
        "      rendered "
        + at(
            UNION,
            "UNION-OLT-02",
            "service-port 1 vlan 110 gpon 0/1/0 ont 0 gemport 2 multi-service user-vlan 110 "
            "tag-transform translate",
        ),
        "   2. OLT uplink       UNION-OLT-02 VLAN 110 on uplink 0/3/0",
        "      model    topo/sites/union-main.yaml:116:5 campus.olts[1].uplink_port",
        "      rendered " + at(UNION, "UNION-OLT-02", "port vlan 110 0/3 0"),
    ]


def test_json_carries_every_hop_with_model_place_and_rendered_line(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = str(example_copy("henan-provincial-hospital"))
    result = runner.invoke(app, ["trace", topo, "clinical", "pacs", "pacs", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    forward = document["traces"][0]["forward"]
    assert forward["arrives"] is True
    assert forward["hops"][1] == {
        "layer": "CPE route",
        "summary": "10.30.1.0/24 via 10.0.1.2",
        "model": "topo/sites/hpph-main.yaml:22:5 uplinks[0]",
        "rendered": at(
            HENAN,
            "HPPH-CPE-01",
            "ip route-static 10.30.1.0 255.255.255.0 10.0.1.2 track bfd-session ge0-0-1-101",
        ),
    }
    assert forward["end"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nowhere", "pacs"],
            "error: 'nowhere' names no site, device, imaging gateway, zone, ONT (OLT:F/S/P:ID) "
            "or address of the topology",
        ),
        (
            ["clinical", "pacs", "dicom"],
            "error: unknown service 'dicom' (catalogue: his, image-viewer, mgmt, pacs, video)",
        ),
        (
            ["clinical", "pacs", "--fail", "route-z"],
            "error: --fail route-z: no private line, device or data centre has that name "
            "(data centres: zz-central-plains-dc)",
        ),
        (
            ["10.99.0.1", "pacs"],
            "error: address 10.99.0.1 is in no zone of any tenant and behind no site",
        ),
    ],
)
def test_names_that_resolve_to_nothing_are_usage_errors(
    example_copy,  # type: ignore[no-untyped-def]
    args: list[str],
    message: str,
) -> None:
    topo = str(example_copy("henan-provincial-hospital"))
    result = runner.invoke(app, ["trace", topo, *args])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == message


ONE_PATH_PER_EXAMPLE = [
    (
        "henan-telemedicine",
        ["TM-ANYA-CPE-01", "TM-K005-CPE-01", "mgmt"],
        [
            "CPE route: 10.253.0.0/16 via 10.3.0.22",
            "private line: line anyang-central-hospital-to-dc1 VLAN 105: TM-ANYA-CPE-01 "
            "GigabitEthernet0/0/1.105 -> TM-DC1-PE-01 10GE1/0/1.105",
            "edge route: 10.253.20.0/29 via 10.3.0.93",
            "private line: line anyang-county-1-to-dc1 VLAN 123: TM-DC1-PE-01 10GE1/0/1.123 -> "
            "TM-K005-CPE-01 GigabitEthernet0/0/1.123",
            "device: TM-K005-CPE-01 management address 10.253.20.1/29 on GigabitEthernet0/0/0",
        ],
        None,
    ),
    (
        # the clinic hangs off the second edge only, the hospital's primary line ends on the
        # first: the first edge routes the clinic by the second's iBGP announcement, across
        # the provider network
        "longgang-regional-imaging",
        ["LG-H02-CPE-01", "LG-C004-CPE-01", "mgmt"],
        [
            "CPE route: 10.254.0.0/16 via 10.1.0.18",
            "private line: line longgang-central-line-a VLAN 1004: LG-H02-CPE-01 "
            "GigabitEthernet0/0/1.1004 -> LG-DC-PE-01 10GE1/0/1.1004",
            "edge route: 10.254.100.0/29 via 10.110.255.3 (iBGP from LG-DC-PE-02, preference "
            "255: it holds the site over chc-bantian-01-line)",
            "cloud handoff: LG-DC-PE-01 100GE2/0/0 10.110.255.2/28 -> LG-DC-PE-02 (the "
            "data-centre side) at 10.110.255.3",
            "edge route: 10.254.100.0/29 via 10.2.0.13",
            "private line: line chc-bantian-01-line VLAN 2003: LG-DC-PE-02 10GE1/0/2.2003 -> "
            "LG-C004-CPE-01 GigabitEthernet0/0/1.2003",
            "device: LG-C004-CPE-01 management address 10.254.100.1/29 on GigabitEthernet0/0/0",
        ],
        None,
    ),
    (
        "multi-branch-hospital",
        ["MBH-B1-CPE-01", "MBH-B3-OLT-01", "mgmt"],
        [
            "CPE route: 10.251.0.0/16 via 10.5.0.10",
            "private line: line east-branch-line-a VLAN 502: MBH-B1-CPE-01 "
            "GigabitEthernet0/0/1.502 -> MBH-DC-PE-01 10GE1/0/1.502",
            "edge route: 10.251.20.0/24 via 10.5.0.25",
            "private line: line south-branch-line-a VLAN 506: MBH-DC-PE-01 10GE1/0/1.506 -> "
            "MBH-B3-CPE-01 GigabitEthernet0/0/1.506",
            # the OLT's management range behind the campus core, by the CPE's route to it
            "CPE LAN: 10.251.20.0/24 via 10.73.255.254 (the campus core) on "
            "GigabitEthernet0/0/3.100",
        ],
        None,
    ),
]


@pytest.mark.parametrize(("name", "args", "hops", "end"), ONE_PATH_PER_EXAMPLE)
def test_one_forward_path_of_each_example(
    name: str, args: list[str], hops: list[str], end: str | None
) -> None:
    result = runner.invoke(app, ["trace", str(INVENTORY / name), *args, "--format", "json"])
    forward = json.loads(result.output)["traces"][0]["forward"]
    assert [f"{hop['layer']}: {hop['summary']}" for hop in forward["hops"]] == hops
    assert all(hop["rendered"] for hop in forward["hops"])
    if end is None:
        assert forward["arrives"] and forward["end"] is None
    else:
        assert f"{forward['end']['layer']}: {forward['end']['reason']}" == end


def test_a_removed_policy_is_the_default_deny_of_the_zone_it_leaves(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("henan-provincial-hospital")
    code, lines = _trace(str(topo), "viewer", "pacs", "pacs")
    assert code == 0, "the viewer reaches the archive while its policy is there"
    assert lines[8:10] == [
        "   3. tenant router    router hpph-router: port on 10.30.1.0/24 (zone pacs)",
        "      model    topo/topology.yaml:84:7 cloud.tenants[0]",
    ]
    assert lines[10] == "      rendered openstack:networking:RouterInterface hpph-pacs-1-port"
    assert lines[4] == (
        "      rendered fwaas egress rule hpph-viewer-out-allow-4efc310a: allow tcp 10.30.3.0/24 "
        "-> 10.30.1.0/24 port 104"
    )
    replace_in(
        topo / "topology.yaml",
        "        - name: viewer-to-pacs\n          source: viewer\n          destination: pacs\n"
        "          services: [pacs]\n          action: permit\n",
        "",
    )
    code, lines = _trace(str(topo), "viewer", "pacs", "pacs")
    assert code == 1
    assert lines[2:4] == [
        "   1. firewall rule    MISSING: zone hpph/viewer egress: pacs tcp/104 from 10.30.3.1 to "
        "10.30.1.1 is denied by the default rule (hpph-viewer-out-default-deny)",
        "      model    topo/topology.yaml:88:7 cloud.tenants[0].default_action",
    ]


def test_a_prefix_shared_by_two_sites_sends_the_flow_to_the_wrong_one_and_loops(
    example_copy,
) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("multi-branch-hospital")
    # west-branch's CPE back into east-branch's /28, as when every branch shared one /24
    replace_in(topo / "sites/west-branch.yaml", "10.251.10.33/28", "10.251.10.2/28")
    code, lines = _trace(str(topo), "MBH-B3-CPE-01", "10.251.10.2")
    assert code == 1
    summaries = [line for line in lines if line[:5].strip().endswith(".")]
    assert summaries[2] == (
        "   3. edge route       10.251.10.0/28 via 10.5.0.9 (one of 2 equal-cost routes; also "
        "over west-branch-line-a)"
    )
    assert summaries[6] == (
        "   7. CPE route        MISSING: 10.251.10.2 loops: MBH-B3-CPE-01 -> MBH-DC-PE-01 -> "
        "MBH-B1-CPE-01 -> MBH-DC-PE-01"
    )


def test_the_readme_worked_example_is_what_trace_prints() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(readme) if line.startswith("$ medinfra trace "))
    command = readme[start].removeprefix("$ medinfra trace ").split()
    shown = readme[start + 2 : readme.index("   ...", start)]
    result = runner.invoke(app, ["trace", str(REPO / command[0]), *command[1:]])
    printed = result.output.replace(str(REPO) + "/", "").splitlines()
    first = printed.index(shown[0])
    assert printed[first : first + len(shown)] == shown
