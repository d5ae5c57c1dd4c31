"""Real Debian 12 test hosts without Docker or systemd.

Each host is the cached root filesystem (see :mod:`tests.hosts.rootfs`) under a private
overlay, run in its own network namespace (a veth pair whose outer end sits on a bridge this
module creates) and its own mount, UTS and PID namespaces (``unshare`` + ``chroot``). Its
PID 1 is a small reaper that starts ``sshd`` through its init script.

Cleaning up needs no bookkeeping of what the host started: killing the ``unshare`` process
kills PID 1 (``--kill-child``), the kernel then kills every process of the PID namespace,
and the mounts disappear with the mount namespace. Deleting the network namespace removes
the veth pair. ``setpriv --pdeathsig`` ties ``unshare`` to the test process, so a killed test
run leaves no host running either; stale namespaces of a killed run are removed when their
slot is next used.
"""

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import IO

STATE_DIR = Path("/var/tmp/medinfra-testhosts")
SLOTS = range(1, 40)
READY_TIMEOUT = 30.0

_INIT = """\
import os, signal, subprocess
for d in ("/run/sshd", "/run/lock"):
    os.makedirs(d, exist_ok=True)
subprocess.run(["/usr/sbin/service", "ssh", "start"], check=True)
def reap(*_):
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
signal.signal(signal.SIGCHLD, reap)
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
reap()
while True:
    signal.pause()
"""

# Runs in the new namespaces, before the chroot: $1 rootfs, $2 host dir, $3 hostname.
_BOOT = r"""
set -e
m="$2/merged"
mount -t overlay overlay -o "lowerdir=$1,upperdir=$2/upper,workdir=$2/work" "$m"
mount -t proc proc "$m/proc"
mount -t sysfs -o ro sysfs "$m/sys"
mount -t tmpfs -o mode=755,size=16m tmpfs "$m/dev"
for d in null zero full random urandom tty; do touch "$m/dev/$d"; mount --bind "/dev/$d" "$m/dev/$d"; done
mkdir "$m/dev/pts" "$m/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$m/dev/pts"
ln -s pts/ptmx "$m/dev/ptmx"
mount -t tmpfs -o mode=755 tmpfs "$m/run"
hostname "$3"
exec chroot "$m" /usr/bin/python3 /usr/local/sbin/medinfra-init
"""


def capability_problem() -> str | None:
    """Why real test hosts cannot run here, or None when they can."""
    if os.geteuid() != 0:
        return "test hosts need root (network namespaces, mounts, chroot)"
    for tool in ("debootstrap", "ip", "unshare", "chroot", "ssh", "ssh-keygen", "mount", "setpriv"):
        if shutil.which(tool) is None:
            return f"test hosts need the '{tool}' command (apt-get install debootstrap iproute2)"
    if "overlay" not in Path("/proc/filesystems").read_text(encoding="utf-8"):
        return "test hosts need overlayfs in the kernel"
    probe = f"medinfra-probe-{os.getpid()}"
    made = subprocess.run(
        ["ip", "netns", "add", probe], capture_output=True, text=True, check=False
    )
    if made.returncode != 0:
        return f"cannot create a network namespace: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], check=False)
    tried = subprocess.run(
        ["unshare", "--mount", "--pid", "--uts", "--fork", "true"], capture_output=True, check=False
    )
    if tried.returncode != 0:
        return f"cannot unshare mount/PID/UTS namespaces: {tried.stderr.decode().strip()}"
    return None


