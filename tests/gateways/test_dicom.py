"""A real DICOM client (pynetdicom) against the gateways: who may talk to them, and what
they do with a study (forward it to the regional archive)."""

import time
from typing import Any

import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage, Verification

from tests.gateways import testbed
from tests.gateways.conftest import Testbed

pytestmark = pytest.mark.hosts

TIMEOUT = 5
FORWARD_TIMEOUT = 60


def associate(bed: Testbed, name: str, source: str, ae_title: str = testbed.PEER_AE) -> Any:
    """An association from ``source`` to gateway ``name``, as ``ae_title``."""
    ae = AE(ae_title=ae_title)
    ae.add_requested_context(Verification)
    ae.add_requested_context(CTImageStorage, ExplicitVRLittleEndian)
    for attribute in ("acse_timeout", "dimse_timeout", "network_timeout", "connection_timeout"):
        setattr(ae, attribute, TIMEOUT)
    hostvars = bed.hostvars[name]
    return ae.associate(
        hostvars["ansible_host"],
        hostvars["imaging_gateway_dicom_port"],
        ae_title=hostvars["imaging_gateway_ae_title"],
        bind_address=(source, 0),
    )


def dropped(bed: Testbed, name: str) -> int:
    """Packets counted by the input chain's default-drop rule."""
    host = bed.testinfra_host(name)
    text = host.check_output("nft list chain inet medinfra_gateway input")
    line = next(line for line in text.splitlines() if "default drop" in line)
    return int(line.split("packets ")[1].split()[0])


@pytest.mark.parametrize("name", list(testbed.HOSTS))
def test_echo_from_a_peer_address_succeeds(gateway_testbed: Testbed, name: str) -> None:
    assoc = associate(gateway_testbed, name, gateway_testbed.allowed_source)
    assert assoc.is_established
    try:
        status = assoc.send_c_echo()
        assert status.Status == 0x0000
    finally:
        assoc.release()


@pytest.mark.parametrize("name", list(testbed.HOSTS))
def test_echo_from_outside_the_peer_ranges_is_dropped(gateway_testbed: Testbed, name: str) -> None:
    before = dropped(gateway_testbed, name)
    assoc = associate(gateway_testbed, name, gateway_testbed.disallowed_source)
    assert not assoc.is_established
    assert not assoc.is_rejected  # no answer at all: the firewall dropped the SYN
    assert dropped(gateway_testbed, name) > before


def test_unknown_ae_title_from_a_peer_address_is_rejected(gateway_testbed: Testbed) -> None:
    assoc = associate(gateway_testbed, "gw-a", gateway_testbed.allowed_source, "INTRUDER")
    assert not assoc.is_established
    assert assoc.is_rejected  # Orthanc answered: its peer list does not know INTRUDER


def ct_instance() -> Dataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    data = Dataset()
    data.file_meta = meta
    data.SOPClassUID = CTImageStorage
    data.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    data.StudyInstanceUID = generate_uid()
    data.SeriesInstanceUID = generate_uid()
    data.PatientID = "TEST-0001"
    data.PatientName = "Test^Gateway"
    data.Modality = "CT"
    return data


def test_a_stored_study_is_forwarded_to_the_regional_archive(gateway_testbed: Testbed) -> None:
    instance = ct_instance()
    assoc = associate(gateway_testbed, "gw-a", gateway_testbed.allowed_source)
    assert assoc.is_established
    try:
        status = assoc.send_c_store(instance)
        assert status.Status == 0x0000
    finally:
        assoc.release()
    deadline = time.monotonic() + FORWARD_TIMEOUT
    while time.monotonic() < deadline and instance.SOPInstanceUID not in (
        gateway_testbed.archive.received
    ):
        time.sleep(0.5)
    assert str(instance.SOPInstanceUID) in gateway_testbed.archive.received
