"""Which protection a device gets, and the limits of the options."""

import pytest

from medinfra.errors import UsageError
from medinfra.load import load_topology
from medinfra.model import Platform
from medinfra.push.protect import Protection, ProtectOptions, protection, reboot_refusal
from tests.conftest import INVENTORY


def _device(platform: Platform):
    topology = load_topology(INVENTORY / "henan-provincial-hospital").topology
    return next(d for _, d in topology.all_devices() if d.platform is platform)


def test_protection_per_platform_and_the_models_no_reboot() -> None:
    options = ProtectOptions()
    assert protection(_device(Platform.HUAWEI_VRPV8), options) is Protection.TRIAL
    cpe = _device(Platform.HUAWEI_VRP)
    assert protection(cpe, options) is Protection.REBOOT
    kept = cpe.model_copy(update={"no_reboot": "life-support ward, reboots only on site"})
    assert protection(kept, options) is Protection.NONE
    assert reboot_refusal(kept) == "life-support ward, reboots only on site"
    assert protection(cpe, ProtectOptions(reboot_minutes=0)) is Protection.NONE
    assert protection(_device(Platform.HUAWEI_VRPV8), ProtectOptions(0)) is Protection.NONE


@pytest.mark.parametrize(("trial", "reboot"), [(30, 10), (70000, 10), (300, -1), (300, 721)])
def test_out_of_range_options_are_usage_errors(trial: int, reboot: int) -> None:
    with pytest.raises(UsageError):
        ProtectOptions(trial, reboot)


def test_push_refuses_a_trial_shorter_than_the_device_takes() -> None:
    from typer.testing import CliRunner

    from medinfra.cli import app

    args = ["push", str(INVENTORY / "henan-provincial-hospital"), "--check"]
    result = CliRunner().invoke(app, [*args, "--trial-seconds", "30"])
    assert result.exit_code != 0
    assert "trial seconds 30: VRPv8 takes 60 to 65535 (0: no trial)" in result.output
