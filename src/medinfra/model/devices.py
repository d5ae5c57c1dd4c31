"""Network devices: the boxes medinfra renders configs for and pushes them to."""

from enum import StrEnum

from pydantic import Field

from medinfra.model.addresses import Interface
from medinfra.model.base import Suppressible
from medinfra.model.text import Hostname, InterfaceName, SafeText, SecretRef
from medinfra.model.units import Ratio


class Platform(StrEnum):
    """Device platforms medinfra can drive. Adding a vendor starts by adding it here."""

    HUAWEI_VRP = "huawei_vrp"
    HUAWEI_VRPV8 = "huawei_vrpv8"
    HUAWEI_SMARTAX = "huawei_smartax"


class DeviceRole(StrEnum):
    """What a device does in the topology."""

    CPE = "cpe"
    OLT = "olt"
    DC_EDGE = "dc_edge"
    CORE = "core"
    AGGREGATION = "aggregation"
    ACCESS = "access"
    FIREWALL = "firewall"


class ManagedMode(StrEnum):
    """How much of a device's configuration medinfra owns."""

    SCOPED = "scoped"
    FULL = "full"


class Management(Suppressible):
    """How a device is reached for management."""

    address: Interface = Field(description="Management address with prefix, 10.255.1.1/24.")
    interface: InterfaceName | None = Field(
        default=None, description="Interface that holds the address (default: platform's)."
    )
    gateway: Interface | None = Field(
        default=None, description="Default gateway of the management network, if any."
    )


class Device(Suppressible):
    """A managed network device."""

    hostname: Hostname = Field(description="Hostname, also the sysname on the device.")
    platform: Platform = Field(description="Platform driver (huawei_vrp, huawei_vrpv8, ...).")
    role: DeviceRole = Field(description="Role in the topology.")
    model: SafeText | None = Field(
        default=None, description="Hardware model, e.g. AR6280, MA5800-X7."
    )
    management: Management = Field(description="Management address.")
    credentials: SecretRef = Field(
        description="Name of the credentials (resolved at run time; never a secret value)."
    )
    serial: SafeText | None = Field(default=None, description="Chassis serial number, if known.")
    managed: ManagedMode = Field(
        default=ManagedMode.SCOPED,
        description=(
            "scoped (default): change only what the model owns, keep every other line; "
            "full (greenfield): the model is the whole config, remove what it lacks."
        ),
    )
    availability: Ratio | None = Field(
        default=None, description="Availability of the device (default: per role in settings)."
    )
    no_reboot: SafeText | None = Field(
        default=None,
        description=(
            "Why a push must never reboot this device (VRP5: no dead-man `schedule reboot`); "
            "unset: a push may schedule one that it cancels once a new session verified."
        ),
    )
