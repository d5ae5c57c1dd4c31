"""The test-host machinery itself: a host boots with its own namespaces, answers over SSH,
and leaves nothing behind (processes, namespaces, links, mounts, files), even when the code
using it fails."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.hosts import rootfs, testhosts

pytestmark = pytest.mark.hosts


@pytest.fixture(scope="module")
def root() -> Path:
    problem = testhosts.capability_problem()
    if problem is not None:
        pytest.skip(f"real test hosts unavailable: {problem}")
    return rootfs.ensure_rootfs()


def ssh(net: testhosts.HostNetwork, host: testhosts.TestHost, command: str) -> str:
    done = subprocess.run(
        [
            "ssh", "-i", str(net.private_key), "-o", f"UserKnownHostsFile={net.known_hosts}",
            "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
            f"root@{host.address}", command,
        ],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return done.stdout


def leftovers(net: testhosts.HostNetwork, host: testhosts.TestHost, pid_ns: str) -> list[str]:
    found = [f"process {pid}" for pid in testhosts.pid_namespace_members(pid_ns)]
    namespaces = subprocess.run(
        ["ip", "netns", "list"], capture_output=True, text=True, check=False
    ).stdout
    if host.netns in namespaces:
        found.append(f"network namespace {host.netns}")
    links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True, check=False).stdout
    found += [f"link {name}" for name in (host.outer, net.bridge) if f" {name}:" in links]
    if str(host.directory) in Path("/proc/self/mountinfo").read_text(encoding="utf-8"):
        found.append("a mount of the host's overlay")
    if host.directory.exists():
        found.append(f"directory {host.directory}")
    return found


def test_a_host_boots_in_its_own_namespaces_and_is_removed(root: Path, tmp_path: Path) -> None:
    with testhosts.host_network(root, tmp_path) as net:
        host = net.start_host("probe", 21)
        assert host.process is not None
        pid_ns = host.pid_namespace
        assert pid_ns is not None
        assert pid_ns != str(Path("/proc/self/ns/pid").readlink())
        assert ssh(net, host, "hostname").strip() == "probe"
        # PID 1 of the host is its reaper, and only the host's processes are visible.
        assert "medinfra-init" in ssh(net, host, "cat /proc/1/cmdline")
        assert int(ssh(net, host, "ls /proc | grep -c '^[0-9]'")) < 20
        assert f"inet {host.address}/24" in ssh(net, host, "ip -4 addr show eth0")
        assert testhosts.pid_namespace_members(pid_ns)
    assert leftovers(net, host, pid_ns) == []


def test_nothing_is_left_behind_when_the_test_fails(root: Path, tmp_path: Path) -> None:
    failing = pytest.raises(RuntimeError, match="the test failed")
    with failing, testhosts.host_network(root, tmp_path) as net:
        host = net.start_host("doomed", 22)
        pid_ns = host.pid_namespace
        assert pid_ns is not None
        ssh(net, host, "sleep 600 >/dev/null 2>&1 &")  # a stray process inside the host
        raise RuntimeError("the test failed")
    assert leftovers(net, host, pid_ns) == []


def test_capability_problem_names_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert testhosts.capability_problem() == (
        "test hosts need root (network namespaces, mounts, chroot)"
    )


def test_the_rootfs_cache_is_keyed_by_the_package_list(tmp_path: Path) -> None:
    base = rootfs.rootfs_path(tmp_path)
    assert base.parent == tmp_path
    assert rootfs.rootfs_path(tmp_path, (*rootfs.PACKAGES, "vim")) != base
    assert rootfs.rootfs_path(tmp_path, tuple(reversed(rootfs.PACKAGES))) == base
