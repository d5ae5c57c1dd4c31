"""``medinfra adopt``: ONTs an OLT holds and the model lacks go into the site file, and the next
push has nothing to do for them; what cannot be adopted is said, conflicts exit 1."""

import difflib
import shutil

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.lab import run_lab
from medinfra.load import load_topology
from medinfra.model import Platform
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.push.plan import plan_push
from medinfra.push.results import Outcome
from medinfra.render import render_device
from tests.conftest import INVENTORY
from tests.push.labkit import free_port, push_all, push_env

CAMPUS = "union-shenzhen-campus"
OLT = "UNION-OLT-01"
ADOPTABLE = (
    'ont add 1 4 sn-auth "48575443C0FFEE01" omci ont-lineprofile-id 10 ont-srvprofile-id 10'
    ' desc "Inpatient A-F6-Ward 6-01"'
)
NOT_ADOPTABLE = {
    "0/1/2 0": 'ont add 2 0 sn-auth "48575443B7E01C42" omci ont-lineprofile-id 10'
    ' ont-srvprofile-id 10 desc "Inpatient B-F1-Lobby"',
    "0/1/0 7": 'ont add 0 7 sn-auth "48575443B7E01C43" omci ont-lineprofile-id 30'
    ' ont-srvprofile-id 30 desc "Inpatient A-F1-CCTV"',
    "0/1/0 8": 'ont add 0 8 sn-auth "48575443B7E01C44" omci ont-lineprofile-id 10'
    ' ont-srvprofile-id 10 desc "lobby"',
}
NATIVE_VLANS = [
    f"ont port native-vlan 1 4 eth {n + 1} vlan {vlan} priority 0"
    for n, vlan in enumerate((120, 130, 140))
]
SERVICE_PORTS = [
    f" service-port {27 + n} vlan {vlan} gpon 0/1/1 ont 4 gemport {n + 1} multi-service"
    f" user-vlan {vlan} tag-transform translate"
    for n, vlan in enumerate((120, 130, 140))
]


@pytest.fixture
def campus(tmp_path):
    copy = tmp_path / CAMPUS
    shutil.copytree(INVENTORY / CAMPUS, copy)
    return copy


EXTRA_ONTS = (ADOPTABLE, *NOT_ADOPTABLE.values())


def _running(topology_dir, *, onts=EXTRA_ONTS):
    """The OLT as the model renders it, plus ONTs (and service-ports) the model lacks."""
    rendered = render_device(load_topology(topology_dir).topology, OLT)
    ont_lines = "".join(f"  {line}\n" for line in onts)
    if ADOPTABLE in onts:  # a real device has the native VLAN of each translated port
        ont_lines += "".join(f"  {line}\n" for line in NATIVE_VLANS)
    rendered = rendered.replace(" quit\n#\n[bbs-config]", f"{ont_lines} quit\n#\n[bbs-config]")
    return rendered.replace("#\nreturn", "\n".join(SERVICE_PORTS) + "\n#\nreturn")


def test_adopt_writes_the_ont_keeps_the_file_and_push_has_nothing_to_do(campus, tmp_path):
    site = campus / "sites" / "union-main.yaml"
    before = site.read_text()
    running = tmp_path / "running.cfg"
    running.write_text(_running(campus))
    checked = CliRunner().invoke(
        app, ["adopt", str(campus), "--device", OLT, "--from", str(running), "--check"]
    )
    assert checked.exit_code == 0, checked.output
    assert "would change (1 ONT(s)); --check" in checked.output and site.read_text() == before
    result = CliRunner().invoke(
        app, ["adopt", str(campus), "--device", OLT, "--from", str(running)]
    )
    assert result.exit_code == 0, result.output
    assert "adopted: ONT 0/1/1 4 (48575443C0FFEE01)" in result.output
    assert "union-main.yaml: changed (1 ONT(s) adopted)" in result.output
    assert "not adopted: ONT 0/1/2 0 (48575443B7E01C42): PON port 0/1/2 is not in the model" in (
        result.output
    )
    assert "not adopted: ONT 0/1/0 7 (48575443B7E01C43): profiles 30/30 are no service bundle" in (
        result.output
    )
    assert 'description "lobby" does not read BUILDING-F<floor>-ROOM' in result.output
    after = site.read_text()
    changes = [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith(("+ ", "- "))
    ]
    assert changes == [  # only additions: every other byte of the file is kept
        "+         - id: 4",
        "+           serial: 48575443C0FFEE01",
        "+           location: {building: Inpatient A, floor: 6, room: Ward 6-01}",
        "+           services: [his, medical-devices, wifi]",
    ]
    adopted = load_topology(campus).topology
    device = next(d for _, d in adopted.all_devices() if d.hostname == OLT)
    plan = safe_remediation(
        Platform.HUAWEI_SMARTAX,
        running.read_text(),
        render_device(adopted, OLT),
        ScopeContext(device.managed, "meth0"),
    )
    assert plan.empty and plan.refusal() is None, plan.remediation.commands
    again = CliRunner().invoke(app, ["adopt", str(campus), "--device", OLT, "--from", str(running)])
    assert again.exit_code == 0 and "nothing to adopt" in again.output


def test_an_ont_id_with_another_serial_is_a_conflict_and_changes_nothing(campus, tmp_path):
    site = campus / "sites" / "union-main.yaml"
    before = site.read_text()
    text = _running(campus, onts=())
    text = text.replace(
        'ont add 0 0 sn-auth "48575443A4C123B1"', 'ont add 0 0 sn-auth "48575443DEADBEEF"'
    )
    running = tmp_path / "running.cfg"
    running.write_text(text)
    result = CliRunner().invoke(
        app, ["adopt", str(campus), "--device", OLT, "--from", str(running)]
    )
    assert result.exit_code == 1
    assert "conflict: ONT 0/1/0 0 (48575443DEADBEEF): the model has serial 48575443A4C123B1" in (
        result.output
    )
    assert site.read_text() == before


@pytest.mark.lab
@pytest.mark.slow
def test_adopt_from_the_lab_then_push_check_is_empty(campus, tmp_path, monkeypatch):
    topology = load_topology(campus).topology
    start = tmp_path / "olt.cfg"
    start.write_text(_running(campus))
    state = tmp_path / "lab"
    for name, value in push_env(topology).items():
        if name.startswith("MEDINFRA_"):
            monkeypatch.setenv(name, value)
    with run_lab(
        topology, state, base_address="127.0.88.40", port=free_port(), configs={OLT: start}
    ) as lab:
        before = lab.running_config(OLT)
        adopted = CliRunner().invoke(
            app, ["adopt", str(campus), "--device", OLT, "--lab", str(state), "--timeout", "5"]
        )
        assert adopted.exit_code == 0, adopted.output
        assert "adopted: ONT 0/1/1 4 (48575443C0FFEE01)" in adopted.output
        plan = plan_push(campus, hostnames=[OLT], lab_state=state, timeout=5.0)
        check = push_all(plan, load_topology(campus).topology, tmp_path, check=True)[OLT]
        assert check.outcome is Outcome.UNCHANGED, (check.diff, check.error)
        assert any("ont add 2 0" in line for line in check.unmanaged)  # not adoptable: kept
        assert lab.running_config(OLT) == before
