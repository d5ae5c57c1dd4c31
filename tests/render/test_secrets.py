"""No secret value reaches a rendered file: only ``<<secret:REF>>`` placeholders do."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.model import Topology
from medinfra.push.credentials import PASSWORD_ENV, USERNAME_ENV, secret_env_name
from tests.conftest import EXAMPLES, INVENTORY
from tests.render.conftest import example

CANARY = "Canary-7f3a9c"


def secret_refs(topology: Topology) -> set[str]:
    plane = topology.management
    refs = {user.secret for user in plane.local_users}
    if plane.snmp is not None:
        refs |= {plane.snmp.auth_secret, plane.snmp.priv_secret}
    refs |= {device.credentials for _, device in topology.all_devices()}
    return refs


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_secret_value_reaches_any_rendered_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    topology = example(name)
    refs = secret_refs(topology)
    canaries = {ref: f"{CANARY}-{number}" for number, ref in enumerate(sorted(refs))}
    for ref, value in canaries.items():
        monkeypatch.setenv(secret_env_name(ref), value)
    monkeypatch.setenv(USERNAME_ENV, f"{CANARY}-user")
    monkeypatch.setenv(PASSWORD_ENV, f"{CANARY}-password")
    result = CliRunner().invoke(app, ["render", str(INVENTORY / name), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = list(tmp_path.rglob("*.cfg"))
    assert len(files) == sum(1 for _ in topology.all_devices())
    placeholders: set[str] = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert CANARY not in text, f"a secret value leaked into {path}"
        placeholders |= set(re.findall(r"<<secret:([^>]+)>>", text))
    plane = topology.management
    expected = {user.secret for user in plane.local_users}
    if plane.snmp is not None:
        expected |= {plane.snmp.auth_secret, plane.snmp.priv_secret}
    assert placeholders == expected
