"""The management-plane hardening a device renders: SSH algorithms from the baseline's
profile, login-failure blocking, time zone, SNMPv3 algorithms, and which port and
vpn-instance the management services use.

The algorithm names are the devices' keywords (AR V300R019 and NE40E V800R012 command
references: ``ssh server cipher``, ``ssh server hmac``, ``ssh server key-exchange``,
``ssh server dh-exchange min-len``).
"""

from dataclasses import dataclass
from typing import Any

from medinfra.model import ManagementPlane, SecurityBaseline, SshHardening


@dataclass(frozen=True)
class SshProfile:
    """The algorithm lists one SSH hardening profile allows."""

    ciphers: tuple[str, ...]
    hmacs: tuple[str, ...]
    key_exchange: tuple[str, ...]
    dh_min_bits: int


SSH_PROFILES: dict[SshHardening, SshProfile] = {
    SshHardening.STRONG: SshProfile(
        ciphers=("aes256_gcm", "aes128_gcm", "aes256_ctr", "aes128_ctr"),
        hmacs=("sha2_512", "sha2_256"),
        key_exchange=("dh_group16_sha512", "dh_group_exchange_sha256"),
        dh_min_bits=3072,
    ),
    SshHardening.COMPATIBLE: SshProfile(
        ciphers=("aes256_gcm", "aes128_gcm", "aes256_ctr", "aes192_ctr", "aes128_ctr"),
        hmacs=("sha2_512", "sha2_256"),
        key_exchange=("dh_group16_sha512", "dh_group_exchange_sha256", "dh_group14_sha1"),
        dh_min_bits=2048,
    ),
}
"""Profile -> algorithms. Neither allows CBC ciphers, MD5/SHA-1 HMACs or group-1 DH."""

SNMP_VIEW = "iso-view"
"""The MIB view the SNMPv3 group reads and sends notifications from (the whole ``iso`` tree)."""


def clock_timezone(offset: str) -> tuple[str, str]:
    """``+08:00`` -> ``("add", "08:00:00")``: the sign and time of ``clock timezone``.

    Examples:
        >>> clock_timezone("+08:00"), clock_timezone("-05:30")
        (('add', '08:00:00'), ('minus', '05:30:00'))
    """
    return ("add" if offset[0] == "+" else "minus"), f"{offset[1:]}:00"


def hardening_context(baseline: SecurityBaseline, plane: ManagementPlane) -> dict[str, Any]:
    """SSH algorithms, time zone, login lockout and SNMPv3 algorithms for every device."""
    profile = SSH_PROFILES[baseline.ssh_profile]
    sign, time = clock_timezone(plane.time_zone.offset)
    lockout = plane.login_lockout
    return {
        "ssh_profile": baseline.ssh_profile.value,
        "ciphers": " ".join(profile.ciphers),
        "hmacs": " ".join(profile.hmacs),
        "key_exchange": " ".join(profile.key_exchange),
        "dh_min_bits": profile.dh_min_bits,
        "timezone": {"name": plane.time_zone.name, "sign": sign, "time": time},
        "lockout": {
            "attempts": lockout.attempts,
            "window": lockout.window_minutes,
            "block": lockout.block_minutes,
        },
        "snmp_view": SNMP_VIEW,
    }
