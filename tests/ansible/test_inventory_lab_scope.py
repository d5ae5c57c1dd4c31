"""With a lab override, the inventory reaches nothing but the lab (loopback addresses)."""

from ipaddress import ip_address
from pathlib import Path

from tests.ansible.test_inventory import inventory


def test_a_lab_rehearsal_never_targets_a_real_address(tmp_path: Path) -> None:
    (tmp_path / "override.yaml").write_text(
        "topology: henan-provincial-hospital\nknown_hosts: known_hosts\ndevices:\n"
        "  HPPH-CPE-01: {address: 127.0.10.1, port: 2222, platform: huawei_vrp}\n"
        "  XC-CPE-01: {address: 127.0.10.2, port: 2222, platform: huawei_vrp}\n",
        encoding="utf-8",
    )
    listing = inventory("henan-provincial-hospital", MEDINFRA_LAB_STATE=str(tmp_path))
    hostvars = listing["_meta"]["hostvars"]
    # the example has an imaging gateway; the lab does not simulate Linux hosts
    assert "HPPH-DICOM-GW-01" not in hostvars
    assert not listing.get("imaging_gateways", {}).get("hosts")
    assert sorted(hostvars) == ["HPPH-CPE-01", "XC-CPE-01"]
    for host in hostvars.values():
        assert ip_address(host["ansible_host"]).is_loopback
