"""One home per platform: every fact medinfra knows about a device family, in one module.

``platform_for(Platform.HUAWEI_SMARTAX)`` returns the family's :class:`PlatformSpec`; the
push layer, the device lab and the renderer read their platform facts from it and from
nowhere else (``tests/platforms`` checks that they read the same object).

Adding a platform
-----------------
1. Name it in :class:`medinfra.model.Platform`.
2. Write ``medinfra/platforms/<name>.py`` defining ``SPEC``, a :class:`PlatformSpec` with:

   - ``netmiko_device_type`` and ``error_pattern`` (how a refused line looks);
   - ``config_mode`` (enter/leave commands and their prompt regexes), ``enable_after_login``,
     ``two_stage_commit`` and ``pager_prompt``;
   - ``management_interface`` (the default management port), ``default_model`` and
     ``serial_command`` (the identity check's ESN command);
   - ``template_folder``: ``templates/<folder>/main.j2`` and its feature files;
   - ``remediation``: a hier_config driver loader (the driver and its rules live in
     ``medinfra/platforms/drivers/<name>.py``, importing nothing but hier_config), the dump
     normaliser (``display current-configuration`` -> indented tree) and the sections that
     always exist;
   - ``lab``: a loader returning the lab grammar (:mod:`medinfra.lab.grammar`), the dump
     renderer (:mod:`medinfra.lab.config_tree`), an optional semantic check and the console.
3. Add the module to :data:`_MODULES` below; ``tests/platforms/test_contract.py`` then walks it
   through the contract with the others.

Importing this package (and asking any fact) stays cheap: hier_config and the lab load only
when a driver or the lab parts are asked for.
"""

from medinfra.model import Device, Platform
from medinfra.platforms import huawei_smartax, huawei_vrp, huawei_vrpv8
from medinfra.platforms.base import ConfigMode, LabParts, PlatformSpec, RemediationParts
from medinfra.platforms.hardware import HardwareModel, PortRole, hardware_model

_MODULES = (huawei_vrp, huawei_vrpv8, huawei_smartax)

REGISTRY: dict[Platform, PlatformSpec] = {module.SPEC.platform: module.SPEC for module in _MODULES}
"""Every registered platform, by the model's name for it."""


def platform_for(platform: Platform) -> PlatformSpec:
    """The spec of one platform.

    Examples:
        >>> platform_for(Platform.HUAWEI_VRPV8).netmiko_device_type
        'huawei_vrpv8'
    """
    return REGISTRY[platform]


def hardware_of(device: Device) -> HardwareModel | None:
    """The hardware facts of a device: its ``model``'s, else the platform's default model's;
    None for a model the hardware table does not know."""
    return hardware_model(device.model or platform_for(device.platform).default_model)


def management_interface(device: Device) -> str:
    """The interface holding a device's management address: the model's, else its hardware
    model's management port, else the platform's."""
    if device.management.interface:
        return device.management.interface
    hardware = hardware_of(device)
    if hardware is not None:
        return hardware.management_port
    return platform_for(device.platform).management_interface


def management_vpn(device: Device) -> str | None:
    """The vpn-instance of the management port when it is the hardware's dedicated one
    (NE40E/NE8000: ``__LOCAL_OAM_VPN__``), else None (the public instance)."""
    hardware = hardware_of(device)
    if hardware is None or management_interface(device) != hardware.management_port:
        return None
    return hardware.management_vpn


def switched(device: Device, interface: str) -> bool:
    """Whether ``interface`` is a layer-2 LAN port of the device's hardware (it routes only
    after ``undo portswitch``)."""
    hardware = hardware_of(device)
    return hardware is not None and hardware.port_role(interface) is PortRole.SWITCHED


def registered() -> tuple[PlatformSpec, ...]:
    """Every registered platform, in the model's order."""
    return tuple(REGISTRY[platform] for platform in Platform if platform in REGISTRY)


__all__ = [
    "REGISTRY",
    "ConfigMode",
    "LabParts",
    "PlatformSpec",
    "RemediationParts",
    "hardware_of",
    "management_interface",
    "management_vpn",
    "platform_for",
    "registered",
    "switched",
]
