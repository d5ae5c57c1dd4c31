"""What a gateway looks like after the role ran, checked with pytest-testinfra.

Every expectation comes from the host's inventory variables (the model), so the same tests
verify real gateways after a rollout (see the README, "Imaging edge gateways").
"""

import json
from typing import Any

import pytest

pytestmark = pytest.mark.hosts

SERVICES = ("orthanc", "chrony", "rsyslog", "ssh")


def variables(gateway: Any) -> dict[str, Any]:
    return dict(gateway.ansible.get_variables())


def test_packages_are_installed(gateway: Any) -> None:
    for name in ("orthanc", "nftables", "chrony", "rsyslog", "openssh-server", "libcap2-bin"):
        assert gateway.package(name).is_installed, name


def test_orthanc_listens_on_the_dicom_port(gateway: Any) -> None:
    port = variables(gateway)["imaging_gateway_dicom_port"]
    assert gateway.socket(f"tcp://0.0.0.0:{port}").is_listening
    orthanc = gateway.process.get(comm="Orthanc")
    assert orthanc.user == "orthanc"


def test_orthanc_knows_the_peers_and_the_archive(gateway: Any) -> None:
    hostvars = variables(gateway)
    raw = gateway.file("/etc/orthanc/orthanc.json").content_string
    config = json.loads("\n".join(line for line in raw.splitlines() if not line.startswith("//")))
    assert config["DicomAet"] == hostvars["imaging_gateway_ae_title"]
    assert config["DicomAlwaysAllowEcho"] is False
    assert config["DicomAlwaysAllowStore"] is False
    modalities = config["DicomModalities"]
    senders = {m["AET"] for m in modalities.values() if m["AllowStore"]}
    assert senders == {peer["ae_title"] for peer in hostvars["imaging_gateway_peers"]}
    archive = modalities[hostvars["imaging_gateway_archive"]["name"]]
    assert archive["AET"] == hostvars["imaging_gateway_archive"]["ae_title"]
    assert archive["Host"] == hostvars["imaging_gateway_archive"]["host"]
    assert archive["Port"] == hostvars["imaging_gateway_archive"]["port"]
    lua = gateway.file("/etc/orthanc/medinfra-forward.lua").content_string
    assert "function OnStoredInstance" in lua
    assert f"ARCHIVE = '{hostvars['imaging_gateway_archive']['name']}'" in lua


def input_rules(gateway: Any) -> list[dict[str, Any]]:
    listed = gateway.check_output("nft -j list chain inet medinfra_gateway input")
    return [item["rule"] for item in json.loads(listed)["nftables"] if "rule" in item]


def test_nftables_rules_are_in_order(gateway: Any) -> None:
    hostvars = variables(gateway)
    listed = json.loads(gateway.check_output("nft -j list chain inet medinfra_gateway input"))
    chain = next(item["chain"] for item in listed["nftables"] if "chain" in item)
    assert chain["policy"] == "drop"
    comments = [rule.get("comment", "") for rule in input_rules(gateway)]
    expected = [
        "loopback",
        "invalid",
        "replies",
        "icmp",
        *(f"ssh from management {n}" for n in hostvars["imaging_gateway_management_networks"]),
        *(f"dicom from {p['ae_title']}" for p in hostvars["imaging_gateway_peers"]),
        "default drop",
    ]
    assert comments == expected


def test_nftables_accepts_dicom_only_from_the_peers(gateway: Any) -> None:
    hostvars = variables(gateway)
    text = gateway.check_output("nft list chain inet medinfra_gateway input")
    port = hostvars["imaging_gateway_dicom_port"]
    for peer in hostvars["imaging_gateway_peers"]:
        assert f"ip saddr {peer['network']} tcp dport {port} accept" in text
    for network in hostvars["imaging_gateway_management_networks"]:
        assert f"ip saddr {network} tcp dport 22 accept" in text
    dicom = [line for line in text.splitlines() if f"dport {port} " in line]
    assert len(dicom) == len(hostvars["imaging_gateway_peers"])


def test_upload_toward_the_archive_is_limited(gateway: Any) -> None:
    hostvars = variables(gateway)
    text = gateway.check_output("nft list chain inet medinfra_gateway output")
    rate = hostvars["imaging_gateway_upload_limit_bytes"]
    port = hostvars["imaging_gateway_archive"]["port"]
    assert f"tcp dport {port} limit rate over" in text
    # nft prints the rate in its largest whole unit: compare in bytes.
    line = next(line for line in text.splitlines() if "limit rate over" in line)
    amount, unit = line.split("limit rate over ", 1)[1].split()[:2]
    factor = {"bytes/second": 1, "kbytes/second": 1024, "mbytes/second": 1024**2}[unit]
    assert int(amount) * factor == rate


def test_chrony_uses_the_topology_servers(gateway: Any) -> None:
    servers = variables(gateway)["imaging_gateway_ntp_servers"]
    config = gateway.file("/etc/chrony/chrony.conf").content_string
    assert [line.split()[1] for line in config.splitlines() if line.startswith("server ")] == [
        str(s) for s in servers
    ]
    assert "pool " not in config
    sources = gateway.check_output("chronyc -n sources")
    for server in servers:
        assert str(server) in sources


def test_rsyslog_forwards_to_the_audit_servers(gateway: Any) -> None:
    hostvars = variables(gateway)
    config = gateway.file("/etc/rsyslog.d/60-medinfra-forward.conf").content_string
    for server in hostvars["imaging_gateway_syslog_servers"]:
        assert f'target="{server}"' in config
    assert gateway.process.filter(comm="rsyslogd")


def test_sshd_is_hardened(gateway: Any) -> None:
    effective = gateway.check_output("sshd -T")
    settings = dict(line.split(" ", 1) for line in effective.splitlines() if " " in line)
    assert settings["passwordauthentication"] == "no"
    assert settings["kbdinteractiveauthentication"] == "no"
    # sshd -T prints prohibit-password under its older name.
    assert settings["permitrootlogin"] in {"prohibit-password", "without-password"}


def test_services_run(gateway: Any) -> None:
    for name in SERVICES:
        assert gateway.service(name).is_running, name
