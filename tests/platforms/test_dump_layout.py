"""Dump layouts: real device dumps and rendered configs read into the same tree."""

import pytest

from medinfra.model import Platform
from medinfra.platforms.huawei_smartax import normalise as normalise_smartax
from medinfra.platforms.huawei_smartax import parse_dump as parse_smartax
from medinfra.platforms.huawei_vrp import normalise as normalise_vrp
from medinfra.platforms.huawei_vrp import parse_dump as parse_vrp
from medinfra.platforms.layout import Block, tree_lines
from medinfra.push.remediation import normalise, parse, remediation
from tests.fixtures.brownfield import FIXTURES


def rendered_vrp(blocks: list[Block]) -> str:
    """The layout medinfra's VRP templates print: flush-left globals, ``#`` around each block."""
    out: list[str] = []
    for block in blocks:
        out.extend(["#", *tree_lines([block])])
    return "\n".join([*out, "#", "return"]) + "\n"


def rendered_smartax(blocks: list[Block]) -> str:
    """The renderer's SmartAX layout: one marker per section, bodies deeper, views closed by quit."""
    out: list[str] = []
    section = None
    for block in blocks:
        if block.section != section:
            section = block.section
            out.extend(["#", f"[{section}]", f"  <{section}>"])
        out.append(" " + block.text)
        out.extend("  " + line for line in tree_lines(block.children))
        if block.children:
            out.append(" quit")
    return "\n".join([*out, "#", "return"]) + "\n"


def rendered(platform: Platform, text: str) -> str:
    if platform is Platform.HUAWEI_SMARTAX:
        return rendered_smartax(parse_smartax(text).blocks)
    return rendered_vrp(parse_vrp(text).blocks)


@pytest.mark.parametrize("hostname", sorted(FIXTURES))
def test_real_and_rendered_layouts_give_the_same_tree(hostname: str) -> None:
    platform, path = FIXTURES[hostname]
    real = path.read_text(encoding="utf-8")
    template_like = rendered(platform, real)
    assert template_like != real
    assert normalise(platform, real) == normalise(platform, template_like)
    assert parse(platform, real).dump_simple() == parse(platform, template_like).dump_simple()
    assert remediation(platform, real, template_like, restore=True).empty
    assert remediation(platform, template_like, real, restore=True).empty


def test_ar_leading_space_globals_are_not_children_of_the_view_above() -> None:
    _, path = FIXTURES["UNION-CPE-01"]
    tree = normalise_vrp(path.read_text(encoding="utf-8")).splitlines()
    for line in (
        "sysname UNION-CPE-01",
        "snmp-agent local-engineid 800007DB03E4A8C1905B7D",
        "ssh server permit interface GigabitEthernet0/0/0",
        "http secure-server enable",
        "ntp-service server disable",
    ):
        assert line in tree, line
    ospf = tree.index("ospf 1 router-id 10.255.10.1")
    assert tree[ospf + 1 : ospf + 3] == [
        " area 0.0.0.0",
        "snmp-agent local-engineid 800007DB03E4A8C1905B7D",
    ]
    assert not any(line.startswith(("[V300", "#", "return")) for line in tree)


def test_ar_aaa_keeps_nested_schemes_and_defaults() -> None:
    _, path = FIXTURES["UNION-CPE-01"]
    tree = normalise_vrp(path.read_text(encoding="utf-8")).splitlines()
    scheme = tree.index(" authentication-scheme radius")
    assert tree[scheme + 1] == "  authentication-mode radius"
    assert " domain default_admin" in tree and " undo local-user admin" in tree


def test_known_global_under_a_view_without_separator_is_global() -> None:
    text = "#\ninterface LoopBack0\n ip address 1.1.1.1 255.255.255.255\n sysname A\n#\nreturn\n"
    assert (
        normalise_vrp(text) == "interface LoopBack0\n ip address 1.1.1.1 255.255.255.255\nsysname A"
    )


def test_vrpv8_banner_lines_and_view_separators_are_not_configuration() -> None:
    _, path = FIXTURES["NS-DC-PE-01"]
    dump = parse_vrp(path.read_text(encoding="utf-8"))
    assert dump.preamble[0] == "!Software Version V800R011C10SPC100"
    tree = normalise_vrp(path.read_text(encoding="utf-8")).splitlines()
    ldp = tree.index("mpls ldp")
    assert tree[ldp + 1 : ldp + 3] == [" ipv4-family", "acl number 2000"]
    mgmt = tree.index("interface GigabitEthernet0/0/0")
    assert tree[mgmt + 1 : mgmt + 4] == [
        " undo shutdown",
        " ip binding vpn-instance __LOCAL_OAM_VPN__",
        " ip address 10.250.1.1 255.255.255.0",
    ]
    assert "#" not in {line.strip() for line in tree}


def test_smartax_gpon_body_without_quit_and_sections_not_nested() -> None:
    _, path = FIXTURES["UNION-OLT-01"]
    tree = normalise_smartax(path.read_text(encoding="utf-8")).splitlines()
    gpon = tree.index("interface gpon 0/1")
    body = tree[gpon + 1 : gpon + 7]
    assert all(line.startswith(" ") for line in body)
    assert body[-1] == " ont port native-vlan 2 1 eth 1 vlan 200 priority 0"
    assert tree[gpon + 7].startswith("service-port 100 ")
    meth = tree.index("interface MEth0")
    assert tree[meth + 1] == " ip address 10.250.20.1 255.255.255.0"
    assert "ip route-static 0.0.0.0 0.0.0.0 10.250.20.254" in tree
    assert "sysman server source ssh meth 0" in tree and "vlan 200 to 201 smart" in tree
    srv = tree.index('ont-srvprofile gpon profile-id 30 profile-name "SRV_CCTV"')
    assert tree[srv + 3].startswith("ont-lineprofile ")
    assert not {"commit", "quit"} & {line.strip() for line in tree}


def test_smartax_management_view_reads_alike_as_typed_and_as_printed() -> None:
    typed = "#\n[interface]\n  <interface>\n interface meth0\n  ip address 10.0.0.1 255.255.255.0\n quit\n#\nreturn\n"
    printed = "[MA5800V100R022: 5011]\n#\n[Interface]\n  <MEth0>\ninterface MEth0\n ip address 10.0.0.1 255.255.255.0\n#\nreturn\n"
    assert normalise_smartax(typed) == normalise_smartax(printed)
    assert remediation(Platform.HUAWEI_SMARTAX, printed, typed).empty


def test_smartax_boards_each_with_a_marker_and_a_view_with_separators() -> None:
    text = (
        "[MA5800V100R022: 5011]\n#\n[gpon]\n  <gpon-0/1>\n interface gpon 0/1\n"
        " port 0 ont-auto-find enable\n#\n  <gpon-0/2>\n interface gpon 0/2\n"
        " port 1 ont-auto-find enable\n#\n[aaa]\n  <aaa>\naaa\n #\n"
        ' authentication-scheme "default"\n #\n domain "default"\n#\nundo dcn\n#\nreturn\n'
    )
    assert normalise_smartax(text).splitlines() == [
        "interface gpon 0/1",
        " port 0 ont-auto-find enable",
        "interface gpon 0/2",
        " port 1 ont-auto-find enable",
        "aaa",
        ' authentication-scheme "default"',
        ' domain "default"',
        "undo dcn",
    ]
