"""The one device role: driven by the host's platform, the former per-role variables still apply."""

import pytest

from tests.ansible.playbook import run_site
from tests.push.labkit import LAB_PASSWORD, example_lab

pytestmark = [pytest.mark.lab, pytest.mark.ansible, pytest.mark.slow]

HENAN = "henan-provincial-hospital"


def test_role_variables_old_and_new_reach_the_right_devices(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.83.11") as (topology, _lab):
        # cpe_password (the former role cpe's variable) applies to the CPE routers only
        wrong = run_site(
            topology, state, tmp_path, "--limit", "medinfra_devices", "--check",
            "-e", "cpe_username=medinfra", "-e", "cpe_password=not-the-password",
        )  # fmt: skip
        assert wrong.returncode != 0
        recap, failures = wrong.recap(), wrong.failures()
        assert {host for host, c in recap.items() if c["failed"]} == {"HPPH-CPE-01", "XC-CPE-01"}
        assert "authentication failed" in str(failures["XC-CPE-01"]["msg"])
        assert recap["ZZ-DC-PE-01"]["failed"] == 0
        # device_* applies to every platform; a role variable still wins for its role
        right = run_site(
            topology, state, tmp_path, "--limit", "medinfra_devices", "--check",
            "-e", "device_username=medinfra", "-e", f"device_password={LAB_PASSWORD}",
            "-e", "dc_edge_password=not-the-password",
        )  # fmt: skip
        failed = {host for host, c in right.recap().items() if c["failed"]}
        assert failed == {"ZZ-DC-PE-01", "ZZ-DC-PE-02"}, right.output
        assert LAB_PASSWORD not in right.output
