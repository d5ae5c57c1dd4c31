"""The SmartAX (MA5800) OLT template: profiles, VLANs, one `ont add` per ONT with its bundle's
profiles, a service-port per ONT service, laid out as the OLT's configuration dump."""

import re

import pytest

from medinfra.model import Olt, Topology
from medinfra.render.filters import dba_kbps
from tests.conftest import EXAMPLES
from tests.render.conftest import config_of, example, rendered

CASES = [
    (name, config.hostname)
    for name in EXAMPLES
    for config in rendered(name)
    if config.platform == "huawei_smartax"
]


def olt_of(topology: Topology, hostname: str) -> Olt:
    for site in topology.sites:
        for olt in site.campus.olts if site.campus else ():
            if olt.device == hostname:
                return olt
    raise AssertionError(hostname)


def line_profiles(text: str) -> dict[int, list[str]]:
    """Line profile id -> its body lines."""
    profiles: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        match = re.match(r" ont-lineprofile gpon profile-id (\d+) ", line)
        if match:
            current = profiles.setdefault(int(match.group(1)), [])
        elif line == " quit":
            current = None
        elif current is not None:
            current.append(line.strip())
    return profiles


def test_there_is_an_olt_to_test() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_every_ont_is_added_with_its_bundle_profiles(name: str, hostname: str) -> None:
    topology = example(name)
    services = {service.id: service for service in topology.services}
    text = config_of(name, hostname)
    profiles = line_profiles(text)
    olt = olt_of(topology, hostname)
    adds = [line for line in text.splitlines() if line.startswith("  ont add ")]
    onts = [
        (port, ont)
        for port in olt.pon_ports
        for splitter in port.splitters
        for ont in splitter.onts
    ]
    assert len(adds) == len(onts)
    for port, ont in onts:
        frame_slot, _, number = port.port.rpartition("/")
        pattern = (
            rf'  ont add {number} {ont.id} sn-auth "{ont.serial}" omci '
            r'ont-lineprofile-id (\d+) ont-srvprofile-id \1 desc "([^"]*)"$'
        )
        found = [re.match(pattern, line) for line in adds]
        match = next(m for m in found if m)
        location = ont.location
        assert match.group(2) == f"{location.building}-F{location.floor}-{location.room}"[:64]
        body = profiles[int(match.group(1))]
        mapped = sorted(int(line.split()[-1]) for line in body if line.startswith("gem mapping"))
        assert mapped == sorted(services[s].vlan for s in set(ont.services))
        for position, service_id in enumerate(sorted(set(ont.services)), start=1):
            vlan = services[service_id].vlan
            expected = (
                f" service-port \\d+ vlan {vlan} gpon {port.port} ont {ont.id} gemport "
                f"{position} multi-service user-vlan {vlan} tag-transform translate"
            )
            assert re.search(f"^{expected}$", text, re.MULTILINE), expected
        assert f" interface gpon {frame_slot}" in text.splitlines()


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_service_ports_are_numbered_once_and_match_ont_services(name: str, hostname: str) -> None:
    olt = olt_of(example(name), hostname)
    text = config_of(name, hostname)
    ports = re.findall(r"^ service-port (\d+) ", text, re.MULTILINE)
    wanted = sum(
        len(set(ont.services))
        for port in olt.pon_ports
        for splitter in port.splitters
        for ont in splitter.onts
    )
    assert [int(p) for p in ports] == list(range(wanted))


