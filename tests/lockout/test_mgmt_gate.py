"""The gate after the proof: a break is refused unless allowed under protection, or forced."""

from ipaddress import IPv4Network
from pathlib import Path

import pytest

from medinfra.model import Device
from medinfra.push.errors import RefusedError
from medinfra.push.mgmt_gate import Verdict, management_verdict, refuse_management_break
from medinfra.push.protect import ProtectOptions
from medinfra.push.results import DeviceResult

FIXTURES = Path(__file__).parents[1] / "fixtures" / "brownfield"
NETWORKS = (IPv4Network("10.250.0.0/24"),)
CASES = {
    "huawei_vrpv8": (
        "NS-DC-PE-01.cfg",
        "10.250.1.1/24",
        "interface GigabitEthernet0/0/0\n  shutdown",
    ),
    "huawei_vrp": ("UNION-CPE-01.cfg", "10.250.10.1/24", "undo stelnet server enable"),
    "huawei_smartax": ("UNION-OLT-01.cfg", "10.250.20.1/24", "sysman service ssh disable"),
}
ALLOW = ProtectOptions(trial_seconds=120, reboot_minutes=5, allow_management_change=True)
FORCE = ProtectOptions(force=True)


def _device(platform: str, no_reboot: str | None = None) -> Device:
    address = CASES[platform][1]
    return Device.model_validate(
        {
            "hostname": "DEV-1",
            "platform": platform,
            "role": "cpe",
            "management": {"address": address},
            "credentials": "lab",
            "no_reboot": no_reboot,
        }
    )


def _verdict(platform: str, options: ProtectOptions, no_reboot: str | None = None) -> Verdict:
    dump, _, diff = CASES[platform]
    running = (FIXTURES / dump).read_text(encoding="utf-8")
    return management_verdict(_device(platform, no_reboot), NETWORKS, "noc", running, diff, options)


@pytest.mark.parametrize(
    ("platform", "options", "no_reboot", "hint"),
    [
        ("huawei_vrpv8", ProtectOptions(), None, "--allow-management-change pushes it under"),
        ("huawei_vrp", ProtectOptions(), None, "--allow-management-change pushes it under"),
        ("huawei_smartax", ProtectOptions(), None, "only --force pushes it"),
        ("huawei_smartax", ALLOW, None, "an MA5800 has no unattended revert"),
        ("huawei_vrp", ALLOW, "life support on this ward", "forbids its dead-man reboot"),
        (
            "huawei_vrp",
            ProtectOptions(reboot_minutes=0, allow_management_change=True),
            None,
            "dead-man reboot is off (--reboot-delay 0)",
        ),
        (
            "huawei_vrpv8",
            ProtectOptions(trial_seconds=0, allow_management_change=True),
            None,
            "commit trial is off (--trial-seconds 0)",
        ),
    ],
)
def test_a_break_is_refused_with_the_way_out(
    platform: str, options: ProtectOptions, no_reboot: str | None, hint: str
) -> None:
    verdict = _verdict(platform, options, no_reboot)
    assert verdict.refusal is not None
    assert verdict.refusal.startswith("the change cuts the controller off:\n  `")
    assert hint in verdict.refusal
    assert not verdict.notes


@pytest.mark.parametrize(
    ("platform", "kind"), [("huawei_vrpv8", "trial"), ("huawei_vrp", "reboot")]
)
def test_allowed_under_protection_goes_with_a_note(platform: str, kind: str) -> None:
    verdict = _verdict(platform, ALLOW)
    assert verdict.refusal is None
    assert f"allowed (--allow-management-change) under the {kind} protection" in verdict.notes[0]


@pytest.mark.parametrize("platform", list(CASES))
def test_force_goes_and_says_what_it_risks(platform: str) -> None:
    verdict = _verdict(platform, FORCE)
    assert verdict.refusal is None
    assert "pushed with --force" in verdict.notes[0]
    if platform == "huawei_smartax":
        assert "a cut cannot be undone remotely" in verdict.notes[0]


def test_the_refusal_reads_refused_management_path() -> None:
    dump, _, diff = CASES["huawei_smartax"]
    result = DeviceResult("DEV-1")
    running = (FIXTURES / dump).read_text(encoding="utf-8")
    with pytest.raises(RefusedError, match=r"^DEV-1: refused: management path, nothing sent: "):
        refuse_management_break(
            _device("huawei_smartax"), NETWORKS, "noc", running, diff, ProtectOptions(), result
        )
    assert result.ended == "refused: management path"


def test_no_break_no_verdict() -> None:
    dump, _, _ = CASES["huawei_vrp"]
    running = (FIXTURES / dump).read_text(encoding="utf-8")
    verdict = management_verdict(
        _device("huawei_vrp"), NETWORKS, "noc", running, "sysname OTHER", ProtectOptions()
    )
    assert verdict.refusal is None and not verdict.breaks
