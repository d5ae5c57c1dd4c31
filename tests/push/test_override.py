"""The lab override file: read, relative known_hosts, clear errors."""

from ipaddress import IPv4Address

import pytest

from medinfra.errors import UsageError
from medinfra.push.override import read_override


def test_override_is_read_with_devices_and_known_hosts(tmp_path):
    (tmp_path / "override.yaml").write_text(
        "topology: henan\nknown_hosts: known_hosts\ndevices:\n"
        "  HPPH-CPE-01: {address: 127.0.10.1, port: 2222, platform: huawei_vrp}\n",
        encoding="utf-8",
    )
    override = read_override(tmp_path)
    assert override.known_hosts == tmp_path / "known_hosts"
    assert override.devices["HPPH-CPE-01"].address == IPv4Address("127.0.10.1")
    assert override.devices["HPPH-CPE-01"].port == 2222


def test_missing_override_tells_how_to_start_the_lab(tmp_path):
    with pytest.raises(UsageError, match="medinfra lab up"):
        read_override(tmp_path)


def test_invalid_override_names_the_field(tmp_path):
    (tmp_path / "override.yaml").write_text(
        "known_hosts: /k\ndevices:\n  A: {address: not-an-ip}\n", encoding="utf-8"
    )
    with pytest.raises(UsageError, match=r"devices\.A\.address"):
        read_override(tmp_path)
