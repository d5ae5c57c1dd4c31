"""The work behind the Ansible module, called in-process against the lab (no ansible-playbook)."""

import pytest

from medinfra.push.ansible_task import run_task
from tests.conftest import INVENTORY
from tests.push.labkit import LAB_PASSWORD, LAB_USER, example_lab, push_env

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HENAN = "henan-provincial-hospital"


def params(state, tmp_path, **extra):
    return {
        "topology": str(INVENTORY / HENAN),
        "hostname": "ZZ-DC-PE-01",
        "lab_state": str(state),
        "lock_dir": str(tmp_path / "locks"),
        "audit_log": str(tmp_path / "audit.jsonl"),
        "timeout": 5,
        "save": True,
        **extra,
    }


def test_vault_style_login_identity_check_push_diff_and_verify(tmp_path, monkeypatch):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.69.1") as (topology, _lab):
        for name, value in push_env(topology).items():
            if name.startswith("MEDINFRA_SECRET_"):
                monkeypatch.setenv(name, value)
        monkeypatch.delenv("MEDINFRA_USERNAME", raising=False)
        monkeypatch.delenv("MEDINFRA_PASSWORD", raising=False)
        login = {"username": LAB_USER, "password": LAB_PASSWORD}
        identity = run_task(
            params(state, tmp_path, operation="identity", **login),
            check_mode=False,
            want_diff=False,
        )
        assert identity == {
            "changed": False,
            "failed": False,
            "sysname": "ZZ-DC-PE-01",
            "remediation": [],
        }
        check = run_task(params(state, tmp_path, **login), check_mode=True, want_diff=True)
        assert check["changed"] and not check["failed"] and check["commit_id"] is None
        assert "bfd" in check["diff"]["prepared"]
        unverified = run_task(
            params(state, tmp_path, operation="verify", **login), check_mode=False, want_diff=False
        )
        assert unverified["failed"] and "does not hold the intended lines" in unverified["msg"]
        pushed = run_task(params(state, tmp_path, **login), check_mode=False, want_diff=False)
        assert pushed["changed"] and pushed["outcome"] == "changed" and pushed["commit_id"]
        assert "diff" not in pushed
        verified = run_task(
            params(state, tmp_path, operation="verify", **login), check_mode=False, want_diff=False
        )
        assert not verified["failed"] and verified["remediation"] == []
        wrong = run_task(
            params(state, tmp_path, username=LAB_USER, password="wrong"),
            check_mode=True,
            want_diff=False,
        )
        assert wrong["failed"] and "authentication failed" in wrong["msg"]
