"""The VRP (AR) CPE template: what the model asks for is in the config, in VRP's hierarchy."""

from ipaddress import IPv4Interface, IPv4Network

import pytest
from hier_config import Platform, get_hconfig

from medinfra.model import Topology
from medinfra.model.index import index_of
from medinfra.platforms import switched
from medinfra.render.filters import bfd_name
from tests.conftest import EXAMPLES
from tests.render.conftest import children, config_of, example, rendered


def cpes(name: str) -> list[str]:
    return [c.hostname for c in rendered(name) if c.platform == "huawei_vrp"]


CASES = [(name, host) for name in EXAMPLES for host in cpes(name)]
REPRESENTATIVE = ("henan-provincial-hospital", "HPPH-CPE-01")


def uplinks(topology: Topology, hostname: str) -> list:
    return [line for _, line in topology.all_private_lines() if line.a.device == hostname]


def mask(address: IPv4Interface) -> str:
    return f"{address.ip} {address.netmask}"


def mask_net(network: IPv4Network) -> str:
    return f"{network.network_address} {network.netmask}"


def test_the_representative_cpe_parses_into_the_vrp_hierarchy() -> None:
    text = config_of(*REPRESENTATIVE)
    tree = get_hconfig(Platform.HUAWEI_VRP, text)
    roots = [child.text for child in tree.children]
    assert roots[0] == "sysname HPPH-CPE-01"
    assert "interface GigabitEthernet0/0/1.101" in roots
    assert children(text, "interface GigabitEthernet0/0/1.101") == [
        "description hpph-peotn-a to ZZ-DC-PE-01 China Unicom SD-OTN premium private line, route A",
        "dot1q termination vid 101",
        "ip address 10.0.1.1 255.255.255.252",
        "arp broadcast enable",
    ]
    assert children(text, "bfd ge0-0-1-101 bind peer-ip 10.0.1.2 source-ip 10.0.1.1") == [
        "discriminator local 1",
        "discriminator remote 1",
        "min-tx-interval 100",
        "min-rx-interval 100",
        "commit",
    ]
    assert children(text, "user-interface vty 0 4") == [
        "acl 2000 inbound",
        "authentication-mode aaa",
        "protocol inbound ssh",
    ]
    assert children(text, "acl number 2000") == [
        "rule 5 permit source 10.255.0.0 0.0.255.255",
        "rule 100 deny",
    ]


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_every_uplink_has_a_subinterface_bfd_and_tracked_routes_to_the_cloud(
    name: str, hostname: str
) -> None:
    topology = example(name)
    text = config_of(name, hostname)
    lines = uplinks(topology, hostname)
    assert lines, f"{hostname} has no uplink"
    site = index_of(topology).device_site[hostname]
    prefixes = index_of(topology).uplink_prefixes(site)
    routes = [line for line in text.splitlines() if line.startswith("ip route-static")]
    assert not [route for route in routes if route.startswith("ip route-static 0.0.0.0 ")]
    for rank, line in enumerate(lines):
        sub = f"interface {line.a.interface}.{line.vlan}"
        body = children(text, sub)
        assert f"dot1q termination vid {line.vlan}" in body
        assert f"ip address {mask(line.a.address)}" in body
        assert body[-1] == "arp broadcast enable"
        session = bfd_name(str(line.a.interface), line.vlan)
        bind = f"bfd {session} bind peer-ip {line.z.address.ip} source-ip {line.a.address.ip}"
        assert "commit" in children(text, bind)
        preference = "" if rank == 0 else f" preference {60 + 10 * rank}"
        over_line = [r for r in routes if r.endswith(f" track bfd-session {session}")]
        assert over_line == [
            f"ip route-static {mask_net(prefix)} {line.z.address.ip}{preference} "
            f"track bfd-session {session}"
            for prefix in prefixes
        ]
        assert "traffic-policy medinfra-wan outbound" in children(
            text, f"interface {line.a.interface}"
        )
    # every cloud zone of the site's tenant and the management networks are reached
    tenant = next(t for t in topology.cloud.tenants if site.lan and t.id == site.lan.tenant)
    wanted = [n for zone in tenant.zones if not zone.on_premises for n in zone.ranges]
    wanted += topology.management.networks
    for network in wanted:
        assert any(network.subnet_of(prefix) for prefix in prefixes), (hostname, network)


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_the_lan_port_holds_the_handoff_and_routes_the_lan_ranges(name: str, hostname: str) -> None:
    topology = example(name)
    text = config_of(name, hostname)
    site, device = index_of(topology).find(hostname) or (None, None)
    assert site is not None and device is not None and site.lan is not None
    lan = site.lan
    port = children(text, f"interface {lan.interface}")
    assert ("undo portswitch" in port) is switched(device, lan.interface)
    holder = port if lan.vlan is None else children(text, f"interface {lan.interface_name}")
    assert f"ip address {mask(lan.address)}" in holder
    if lan.vlan is not None:
        assert holder[-2:] == [f"ip address {mask(lan.address)}", "arp broadcast enable"]
        assert f"dot1q termination vid {lan.vlan}" in holder
    routes = [line for line in text.splitlines() if line.startswith("ip route-static")]
    for prefix in index_of(topology).lan_prefixes(site):
        via_lan = f"ip route-static {mask_net(prefix)} {lan.next_hop}"
        if prefix.subnet_of(lan.address.network):
            assert not [r for r in routes if r.startswith(f"ip route-static {mask_net(prefix)} ")]
        else:
            assert via_lan in routes, (hostname, prefix)


