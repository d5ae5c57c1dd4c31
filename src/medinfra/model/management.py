"""The management plane shared by every device: NTP, audit logging, SNMPv3, AAA, banner."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from medinfra.model.addresses import Address, Network
from medinfra.model.base import Model
from medinfra.model.text import Identifier, SafeText, SecretRef


class ManagementProtocol(StrEnum):
    """Protocols that may be used to manage devices."""

    SSH = "ssh"
    TELNET = "telnet"
    HTTP = "http"
    HTTPS = "https"
    SNMPV2C = "snmpv2c"
    SNMPV3 = "snmpv3"
    NETCONF = "netconf"


class LocalUser(Model):
    """A local administrator account; the password comes from a secret reference."""

    name: Identifier = Field(description="User name.")
    privilege: Annotated[int, Field(ge=0, le=15)] = Field(description="Privilege level 0-15.")
    secret: SecretRef = Field(description="Name of the secret that holds the password.")
    role: SafeText = Field(description="Administrator role (auditor, operator, security admin...).")


class SnmpAuth(StrEnum):
    """SNMPv3 authentication algorithm (the device's keyword)."""

    SHA = "sha"
    SHA2_256 = "sha2-256"


class SnmpPrivacy(StrEnum):
    """SNMPv3 privacy algorithm (the device's keyword)."""

    AES128 = "aes128"
    AES256 = "aes256"


class SnmpV3(Model):
    """SNMPv3 access for monitoring (authPriv)."""

    user: Identifier = Field(description="USM user name.")
    group: Identifier = Field(default="medinfra-ro", description="USM group (read-only view).")
    auth_secret: SecretRef = Field(description="Secret reference of the auth key.")
    priv_secret: SecretRef = Field(description="Secret reference of the AES privacy key.")
    auth_protocol: SnmpAuth = Field(
        default=SnmpAuth.SHA2_256, description="Authentication: sha2-256 (default) or sha (SHA-1)."
    )
    priv_protocol: SnmpPrivacy = Field(
        default=SnmpPrivacy.AES256, description="Privacy: aes256 (default) or aes128."
    )
    targets: tuple[Address, ...] = Field(default=(), description="Trap receivers.")


class TimeZone(Model):
    """The devices' clock zone (``clock timezone NAME add|minus HH:MM:SS``)."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")] = Field(
        default="BJ", description="Zone name shown by the device, e.g. BJ (letters, digits, _ -)."
    )
    offset: Annotated[str, Field(pattern=r"^[+-](0\d|1[0-4]):[0-5]\d$")] = Field(
        default="+08:00", description="Offset from UTC, +HH:MM or -HH:MM (China: +08:00)."
    )


class LoginLockout(Model):
    """Login-failure blocking: an account is blocked after repeated wrong passwords."""

    attempts: Annotated[int, Field(ge=1, le=10)] = Field(
        default=5, description="Wrong passwords before the account is blocked."
    )
    window_minutes: Annotated[int, Field(ge=1, le=60)] = Field(
        default=5, description="Period in which the wrong passwords are counted (minutes)."
    )
    block_minutes: Annotated[int, Field(ge=1, le=65535)] = Field(
        default=30, description="How long the account stays blocked (minutes)."
    )


class ManagementPlane(Model):
    """How every device of the topology is managed, logged and timed."""

    networks: tuple[Network, ...] = Field(
        min_length=1, description="Management address ranges (the management zone's ranges)."
    )
    protocols: tuple[ManagementProtocol, ...] = Field(
        default=(ManagementProtocol.SSH, ManagementProtocol.SNMPV3),
        description="Protocols enabled for management.",
    )
    ntp_servers: tuple[Address, ...] = Field(default=(), description="NTP servers.")
    syslog_servers: tuple[Address, ...] = Field(
        default=(), description="Audit-log (syslog) targets."
    )
    snmp: SnmpV3 | None = Field(default=None, description="SNMPv3 monitoring access.")
    local_users: tuple[LocalUser, ...] = Field(default=(), description="Local administrators.")
    banner: SafeText = Field(
        default="Authorised access only. Activity is logged and audited.",
        description="Login banner shown before authentication.",
    )
    dns_domain: Identifier | None = Field(default=None, description="DNS domain of devices.")
    time_zone: TimeZone = Field(default_factory=TimeZone, description="Clock zone of devices.")
    login_lockout: LoginLockout = Field(
        default_factory=LoginLockout, description="Login-failure blocking of local accounts."
    )
