"""The renderer, the device lab and the push layer read the same platform object.

Each test swaps one registered platform for a changed copy and watches every layer follow
the change: a layer holding its own copy of a fact would keep the old value and fail here.
"""

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medinfra.lab.device import DeviceState, LabDevice, load_config, model_config
from medinfra.model import Platform, Topology
from medinfra.platforms import REGISTRY, PlatformSpec, hardware, platform_for
from medinfra.push.connection import Endpoint, _netmiko_args
from medinfra.push.credentials import Credentials
from medinfra.push.errors import IdentityError
from medinfra.push.identity import check_serial
from medinfra.push.remediation import remediation
from medinfra.push.session import QUESTION_LINES, Session
from medinfra.render import RenderError, render_device
from medinfra.render.context import device_context
from medinfra.render.index import build_index
from tests.render.conftest import example

Swap = Callable[..., PlatformSpec]


@pytest.fixture
def swap(monkeypatch: pytest.MonkeyPatch) -> Swap:
    """Replace a platform in the registry by a copy with some facts changed."""

    def change(platform: Platform, **facts: Any) -> PlatformSpec:
        spec = dataclasses.replace(platform_for(platform), **facts)
        monkeypatch.setitem(REGISTRY, platform, spec)
        return spec

    return change


@pytest.fixture(scope="module")
def campus() -> Topology:
    return example("union-shenzhen-campus")


def devices_of(topology: Topology, platform: Platform) -> list[Any]:
    return [d for _, d in topology.all_devices() if d.platform is platform]


@pytest.mark.parametrize("platform", list(Platform))
def test_render_and_lab_take_the_management_port_from_the_platform(
    swap: Swap, campus: Topology, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = next(d for d in devices_of(campus, platform) if d.management.interface is None)
    # the hardware model's management port comes first; with no known model, the platform's
    monkeypatch.setattr(hardware, "HARDWARE", {})
    swap(platform, management_interface="Mgmt9/9/9")
    context = device_context(build_index(campus), device.hostname)
    assert context["management"]["interface"] == "Mgmt9/9/9"
    assert "interface Mgmt9/9/9\n" in model_config(device)


@pytest.mark.parametrize("platform", list(Platform))
def test_render_takes_the_template_folder_from_the_platform(
    swap: Swap, campus: Topology, platform: Platform
) -> None:
    device = devices_of(campus, platform)[0]
    swap(platform, template_folder="no_such_folder")
    with pytest.raises(RenderError, match=r"template no_such_folder/main\.j2 not found"):
        render_device(campus, device.hostname)


@pytest.mark.parametrize("platform", list(Platform))
def test_the_lab_uses_the_platforms_grammar_and_layout(swap: Swap, platform: Platform) -> None:
    parts = platform_for(platform).lab()
    swap(platform, lab=lambda: dataclasses.replace(parts, render=lambda root: "LAYOUT"))
    root = load_config(platform, "sysname A\n", "test")
    state = DeviceState(LabDevice("A", platform, "127.0.81.1", 22), "X", root, lambda _: None)
    assert state.render() == "LAYOUT"
    assert state.editor().grammar is parts.grammar


@pytest.mark.parametrize("platform", list(Platform))
def test_push_connects_with_the_platforms_netmiko_type(swap: Swap, platform: Platform) -> None:
    swap(platform, netmiko_device_type="some_driver")
    endpoint = Endpoint("A", platform, "127.0.81.1")
    args = _netmiko_args(endpoint, Credentials("ops", "pw"), Path("known_hosts"))
    assert args["device_type"] == "some_driver"


class Recorder:
    """The netmiko connection boundary: records what the session sends."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def send_command(self, command: str, **options: Any) -> str:
        self.calls.append((command, options.get("expect_string")))
        return ""

    def send_config_set(self, commands: list[str], **options: Any) -> str:
        self.calls.append(("config", options["error_pattern"]))
        return ""


@pytest.mark.parametrize("platform", list(Platform))
def test_push_sends_with_the_platforms_modes_and_error_pattern(
    swap: Swap, platform: Platform
) -> None:
    spec = platform_for(platform)
    mode = dataclasses.replace(spec.config_mode, enter="enter-config", prompt="P#")
    swap(platform, config_mode=mode, error_pattern="BAD", two_stage_commit=False)
    connection = Recorder()
    Session(Endpoint("A", platform, "127.0.81.1"), connection).send(["sysname A"])
    # the platform's error pattern, and a question (answered no, then reported) stops too
    assert connection.calls[:2] == [("enter-config", "P#"), ("config", f"BAD|{QUESTION_LINES}")]


@pytest.mark.parametrize("platform", list(Platform))
def test_identity_and_remediation_follow_the_platform(swap: Swap, platform: Platform) -> None:
    swap(platform, serial_command="display serial-of-chassis")
    connection = Recorder()
    device = next(d for _, d in example("union-shenzhen-campus").all_devices())
    device = device.model_copy(update={"platform": platform, "serial": "ABC"})
    with pytest.raises(IdentityError, match="display serial-of-chassis"):
        check_serial(device, connection, "here")
    parts = dataclasses.replace(platform_for(platform).remediation, normalise=lambda _: "x 1")
    swap(platform, remediation=parts)
    assert remediation(platform, "anything", "other").empty