def test_a_l3_port_of_the_ar6280_gets_no_undo_portswitch() -> None:
    text = config_of(*REPRESENTATIVE)
    assert children(text, "interface GigabitEthernet0/0/3") == [
        "description LAN to the campus core"
    ]
    assert children(text, "interface GigabitEthernet0/0/3.100") == [
        "description LAN to the campus core",
        "dot1q termination vid 100",
        "ip address 10.20.127.253 255.255.255.252",
        "arp broadcast enable",
    ]
    assert "ip route-static 10.20.0.0 255.255.128.0 10.20.127.254" in text.splitlines()


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_management_plane_follows_the_model(name: str, hostname: str) -> None:
    topology = example(name)
    plane = topology.management
    text = config_of(name, hostname)
    lines = text.splitlines()
    assert "stelnet server enable" in lines
    assert not any(line == "telnet server enable" for line in lines)
    for server in plane.ntp_servers:
        assert f"ntp-service unicast-server {server} source-interface GigabitEthernet0/0/0" in lines
    for server in plane.syslog_servers:
        assert f"info-center loghost {server}" in lines
    aaa = children(text, "aaa")
    for user in plane.local_users:
        assert (
            f"local-user {user.name} password irreversible-cipher <<secret:{user.secret}>>" in aaa
        )
        assert f"local-user {user.name} privilege level {user.privilege}" in aaa
        assert f"local-user {user.name} service-type ssh" in aaa
    assert plane.snmp is not None
    assert (
        f"snmp-agent usm-user v3 {plane.snmp.user} authentication-mode sha2-256 cipher "
        f"<<secret:{plane.snmp.auth_secret}>>"
    ) in lines
    assert "snmp-agent sys-info version v3" in lines
    # SNMP, like the vty lines, answers only the management ranges of ACL 2000
    assert (
        f"snmp-agent group v3 {plane.snmp.group} privacy read-view iso-view "
        "notify-view iso-view acl 2000"
    ) in lines
    assert "lldp enable" in lines
    assert lines[-1] == "return"


def test_dicom_and_video_get_priority_on_the_uplinks() -> None:
    text = config_of(*REPRESENTATIVE)
    assert children(text, "traffic behavior medinfra-ef") == [
        "remark dscp ef",
        "queue ef bandwidth pct 20",
    ]
    assert children(text, "traffic behavior medinfra-af41") == [
        "remark dscp af41",
        "queue af bandwidth pct 30",
    ]
    # DICOM (pacs: 104, 11112) is matched into AF41, video (udp 5004-5005) into EF
    assert "rule 5 permit tcp destination-port eq 104" in children(text, "acl number 3003")
    assert "rule 15 permit tcp destination-port eq 11112" in children(text, "acl number 3003")
    assert "rule 5 permit udp destination-port range 5004 5005" in children(text, "acl number 3001")
    policy = children(text, "traffic policy medinfra-wan")
    assert policy.index("classifier medinfra-ef behavior medinfra-ef precedence 5") < policy.index(
        "classifier medinfra-af41 behavior medinfra-af41 precedence 15"
    )
    behaviours = [line for line in text.splitlines() if line.startswith(" queue ")]
    assert sum(int(line.rsplit(" ", 1)[1]) for line in behaviours) <= 100


def test_a_single_line_clinic_is_the_gateway_of_its_lan_and_routes_its_tenant_over_one_line() -> (
    None
):
    name = "longgang-regional-imaging"
    text = config_of(name, "LG-C004-CPE-01")
    # AR651: GE0/0/3 is a layer-2 LAN port, switched to layer 3; the clinic's /24 is on it
    assert children(text, "interface GigabitEthernet0/0/3") == [
        "undo portswitch",
        "description LAN of the site",
        "ip address 10.101.0.1 255.255.255.0",
    ]
    routes = [line for line in text.splitlines() if line.startswith("ip route-static")]
    session = "ge0-0-1-2003"
    assert routes == [
        f"ip route-static 10.100.0.0 255.255.0.0 10.2.0.14 track bfd-session {session}",
        f"ip route-static 10.101.0.0 255.255.0.0 10.2.0.14 track bfd-session {session}",
        f"ip route-static 10.110.1.0 255.255.255.0 10.2.0.14 track bfd-session {session}",
        f"ip route-static 10.110.2.0 255.255.255.0 10.2.0.14 track bfd-session {session}",
        f"ip route-static 10.110.3.0 255.255.255.0 10.2.0.14 track bfd-session {session}",
        f"ip route-static 10.254.0.0 255.255.0.0 10.2.0.14 track bfd-session {session}",
    ]
