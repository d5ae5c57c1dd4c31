"""A Debian 12 root filesystem for the test hosts, built once with debootstrap and cached.

The hosts have no route to a package mirror, so every package the imaging_gateway role
installs is preinstalled here. The cache lives outside the repository and is keyed by the
package list: changing :data:`PACKAGES` builds a new root filesystem next to the old one.
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
CACHE_DIR = Path(os.environ.get("MEDINFRA_ROOTFS_CACHE", "/var/cache/medinfra"))

# What the role installs (roles/imaging_gateway/defaults/main.yml) plus what Ansible and
# the tests need on the host: python3 for Ansible modules, python3-apt for the apt module,
# libcap2-bin lets the role grant Orthanc the DICOM port below 1024;
# iproute2 for `ss` (testinfra's socket module), sudo for become; orphan-sysvinit-scripts
# gives rsyslog and nftables the init scripts bookworm no longer ships (no systemd here).
PACKAGES = (
    "ca-certificates",
    "chrony",
    "curl",
    "iproute2",
    "libcap2-bin",
    "nftables",
    "openssh-server",
    "orphan-sysvinit-scripts",
    "orthanc",
    "procps",
    "python3",
    "python3-apt",
    "rsyslog",
    "sudo",
)

BUILD_TIMEOUT = 3600


def rootfs_key(packages: tuple[str, ...] = PACKAGES) -> str:
    """The cache key of a root filesystem: suite, variant and sorted package list."""
    text = f"{SUITE} minbase " + ",".join(sorted(packages))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def rootfs_path(cache_dir: Path = CACHE_DIR, packages: tuple[str, ...] = PACKAGES) -> Path:
    """Where the root filesystem for ``packages`` is (or will be) cached."""
    return cache_dir / f"rootfs-{SUITE}-{rootfs_key(packages)}"


def ensure_rootfs(cache_dir: Path = CACHE_DIR, packages: tuple[str, ...] = PACKAGES) -> Path:
    """Return the cached root filesystem, building it first when it is missing.

    A lock file serialises concurrent builders; the build happens in a temporary directory
    that is renamed into place only when complete, so a killed build is never reused.
    """
    target = rootfs_path(cache_dir, packages)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / ".medinfra-packages").is_file():
            return target
        scratch = target.with_name(target.name + ".partial")
        if scratch.exists():
            shutil.rmtree(scratch)
        _debootstrap(scratch)
        _install_packages(scratch, packages)
        _finish(scratch, packages)
        scratch.rename(target)
    return target


def _debootstrap(root: Path) -> None:
    subprocess.run(
        ["debootstrap", "--variant=minbase", SUITE, str(root), MIRROR],
        check=True,
        timeout=BUILD_TIMEOUT,
        stdout=subprocess.DEVNULL,
    )


def _install_packages(root: Path, packages: tuple[str, ...]) -> None:
    """apt-get install inside the root, in throw-away mount and PID namespaces.

    policy-rc.d forbids maintainer scripts to start services, and the PID namespace makes
    sure nothing they might start outlives the build.
    """
    policy = root / "usr/sbin/policy-rc.d"
    policy.write_text("#!/bin/sh\nexit 101\n", encoding="utf-8")
    policy.chmod(0o755)
    shutil.copyfile("/etc/resolv.conf", root / "etc/resolv.conf")
    script = (
        'root="$1"; shift; mount -t proc proc "$root/proc" && '
        'DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -q '
        '--no-install-recommends "$@"'
    )
    unshare = ["unshare", "--mount", "--pid", "--fork", "--kill-child"]
    subprocess.run(
        [*unshare, "sh", "-c", script, "sh", str(root), *packages],
        check=True,
        timeout=BUILD_TIMEOUT,
        stdout=subprocess.DEVNULL,
    )


def _finish(root: Path, packages: tuple[str, ...]) -> None:
    """Make the root reusable: no policy-rc.d, no shared SSH host keys, no package cache."""
    (root / "usr/sbin/policy-rc.d").unlink()
    for key in (root / "etc/ssh").glob("ssh_host_*"):
        key.unlink()
    subprocess.run(["chroot", str(root), "apt-get", "clean"], check=True, timeout=120)
    (root / "etc/resolv.conf").write_text("", encoding="utf-8")
    (root / ".medinfra-packages").write_text("\n".join(sorted(packages)) + "\n", encoding="utf-8")
