"""Real device shapes, table-driven, through the real path (lab over SSH, netmiko, the push).

The fixtures (``tests/fixtures/brownfield/variants/*-real.cfg``) are written for medinfra in
the layouts public dumps of production devices show (``docs/lab.md``, provenance), ciphers
made up with the same characters (quotes, backslashes, ``$``, ``%``, ``|``, ``;``, ``<>``):

- NE40E V800R011: ``security password`` / `` #`` / `` rule admin``, a ``bas`` view after a
  `` #``, other administrators with ``state block``, RADIUS, a ``bgp`` with a peer, its
  ``ipv4-family`` and a vpn-instance family, ACL 3000 with a traffic policy, quoted
  descriptions, ``ospf`` with ``network ... description A <> B``, ``ssh user`` of others,
  ``user-interface maximum-vty``, a console ``set authentication password cipher``;
- MA5800 V100R022: ``[Active: ...]``/``[Patch Info: ...]`` banners, ``timezone``,
  ``[pre-config]`` ``board add``, ``[sysmode]``, ``ont wan-profile``, ``[mpu]``,
  ``[emu-config]`` with a double space, ``[pki-config]``, ``[ip-tunnel-profile]``, ``set
  neid``, ``[aaa]``, ``undo dcn``, an SNMP community cipher holding a quote, a terminal user;
- AR V300R019/V200R003: ``undo stelnet server enable``, ``vlan batch``, an administrator
  the model also names (other level and service type), ``undo portswitch`` and ``shutdown``
  on the model's uplink, an access port and its Vlanif, an SNMP v2c community,
  ``protocol inbound all``; and the shared AR fixture with the trailing spaces V200R003 prints.

A check proposes, a push changes only lines whose key the model states (every other line
byte-identical, in its place), administrators, BGP, ACLs and other objects stay, the device
stays reachable and a second push changes nothing.
"""

from pathlib import Path

import pytest

from tests.fixtures.brownfield import FIXTURES, HERE, TOPOLOGY
from tests.push.labkit import assert_push_keeps_what_the_model_does_not_state

pytestmark = [pytest.mark.lab, pytest.mark.slow]

VARIANTS = HERE / "variants"

KEPT = {
    "NS-DC-PE-01": [
        " local-user noc state block fail-times 3 interval 5",
        " local-user support level 1",
        " peer 10.0.99.2 as-number 64513",
        "  peer 10.0.99.2 route-policy CORE-IN import",
        " rule 10 permit ip source 100.64.0.0 0.63.255.255 destination 10.0.0.0 0.255.255.255",
        "  network 10.0.99.0 0.0.0.3 description PE01 <> DC-CORE",
        ' description "LAG7 member P12"',
        "  forbidden word changeme_123",
        "  access-type layer2-subscriber",
        "ssh user support service-type stelnet",
        " ip binding vpn-instance __LOCAL_OAM_VPN__",
        "ip route-static vpn-instance __LOCAL_OAM_VPN__ 0.0.0.0 0.0.0.0 10.250.1.254",
    ],
    "UNION-OLT-01": [
        " board add 0/1 H903GPSF",
        ' emu add 0 fan 0 1  "H902FMSA"',
        "pki switch preset-certificate chain link",
        ' ont add 2 0 sn-auth "48575443B7E01C42" omci ont-lineprofile-id 30 ont-srvprofile-id 30'
        ' desc "cctv lobby"',
        " service-port 100 vlan 200 gpon 0/1/2 ont 0 gemport 1 multi-service user-vlan 200"
        " tag-transform translate",
        " sysman server source ssh meth 0",
        "ip route-static 0.0.0.0 0.0.0.0 10.250.20.254",
    ],
    "UNION-CPE-01": [
        " local-user opsadmin privilege level 15",
        "vlan batch 10 20",
        " port default vlan 10",
        " undo portswitch",
        " shutdown",  # the operator's: the model does not bring a shut port up behind them
        " ip address 10.250.10.1 255.255.255.0",
        " ssh server permit interface GigabitEthernet0/0/0",
    ],
}
"""Lines of each variant no push may touch (administrators, BGP, ACLs, management)."""


def _trailing_spaces(tmp_path: Path) -> Path:
    """The shared AR fixture as a V200R003 prints it: a trailing space on configuration lines."""
    _, source = FIXTURES["UNION-CPE-01"]
    lines = source.read_text().splitlines()
    spaced = [line if line[:1] in ("#", "[", "r") else f"{line} " for line in lines]
    path = tmp_path / "UNION-CPE-01-trailing.cfg"
    path.write_text("\n".join(spaced) + "\n")
    return path


def _configs(name: str, tmp_path: Path) -> dict[str, Path]:
    if name == "trailing-spaces":
        return {"UNION-CPE-01": _trailing_spaces(tmp_path)}
    return {host: VARIANTS / f"{host}-real.cfg" for host in KEPT}


@pytest.mark.parametrize("name", ["real-shapes", "trailing-spaces"])
def test_a_push_onto_real_shapes_changes_only_model_owned_lines(name, tmp_path):
    # the device's ``undo X`` goes where the model states ``X`` (stelnet server enable)
    assert_push_keeps_what_the_model_does_not_state(
        TOPOLOGY,
        _configs(name, tmp_path),
        "127.0.215.40" if name == "real-shapes" else "127.0.215.60",
        tmp_path,
        kept=KEPT if name == "real-shapes" else None,
        undo_of_stated=True,
    )