@pytest.mark.parametrize(("name", "hostname"), CASES)
def test_vlans_dba_profiles_and_uplink_membership(name: str, hostname: str) -> None:
    topology = example(name)
    olt = olt_of(topology, hostname)
    text = config_of(name, hostname)
    lines = text.splitlines()
    used = {
        service
        for port in olt.pon_ports
        for splitter in port.splitters
        for ont in splitter.onts
        for service in ont.services
    }
    frame_slot, _, number = olt.uplink_port.rpartition("/")
    for service in topology.services:
        if service.id not in used:
            assert f" vlan {service.vlan} smart" not in lines
            continue
        assert f" vlan {service.vlan} smart" in lines
        assert f" port vlan {service.vlan} {frame_slot} {number}" in lines
        profile = service.pon_profile
        assert profile is not None
        values = {"fix": profile.fixed, "assure": profile.assured, "max": profile.maximum}
        fields = " ".join(
            f"{key} {dba_kbps(value)}" for key, value in values.items() if value is not None
        )
        assert re.search(
            rf'^ dba-profile add profile-id \d+ profile-name "dba_\d+" type{profile.dba_type} {fields}$',
            text,
            re.MULTILINE,
        ), (service.id, fields)
    for port in olt.pon_ports:
        autofind = f"  port {port.port.rpartition('/')[2]} ont-auto-find enable"
        assert (autofind in lines) == port.ont_autofind


def test_the_representative_olt_has_the_dump_layout() -> None:
    text = config_of("union-shenzhen-campus", "UNION-OLT-02")
    headers = [line for line in text.splitlines() if line.startswith("[")]
    assert headers == [
        "[global-config]",
        "[gpon-profile]",
        "[vlan-config]",
        "[interface]",
        "[source-interface]",
        "[gpon]",
        "[bbs-config]",
    ]
    assert text.endswith("#\nreturn\n")
    assert " loghost add 10.250.0.20 syslog1" in text
    lines = text.splitlines()
    # alarms and events go to the log hosts too, once they are added and activated
    assert lines.index(" syslog enable alarm-event") == (
        lines.index(" loghost activate ip 10.250.0.20") + 1
    )
    assert " ssh server enable" in text
    assert " ntp-service unicast-server 10.250.0.10" in text
    assert (
        " snmp-agent usm-user v3 nms-monitor privacy-mode aes256 cipher <<secret:union/snmp-priv>>"
        in text
    )
    assert " sysman service telnet disable" in text
    # SSH and SNMP answer from the management port (the real dump's [source-interface])
    source = lines.index("[source-interface]")
    assert lines[source + 1 : source + 4] == [
        "  <source-interface>",
        " sysman server source ssh meth 0",
        " sysman server source snmp meth 0",
    ]
    assert " snmp-agent mib-view included iso-view iso" in text
    assert (
        " snmp-agent group v3 medinfra-ro privacy read-view iso-view notify-view iso-view" in text
    )


@pytest.mark.parametrize("hostname", ["UNION-OLT-01", "UNION-OLT-02"])
def test_pon_traffic_is_encrypted_and_ward_ports_untagged(hostname: str) -> None:
    topology = example("union-shenzhen-campus")
    text = config_of("union-shenzhen-campus", hostname)
    lines = text.splitlines()
    profiles = [n for n, line in enumerate(lines) if line.startswith(" ont-lineprofile ")]
    assert profiles
    for start in profiles:
        assert lines[start + 1] == "  omcc encrypt on"
    gems = [line for line in lines if line.startswith("  gem add ")]
    assert gems and all(line.endswith(" encrypt on") for line in gems)
    services = {service.id: service for service in topology.services}
    olt = next(
        olt
        for site in topology.sites
        if site.campus
        for olt in site.campus.olts
        if olt.device == hostname
    )
    for port in olt.pon_ports:
        number = port.port.rpartition("/")[2]
        for splitter in port.splitters:
            for ont in splitter.onts:
                for eth, service_id in enumerate(sorted(set(ont.services)), start=1):
                    vlan = services[service_id].vlan
                    native = (
                        f"  ont port native-vlan {number} {ont.id} eth {eth} vlan {vlan} priority 0"
                    )
                    assert native in lines, native
    for service_id in {
        s for p in olt.pon_ports for sp in p.splitters for o in sp.onts for s in o.services
    }:
        vlan = services[service_id].vlan
        assert f' vlan desc {vlan} description "{service_id}"' in lines
