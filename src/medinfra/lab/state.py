"""The lab's state directory: host keys, startup configurations, known_hosts, override.yaml.

Layout::

    <state_dir>/devices/<HOST>/ssh_host_ed25519_key   persistent host key
    <state_dir>/devices/<HOST>/startup.cfg            what ``save`` stored
    <state_dir>/known_hosts                           "[127.0.10.1]:2222 ssh-ed25519 AAAA..."
    <state_dir>/override.yaml                         where pushes and Ansible connect instead
    <state_dir>/authorized_keys                       extra public keys the lab user may use
"""

import os
from collections.abc import Iterable
from ipaddress import IPv4Address
from pathlib import Path

import asyncssh
import yaml

from medinfra.fileio import write_atomic
from medinfra.lab.device import LabDevice, LabError

DEFAULT_USERNAME = "medinfra"
DEFAULT_PASSWORD = "medinfra-lab"  # noqa: S105 - the documented lab-only default
LOOPBACK = IPv4Address("127.0.0.0")


def device_dir(state_dir: Path, hostname: str) -> Path:
    """The directory of one device's files."""
    return state_dir / "devices" / hostname


def startup_path(state_dir: Path, hostname: str) -> Path:
    """Where ``save`` stores a device's startup configuration."""
    return device_dir(state_dir, hostname) / "startup.cfg"


def host_key(state_dir: Path, hostname: str) -> asyncssh.SSHKey:
    """The device's ed25519 host key, created on first use and kept across restarts."""
    path = device_dir(state_dir, hostname) / "ssh_host_ed25519_key"
    if path.exists():
        return asyncssh.read_private_key(path)
    key = asyncssh.generate_private_key("ssh-ed25519", comment=hostname)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, key.export_private_key().decode("ascii"))
    path.chmod(0o600)
    return key


def public_key_text(key: asyncssh.SSHKey) -> str:
    """``ssh-ed25519 AAAA...`` without a comment."""
    fields = key.export_public_key("openssh").decode("ascii").split()
    return " ".join(fields[:2])


def known_hosts_line(address: str, port: int, key: asyncssh.SSHKey) -> str:
    """One OpenSSH known_hosts line (bracketed host when the port is not 22)."""
    host = address if port == 22 else f"[{address}]:{port}"
    return f"{host} {public_key_text(key)}"


def addresses(base: str, count: int) -> list[str]:
    """``count`` loopback addresses from ``base`` on, skipping .0 and .255 host parts."""
    try:
        current = IPv4Address(base)
    except ValueError as error:
        raise LabError(f"lab base address {base!r}: {error}") from None
    result: list[str] = []
    while len(result) < count:
        if int(current) >> 24 != 127:
            raise LabError(f"lab addresses from {base} leave 127.0.0.0/8 after {len(result)}")
        if int(current) & 0xFF not in (0, 255):
            result.append(str(current))
        current += 1
    return result


def authorized_keys(state_dir: Path) -> set[bytes]:
    """Public keys accepted for the lab user: ``<state_dir>/authorized_keys`` and ``~/.ssh``."""
    sources = [state_dir / "authorized_keys"]
    home = Path(os.environ.get("HOME", "~")).expanduser() / ".ssh"
    sources.extend(home / f"id_{kind}.pub" for kind in ("ed25519", "ecdsa", "rsa"))
    keys: set[bytes] = set()
    for path in sources:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                try:
                    keys.add(asyncssh.import_public_key(line).public_data)
                except (asyncssh.KeyImportError, ValueError):
                    continue
    return keys


def write_access_files(
    state_dir: Path,
    topology_ref: str,
    devices: Iterable[LabDevice],
    keys: dict[str, asyncssh.SSHKey],
) -> None:
    """Write ``known_hosts`` and ``override.yaml`` for the running lab."""
    devices = list(devices)
    known_hosts = state_dir / "known_hosts"
    write_atomic(
        known_hosts,
        "".join(known_hosts_line(d.address, d.port, keys[d.hostname]) + "\n" for d in devices),
    )
    override = {
        "topology": topology_ref,
        "known_hosts": str(known_hosts.resolve()),
        "devices": {
            d.hostname: {"address": d.address, "port": d.port, "platform": d.platform.value}
            for d in devices
        },
    }
    write_atomic(state_dir / "override.yaml", yaml.safe_dump(override, sort_keys=False))
