"""Selecting devices, locating them, and the roll-out order."""

import pytest

from medinfra.errors import UsageError
from medinfra.load import load_topology
from medinfra.push.override import read_override
from medinfra.push.runner import build_jobs, endpoint_for, phases, select_devices
from tests.conftest import INVENTORY


@pytest.fixture(scope="module")
def campus():
    return load_topology(INVENTORY / "union-shenzhen-campus").topology


def test_phases_put_dc_edges_first_then_cpes_then_olts(campus):
    jobs = build_jobs(campus, select_devices(campus), lambda topology, host: host)
    roles = [[job.device.role.value for job in phase] for phase in phases(jobs)]
    assert [set(phase) for phase in roles] == [{"dc_edge"}, {"cpe"}, {"olt"}]
    assert sum(len(phase) for phase in roles) == len(list(campus.all_devices()))


def test_selection_by_site_and_device_and_unknown_names(campus):
    site = campus.sites[0]
    assert {d.hostname for _, d in select_devices(campus, sites=[site.id])} == {
        d.hostname for d in site.devices
    }
    one = site.devices[0].hostname
    assert [d.hostname for _, d in select_devices(campus, hostnames=[one])] == [one]
    with pytest.raises(UsageError, match="nowhere, NO-SUCH-HOST"):
        select_devices(campus, sites=["nowhere"], hostnames=["NO-SUCH-HOST"])


def test_endpoint_from_model_or_from_the_lab_override(campus, tmp_path):
    _, device = next(campus.all_devices())
    direct = endpoint_for(device, None, None, accept_new=False)
    assert (direct.host, direct.port) == (str(device.management.address.ip), 22)
    (tmp_path / "override.yaml").write_text(
        f"known_hosts: kh\ndevices:\n  {device.hostname}: {{address: 127.0.10.9, port: 2200}}\n",
        encoding="utf-8",
    )
    lab = endpoint_for(device, read_override(tmp_path), None, accept_new=True)
    assert (lab.host, lab.port, lab.known_hosts, lab.accept_new) == (
        "127.0.10.9",
        2200,
        tmp_path / "kh",
        True,
    )
    _, other = list(campus.all_devices())[1]
    with pytest.raises(UsageError, match="not in the lab override"):
        endpoint_for(other, read_override(tmp_path), None, accept_new=False)
