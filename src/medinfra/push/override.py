"""The lab's inventory override: where each device of a topology really answers.

``medinfra lab up`` (and ``medinfra.lab.run_lab``) writes ``<state_dir>/override.yaml``::

    topology: /abs/path/or/name
    known_hosts: /abs/state_dir/known_hosts
    devices:
      HPPH-CPE-01: {address: 127.0.10.1, port: 2222, platform: huawei_vrp}

Pushes and the Ansible inventory then connect to the lab instead of the model's management
addresses and check host keys against the lab's known_hosts.
"""

from ipaddress import IPv4Address
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from medinfra.errors import UsageError

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
            f"{path}: no lab override here; start the lab first ('medinfra lab up TOPOLOGY') "
            "or point --lab / MEDINFRA_LAB_STATE at its state directory"
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
