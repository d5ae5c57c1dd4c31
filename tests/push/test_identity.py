"""Identity checks, with a stand-in for the netmiko connection (the connection boundary)."""

import pytest

from medinfra.model import Device
from medinfra.push.errors import IdentityError
from medinfra.push.identity import confirm_identity


class FakeConnection:
    def __init__(self, prompt: str, esn: str = "") -> None:
        self.base_prompt = prompt
        self.esn = esn
        self.sent: list[str] = []

    def send_command(self, command: str) -> str:
        self.sent.append(command)
        return self.esn


def device(**extra) -> Device:
    fields = {
        "hostname": "HPPH-CPE-01",
        "platform": "huawei_vrp",
        "role": "cpe",
        "management": {"address": "10.255.10.1/24"},
        "credentials": "henan/cpe",
        **extra,
    }
    return Device.model_validate(fields)


def test_matching_prompt_and_sysname_pass_without_asking_for_a_serial():
    connection = FakeConnection("HPPH-CPE-01")
    confirm_identity(device(), connection, "#\n sysname HPPH-CPE-01\n#", "127.0.0.1:22")
    assert connection.sent == []


def test_other_prompt_is_refused_naming_both():
    with pytest.raises(IdentityError, match="prompt 'XC-CPE-01', not 'HPPH-CPE-01'"):
        confirm_identity(device(), FakeConnection("XC-CPE-01"), "sysname HPPH-CPE-01", "a")


def test_other_sysname_is_refused():
    with pytest.raises(IdentityError, match="'sysname XC-CPE-01'"):
        confirm_identity(device(), FakeConnection("HPPH-CPE-01"), "sysname XC-CPE-01", "a")


def test_serial_is_checked_when_the_model_has_one():
    ok = FakeConnection("HPPH-CPE-01", "ESN of slot 0: 2102351931P0C3000154")
    confirm_identity(device(serial="2102351931P0C3000154"), ok, "sysname HPPH-CPE-01", "a")
    assert ok.sent == ["display esn"]
    other = FakeConnection("HPPH-CPE-01", "ESN of slot 0: 2102351931P0C3000999")
    with pytest.raises(IdentityError, match="does not report serial"):
        confirm_identity(device(serial="2102351931P0C3000154"), other, "sysname HPPH-CPE-01", "a")