@dataclass
class TestHost:
    """One running host: its name, address and the process that owns its namespaces."""

    __test__ = False  # not a pytest test class

    name: str
    address: IPv4Address
    netns: str
    directory: Path
    outer: str
    process: subprocess.Popen[bytes] | None = None
    pid_namespace: str | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.directory / "boot.log"

    def run(self, *command: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        """Run a command in the host's network namespace (not inside its chroot)."""
        return subprocess.run(
            ["ip", "netns", "exec", self.netns, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@dataclass
class HostNetwork:
    """A bridge with test-side addresses, and the hosts attached to it."""

    slot: int
    rootfs: Path
    private_key: Path
    known_hosts: Path
    hosts: list[TestHost] = field(default_factory=list)

    @property
    def network(self) -> IPv4Network:
        """The private /24 of this slot: 10.203.<slot>.0/24."""
        return IPv4Network(f"10.203.{self.slot}.0/24")

    def address(self, index: int) -> IPv4Address:
        """The ``index``-th address of the slot's network."""
        return self.network[index]

    @property
    def bridge(self) -> str:
        return f"mi{self.slot}br"

    def add_source_address(self, index: int) -> IPv4Address:
        """Add another test-side address on the bridge (a client source address)."""
        address = self.address(index)
        _ip("addr", "add", f"{address}/24", "dev", self.bridge)
        return address

    def start_host(self, name: str, index: int, files: dict[str, str] | None = None) -> TestHost:
        """Create, boot and wait for one host at address ``index`` of the slot's network.

        ``files`` (path relative to / -> text) are put in the host's own layer before boot.
        """
        host = TestHost(
            name=name,
            address=self.address(index),
            netns=f"medinfra-s{self.slot}-{index}",
            outer=f"mi{self.slot}h{index}",
            directory=STATE_DIR / f"slot{self.slot}" / name,
        )
        self.hosts.append(host)
        self._plumb(host, index)
        self._prepare(host)
        for relative, text in (files or {}).items():
            target = host.directory / "upper" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        self._boot(host)
        return host

    def _plumb(self, host: TestHost, index: int) -> None:
        outer, inner = host.outer, f"mi{self.slot}p{index}"
        _ip("netns", "add", host.netns)
        _ip("link", "add", outer, "type", "veth", "peer", "name", inner)
        _ip("link", "set", inner, "netns", host.netns)
        _ip("link", "set", outer, "master", self.bridge, "up")
        _ip("-n", host.netns, "link", "set", inner, "name", "eth0")
        _ip("-n", host.netns, "addr", "add", f"{host.address}/24", "dev", "eth0")
        _ip("-n", host.netns, "link", "set", "eth0", "up")
        _ip("-n", host.netns, "link", "set", "lo", "up")
        _ip("-n", host.netns, "route", "add", "default", "via", str(self.address(1)))

    def _prepare(self, host: TestHost) -> None:
        """The host's own layer: hostname, SSH host key, authorised key, init."""
        upper = host.directory / "upper"
        for sub in ("upper", "work", "merged"):
            (host.directory / sub).mkdir(parents=True)
        for sub in ("etc/ssh", "root/.ssh", "usr/local/sbin"):
            (upper / sub).mkdir(parents=True, exist_ok=True)
        (upper / "root/.ssh").chmod(0o700)
        (upper / "etc/hostname").write_text(host.name + "\n", encoding="utf-8")
        (upper / "etc/hosts").write_text(
            f"127.0.0.1 localhost\n{host.address} {host.name}\n", encoding="utf-8"
        )
        key = upper / "etc/ssh/ssh_host_ed25519_key"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", host.name, "-f", str(key)],
            check=True,
            timeout=30,
        )
        public = Path(f"{self.private_key}.pub").read_text(encoding="utf-8")
        (upper / "root/.ssh/authorized_keys").write_text(public, encoding="utf-8")
        (upper / "usr/local/sbin/medinfra-init").write_text(_INIT, encoding="utf-8")
        host_key = Path(f"{key}.pub").read_text(encoding="utf-8").split()[:2]
        with self.known_hosts.open("a", encoding="utf-8") as known:
            known.write(f"{host.address} {' '.join(host_key)}\n")

    def _boot(self, host: TestHost) -> None:
        command = [
            "setpriv", "--pdeathsig", "KILL",
            "ip", "netns", "exec", host.netns,
            "unshare", "--mount", "--uts", "--pid", "--fork", "--kill-child",
            "--propagation", "private",
            "sh", "-c", _BOOT, "sh", str(self.rootfs), str(host.directory), host.name,
        ]  # fmt: skip
        log: IO[bytes]
        with host.log.open("wb") as log:
            host.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _wait_for_ssh(host)
        host.pid_namespace = _pid_namespace_of_child(host.process.pid)

    def stop_host(self, host: TestHost) -> None:
        """Kill the host's namespaces and remove its network namespace and files.

        Sockets a killed daemon leaves half-closed would keep the network namespace (and
        the veth pair with it) alive for minutes: they are destroyed first (``ss -K``).
        """
        if host.process is not None and host.process.poll() is None:
            host.process.send_signal(signal.SIGKILL)
            host.process.wait(timeout=30)
        if host.pid_namespace is not None:
            _wait_until_empty(host.pid_namespace)
        host.run("ss", "-K", "-a", "-t")
        host.run("ss", "-K", "-a", "-u")
        subprocess.run(["ip", "link", "del", host.outer], capture_output=True, check=False)
        subprocess.run(["ip", "netns", "del", host.netns], capture_output=True, check=False)
        shutil.rmtree(host.directory, ignore_errors=True)

    def close(self) -> None:
        """Stop every host, then remove the bridge (safe to call more than once)."""
        while self.hosts:
            self.stop_host(self.hosts.pop())
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True, check=False)


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")


def _pid_namespace_of_child(pid: int) -> str:
    """The PID namespace of the first child of ``pid`` (unshare's forked PID 1)."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8").split()
        if children:
            return str(Path(f"/proc/{children[0]}/ns/pid").readlink())
        time.sleep(0.1)
    raise RuntimeError(f"unshare (pid {pid}) has no child")


def pid_namespace_members(namespace: str) -> list[int]:
    """Processes (host PIDs) in the PID namespace ``namespace`` (as ``pid:[inode]``)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if str((entry / "ns/pid").readlink()) == namespace:
                    members.append(int(entry.name))
    return members


def _wait_until_empty(namespace: str) -> None:
    """The kernel kills a PID namespace's processes when its PID 1 dies; wait for them."""
    deadline = time.monotonic() + READY_TIMEOUT
    while pid_namespace_members(namespace):
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes of {namespace} still run after its PID 1 died")
        time.sleep(0.05)


def _wait_for_ssh(host: TestHost) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if host.process is not None and host.process.poll() is not None:
            break
        with contextlib.suppress(OSError), socket.create_connection((str(host.address), 22), 1):
            return
        time.sleep(0.2)
    log = host.log.read_text(encoding="utf-8", errors="replace")
    raise RuntimeError(f"test host {host.name} did not start sshd; boot log:\n{log}")


def _remove_stale(slot: int) -> None:
    """Remove what a killed run may have left in this slot (namespaces, bridge, files)."""
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=False)
    for line in listed.stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        if name.startswith(f"medinfra-s{slot}-"):
            subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)
    listed = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True, check=False)
    for line in listed.stdout.splitlines():
        name = line.split(":")[1].strip().split("@")[0]
        if name == f"mi{slot}br" or name.startswith(f"mi{slot}h"):
            subprocess.run(["ip", "link", "del", name], capture_output=True, check=False)
    shutil.rmtree(STATE_DIR / f"slot{slot}", ignore_errors=True)


@contextlib.contextmanager
def host_network(rootfs: Path, ssh_dir: Path) -> Iterator[HostNetwork]:
    """A bridge in a free slot, with a test key pair; everything removed at exit."""
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    lock, slot = _claim_slot()
    net = HostNetwork(
        slot=slot,
        rootfs=rootfs,
        private_key=ssh_dir / "id_ed25519",
        known_hosts=ssh_dir / "known_hosts",
    )
    try:
        _remove_stale(slot)
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(net.private_key)],
            check=True,
            timeout=30,
        )
        net.known_hosts.write_text("", encoding="utf-8")
        _ip("link", "add", net.bridge, "type", "bridge")
        _ip("addr", "add", f"{net.address(1)}/24", "dev", net.bridge)
        _ip("link", "set", net.bridge, "up")
        yield net
    finally:
        net.close()
        shutil.rmtree(STATE_DIR / f"slot{slot}", ignore_errors=True)
        lock.close()


def _claim_slot() -> tuple[IO[str], int]:
    """Lock the first free slot so concurrent test runs never share addresses or names."""
    for slot in SLOTS:
        lock = (STATE_DIR / f"slot{slot}.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        return lock, slot
    raise RuntimeError(f"all {len(SLOTS)} test host slots are in use")
