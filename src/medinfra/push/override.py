"""The lab's inventory override: where each device of a topology really answers.

``medinfra lab up`` (and ``medinfra.lab.run_lab``) writes ``<state_dir>/override.yaml``::

    topology: /abs/path/or/name
    known_hosts: /abs/state_dir/known_hosts
    devices:
      HPPH-CPE-01: {address: 127.0.10.1, port: 2222, platform: huawei_vrp}

Pushes and the Ansible inventory then connect to the lab instead of the model's management
addresses and check host keys against the lab's known_hosts.
"""

import os
from ipaddress import IPv4Address
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from medinfra.errors import UsageError

if TYPE_CHECKING:
    from medinfra.model import Topology

OVERRIDE_FILE = "override.yaml"
LAB_STATE_ENV = "MEDINFRA_LAB_STATE"
DEFAULT_LAB_STATE = Path(".medinfra/lab")


class OverrideDevice(BaseModel):
    """Where one device answers in the lab."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    address: IPv4Address = Field(description="Loopback address of the simulated device.")
    port: Annotated[int, Field(ge=1, le=65535)] = Field(default=22, description="SSH port.")
    platform: str | None = Field(default=None, description="Platform the lab simulates.")


class LabOverride(BaseModel):
    """The whole override file."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    topology: str | None = Field(default=None, description="Topology the lab was started for.")
    known_hosts: Path = Field(description="known_hosts file holding the lab's host keys.")
    devices: dict[str, OverrideDevice] = Field(
        default_factory=dict, description="hostname -> address, port, platform."
    )


def override_path(state_dir: Path) -> Path:
    """The override file of a lab state directory."""
    return state_dir / OVERRIDE_FILE


def read_override(state_dir: Path) -> LabOverride:
    """Read ``<state_dir>/override.yaml``; a relative known_hosts is taken from the state dir."""
    path = override_path(state_dir)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"{path}: no lab override here; start the lab first ('medinfra lab up TOPOLOGY "
            f"--state-dir {state_dir}') or point --lab / MEDINFRA_LAB_STATE at its state "
            "directory"
        ) from None
    except (OSError, yaml.YAMLError) as error:
        raise UsageError(f"{path}: cannot read the lab override: {error}") from None
    try:
        override = LabOverride.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise UsageError(f"{path}: {where}: {first['msg']}") from None
    if not override.known_hosts.is_absolute():
        override = override.model_copy(update={"known_hosts": state_dir / override.known_hosts})
    return override


def _same_topology(reference: str | None, topology: "Topology", root: Path) -> bool:
    """Does the override's ``topology`` (a name or a path) name this topology?"""
    if reference is None or reference == topology.name:
        return True
    path = Path(reference)
    return path.is_absolute() and path.resolve() == root.resolve()


def check_lab_topology(
    override: LabOverride, topology: "Topology", root: Path, state_dir: Path
) -> None:
    """Refuse a lab started for another topology (its devices are not this topology's).

    ``medinfra push --lab`` and the Ansible inventory plugin both call this, so both say the
    same thing.
    """
    hostnames = {device.hostname for _, device in topology.all_devices()}
    if _same_topology(override.topology, topology, root) and (
        not override.devices or hostnames & set(override.devices)
    ):
        return
    raise UsageError(
        f"{override_path(state_dir)}: the lab there runs topology "
        f"{override.topology or 'unknown'!r}, not {topology.name!r}; start a lab of this "
        f"topology ('medinfra lab up {root} --state-dir DIR', then --lab DIR) or point "
        f"--lab / {LAB_STATE_ENV} at its state directory"
    )


def _pid_alive(state_dir: Path) -> bool:
    try:
        pid = int((state_dir / "lab.pid").read_text(encoding="utf-8").strip())
        os.kill(pid, 0)
    except PermissionError:
        return True
    except (OSError, ValueError):
        return False
    return True


def real_address_warning(topology: "Topology", root: Path, cwd: Path | None = None) -> str | None:
    """A warning when a lab of this topology runs in the default state directory unused.

    Right after ``medinfra lab up TOPOLOGY`` a run without ``--lab`` / ``MEDINFRA_LAB_STATE``
    would connect to the hospital's real management addresses, not to the lab.
    """
    state_dir = (cwd or Path.cwd()) / DEFAULT_LAB_STATE
    if not override_path(state_dir).is_file() or not _pid_alive(state_dir):
        return None
    try:
        override = read_override(state_dir)
    except UsageError:
        return None
    if not _same_topology(override.topology, topology, root):
        return None
    return (
        f"a lab of topology {topology.name} runs in {DEFAULT_LAB_STATE} but no lab override is "
        f"set: this run targets the REAL management addresses of the devices; set "
        f"{LAB_STATE_ENV}={DEFAULT_LAB_STATE} (or --lab {DEFAULT_LAB_STATE}) to rehearse on the lab"
    )
