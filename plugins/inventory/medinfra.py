"""Ansible inventory plugin medinfra: the topology model as hosts and groups."""

DOCUMENTATION = r"""
---
name: medinfra
short_description: Hosts and groups from a medinfra topology
description:
  - Reads a medinfra topology (validated by the medinfra model) and adds every network device
    as a host, grouped by site (C(site_<id>), dashes turned into underscores), by role
    (C(dc_edge), C(cpe), C(olt), ...) and by platform (C(huawei_vrp), C(huawei_vrpv8),
    C(huawei_smartax)); all devices are also in C(medinfra_devices).
  - Imaging gateways (C(sites[].imaging_gateways)) go in the group C(imaging_gateways) (and their
    site group), reached over SSH at their management address.
  - With a lab state directory (option O(lab_state) or E(MEDINFRA_LAB_STATE)) the lab's
    C(override.yaml) decides where each device answers; devices the lab does not run are left out,
    and so are the imaging gateways (the lab simulates network devices only). A lab started for
    another topology is an error, with the message C(medinfra push --lab) gives.
  - Without a lab state directory, a warning says so when a lab of this topology runs in the
    default state directory C(.medinfra/lab), as the run would target the real management addresses.
  - Under C(ansible-playbook) the plugin also loads the push engine and compiles the templates in
    the playbook process, so every forked worker of M(medinfra.hospital.medinfra_config) shares
    them and the topology.
  - The inventory file must be named C(medinfra.yml) or C(medinfra.yaml).
author:
  - medinfra contributors (@medinfra)
options:
  plugin:
    description: Must be C(medinfra.hospital.medinfra) (or C(medinfra)).
    required: true
    choices: [medinfra, medinfra.hospital.medinfra]
  topology:
    description:
      - Topology directory or file; a relative path is taken from the inventory file's directory.
      - Default is the directory holding the inventory file.
    type: path
  lab_state:
    description: State directory of a running medinfra lab (relative to the current directory).
    type: path
    env:
      - name: MEDINFRA_LAB_STATE
  imaging_gateway_user:
    description: C(ansible_user) of the imaging gateways.
    type: str
    env:
      - name: MEDINFRA_GATEWAY_USER
"""

EXAMPLES = r"""
# inventory/henan-provincial-hospital/medinfra.yml
plugin: medinfra.hospital.medinfra
"""

import re
import sys
from pathlib import Path
from typing import Any

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

_CONTROLLER_PYTHON = sys.executable
"""Modules for devices run on the controller, with the Python that runs Ansible (and medinfra)."""


def _group(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


class InventoryModule(BaseInventoryPlugin):
    """Turns the medinfra model into an Ansible inventory."""

    NAME = "medinfra.hospital.medinfra"

    def verify_file(self, path: str) -> bool:
        """Only ``medinfra.yml`` / ``medinfra.yaml`` files are ours."""
        return super().verify_file(path) and Path(path).name in {"medinfra.yml", "medinfra.yaml"}

    def parse(self, inventory: Any, loader: Any, path: str, cache: bool = True) -> None:
        """Load the topology and add its hosts and groups."""
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        try:
            from medinfra.errors import MedinfraError
        except ImportError as error:
            raise AnsibleParserError(f"medinfra is not importable: {error}") from error
        base = Path(path).resolve().parent
        topology_path = base / (self.get_option("topology") or ".")
        lab_state = self.get_option("lab_state")
        try:
            topology, override = self._load(topology_path, lab_state)
        except MedinfraError as error:
            raise AnsibleParserError(f"{path}: {error}") from error
        self.inventory.add_group("medinfra_devices")
        for site in topology.sites:
            for device in site.devices:
                self._add_device(site, device, topology_path.resolve(), override, lab_state)
            for gateway in site.imaging_gateways:
                if override is not None:
                    # the lab simulates network devices only: a rehearsal must never reach
                    # a real gateway's address
                    self.display.vvv(f"medinfra: {gateway.hostname} left out, not in the lab")
                    continue
                self._add_gateway(site, gateway, topology, topology_path.resolve())

    def _load(self, topology_path: Path, lab_state: str | None) -> tuple[Any, Any]:
        from medinfra.push.override import check_lab_topology, read_override, real_address_warning
        from medinfra.push.shared_topology import cached_topology, preload

        playbook = Path(sys.argv[0]).name == "ansible-playbook"
        loaded = preload(topology_path) if playbook else cached_topology(topology_path)
        if not lab_state:
            warning = real_address_warning(loaded.topology, loaded.root)
            if warning:
                self.display.warning(f"medinfra: {warning}")
            return loaded.topology, None
        state = Path(lab_state).resolve()
        override = read_override(state)
        check_lab_topology(override, loaded.topology, loaded.root, state)
        return loaded.topology, override

    def _add_device(
        self, site: Any, device: Any, topology: Path, override: Any, lab_state: str | None
    ) -> None:
        host = device.hostname
        if override is not None and host not in override.devices:
            self.display.vvv(f"medinfra: {host} left out, the lab does not run it")
            return
        groups = ("medinfra_devices", f"site_{_group(site.id)}", device.role.value)
        for group in (*groups, device.platform.value):
            self.inventory.add_group(group)
            self.inventory.add_host(host, group=group)
        from medinfra.platforms import platform_for

        spec = platform_for(device.platform)
        variables: dict[str, Any] = {
            "ansible_connection": "local",
            "ansible_python_interpreter": _CONTROLLER_PYTHON,
            "ansible_host": str(device.management.address.ip),
            "ansible_port": 22,
            "medinfra_topology": str(topology),
            "medinfra_site": site.id,
            "medinfra_role": device.role.value,
            "medinfra_platform": device.platform.value,
            "medinfra_model": device.model,
            "medinfra_netmiko_device_type": spec.netmiko_device_type,
            "medinfra_reachability_timeout": spec.boot_seconds,
            "medinfra_credentials_ref": device.credentials,
            "medinfra_lab_state": None,
            "medinfra_known_hosts": None,
        }
        if override is not None:
            entry = override.devices[host]
            variables.update(
                ansible_host=str(entry.address),
                ansible_port=entry.port,
                medinfra_lab_state=str(Path(lab_state or ".").resolve()),
                medinfra_known_hosts=str(override.known_hosts),
            )
        for name, value in variables.items():
            self.inventory.set_variable(host, name, value)

    def _add_gateway(self, site: Any, gateway: Any, topology: Any, path: Path) -> None:
        from medinfra.gateways import GROUP, gateway_host_vars

        host = gateway.hostname
        for group in (GROUP, f"site_{_group(site.id)}"):
            self.inventory.add_group(group)
            self.inventory.add_host(host, group=group)
        variables = gateway_host_vars(topology, site.id, gateway)
        variables["medinfra_topology"] = str(path)
        user = self.get_option("imaging_gateway_user")
        if user:
            variables["ansible_user"] = user
        for name, value in variables.items():
            self.inventory.set_variable(host, name, value)
