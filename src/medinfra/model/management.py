"""The management plane shared by every device: NTP, audit logging, SNMPv3, AAA, banner."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from medinfra.model.addresses import Address, Network
from medinfra.model.base import Model
from medinfra.model.text import Identifier, SecretRef, Text


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
    role: Text = Field(description="Administrator role (auditor, operator, security admin...).")


class SnmpV3(Model):
    """SNMPv3 access for monitoring (authPriv)."""

    user: Identifier = Field(description="USM user name.")
    group: Identifier = Field(default="medinfra-ro", description="USM group (read-only view).")
    auth_secret: SecretRef = Field(description="Secret reference of the SHA auth key.")
    priv_secret: SecretRef = Field(description="Secret reference of the AES privacy key.")
    targets: tuple[Address, ...] = Field(default=(), description="Trap receivers.")


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
    banner: Text = Field(
        default="Authorised access only. Activity is logged and audited.",
        description="Login banner shown before authentication.",
    )
    dns_domain: Identifier | None = Field(default=None, description="DNS domain of devices.")
