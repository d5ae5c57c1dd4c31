"""Identity: never push a site's config into the wrong box.

Before any change the engine confirms that the device that answered is the one the model
names: its prompt (``<HOST>``, ``[HOST]``, ``HOST#``) and the ``sysname`` of its running
config must equal the model's hostname, and when the model records a chassis serial the
device's ``display esn`` must show it.
"""

import re
from typing import Any

from medinfra.model import Device
from medinfra.platforms import platform_for
from medinfra.push.errors import IdentityError

_SYSNAME = re.compile(r"^\s*sysname\s+(\S+)\s*$", re.MULTILINE)


def sysname_of(running: str) -> str | None:
    """The ``sysname`` of a running config, if it has one.

    Examples:
        >>> sysname_of("#\\n sysname HPPH-CPE-01\\n#")
        'HPPH-CPE-01'
        >>> sysname_of("interface GigabitEthernet0/0/1") is None
        True
    """
    match = _SYSNAME.search(running)
    return match.group(1) if match else None


def check_names(device: Device, prompt: str, running: str, where: str) -> None:
    """Refuse when the prompt or the sysname names another device."""
    if prompt != device.hostname:
        raise IdentityError(
            f"{device.hostname}: refusing to push: the device at {where} has the prompt "
            f"{prompt!r}, not {device.hostname!r}; is the management address right?"
        )
    sysname = sysname_of(running)
    if sysname is not None and sysname != device.hostname:
        raise IdentityError(
            f"{device.hostname}: refusing to push: the device at {where} is configured as "
            f"'sysname {sysname}', not {device.hostname!r}"
        )


def check_serial(device: Device, connection: Any, where: str) -> None:
    """Refuse when the model has a serial and the device does not show it."""
    if device.serial is None:
        return
    command = platform_for(device.platform).serial_command
    output = str(connection.send_command(command))
    if device.serial.lower() not in output.lower():
        raise IdentityError(
            f"{device.hostname}: refusing to push: the device at {where} does not report "
            f"serial {device.serial!r} in '{command}'"
        )


def confirm_identity(device: Device, connection: Any, running: str, where: str) -> None:
    """Every identity check the model allows; raises :class:`IdentityError` on a mismatch."""
    check_names(device, str(connection.base_prompt), running, where)
    check_serial(device, connection, where)
