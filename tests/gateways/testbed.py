"""The gateway test bed: two real Debian 12 hosts, a topology that points at them, a static
Ansible inventory made from that topology, and the far ends the gateways talk to (a DICOM
storage SCP standing in for the regional archive, a TCP syslog receiver).

The far ends listen on the test hosts' private bridge address (10.203.<slot>.1), which only
the test hosts' network namespaces can reach.
"""

import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from pathlib import Path
from typing import Any

import yaml
from pynetdicom import AE, evt
from pynetdicom.sop_class import CTImageStorage, Verification

from medinfra.gateways import gateways_host_vars
from medinfra.load import load_topology
from medinfra.model import Topology
from tests.conftest import INVENTORY, REPO
from tests.hosts.testhosts import HostNetwork

HOSTS = {"gw-a": 11, "gw-b": 12}
DICOM_PORTS = {"gw-a": 104, "gw-b": 4242}  # below 1024 needs the capability, above does not
PEER_NETWORK_OFFSET = 32  # peers send from 10.203.<slot>.32/27
ALLOWED_SOURCE = 33
DISALLOWED_SOURCE = 100
ARCHIVE_AE = "TEST_ARCHIVE"
PEER_AE = "TEST_MODALITY"
PLAYBOOK_TIMEOUT = 300


@dataclass
class Archive:
    """A storage SCP that records what the gateways forward to it."""

    address: IPv4Address
    received: list[str] = field(default_factory=list)
    server: Any = None

    def start(self) -> int:
        ae = AE(ae_title=ARCHIVE_AE)
        ae.add_supported_context(CTImageStorage)
        ae.add_supported_context(Verification)

        def on_store(event: Any) -> int:
            self.received.append(str(event.dataset.SOPInstanceUID))
            return 0x0000

        self.server = ae.start_server(
            (str(self.address), 0), block=False, evt_handlers=[(evt.EVT_C_STORE, on_store)]
        )
        return int(self.server.server_address[1])

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()


@dataclass
class SyslogReceiver:
    """A TCP syslog receiver (octet-counted or newline-framed, kept as raw text)."""

    address: IPv4Address
    text: list[str] = field(default_factory=list)
    listener: socket.socket | None = None
    stopping: threading.Event = field(default_factory=threading.Event)

    def start(self) -> int:
        self.listener = socket.create_server((str(self.address), 0))
        self.listener.settimeout(0.5)
        threading.Thread(target=self._serve, daemon=True).start()
        return int(self.listener.getsockname()[1])

    def _serve(self) -> None:
        assert self.listener is not None
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by stop()
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection: socket.socket) -> None:
        connection.settimeout(0.5)
        with connection:
            while not self.stopping.is_set():
                try:
                    chunk = connection.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    return
                self.text.append(chunk.decode("utf-8", "replace"))

    def stop(self) -> None:
        self.stopping.set()
        if self.listener is not None:
            self.listener.close()


def test_topology(net: HostNetwork) -> Topology:
    """The Henan example with its gateway replaced by the two test hosts."""
    topology = load_topology(INVENTORY / "henan-provincial-hospital").topology
    gateway_site = next(s for s in topology.sites if s.imaging_gateways)
    template = gateway_site.imaging_gateways[0]
    peer = template.peers[0].model_copy(
        update={
            "ae_title": PEER_AE,
            "network": IPv4Network(f"{net.address(PEER_NETWORK_OFFSET)}/27"),
        }
    )
    archive = template.archive.model_copy(
        update={"ae_title": ARCHIVE_AE, "host": str(net.address(1))}
    )
    gateways = tuple(
        template.model_copy(
            update={
                "hostname": name,
                "management_address": IPv4Interface(f"{net.address(index)}/24"),
                "ae_title": f"GW_{name[-1].upper()}",
                "dicom_port": DICOM_PORTS[name],
                "peers": (peer,),
                "archive": archive,
            }
        )
        for name, index in HOSTS.items()
    )
    sites = tuple(
        site.model_copy(update={"imaging_gateways": gateways if site is gateway_site else ()})
        for site in topology.sites
    )
    management = topology.management.model_copy(
        update={
            "networks": (IPv4Network(f"{net.address(0)}/28"),),
            "ntp_servers": (net.address(1), net.address(2)),
            "syslog_servers": (net.address(1),),
        }
    )
    return topology.model_copy(update={"sites": sites, "management": management})


def write_inventory(
    path: Path, topology: Topology, net: HostNetwork, extra: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """A static YAML inventory: the model's host vars plus how to reach the test hosts."""
    ssh_args = f"-o UserKnownHostsFile={net.known_hosts} -o StrictHostKeyChecking=yes"
    hosts = gateways_host_vars(topology)
    for variables in hosts.values():
        variables.update(
            ansible_user="root",
            ansible_ssh_private_key_file=str(net.private_key),
            ansible_ssh_common_args=ssh_args,
            ansible_python_interpreter="/usr/bin/python3",
            **extra,
        )
    document = {"all": {"children": {"imaging_gateways": {"hosts": hosts}}}}
    path.write_text(yaml.safe_dump(document, sort_keys=True), encoding="utf-8")
    return hosts


def run_playbook(inventory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real ansible-playbook, from the repository root (its ansible.cfg and roles)."""
    env = {
        **os.environ,
        "ANSIBLE_PIPELINING": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_NOCOLOR": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
    command = [
        str(Path(sys.executable).parent / "ansible-playbook"),
        "-i",
        str(inventory),
        "gateways.yml",
        *args,
    ]
    return subprocess.run(
        command,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=PLAYBOOK_TIMEOUT,
        check=False,
    )


def recap(output: str) -> dict[str, dict[str, int]]:
    """The PLAY RECAP counters per host: ``{"gw-a": {"ok": 20, "changed": 0, ...}}``."""
    counters: dict[str, dict[str, int]] = {}
    for line in output.split("PLAY RECAP", 1)[-1].splitlines():
        if ":" not in line or "=" not in line:
            continue
        host, _, rest = line.partition(":")
        counters[host.strip()] = {
            key: int(value) for key, value in (item.split("=") for item in rest.split())
        }
    return counters
