"""Options every medinfra device task shares: where the model is, how to reach and log in."""

from __future__ import annotations


class ModuleDocFragment:
    """The shared options of medinfra.hospital.medinfra_config (and the device role)."""

    DOCUMENTATION = r"""
options:
  topology:
    description: Topology directory (with C(topology.yaml)) or single topology file.
    type: path
    required: true
  hostname:
    description: The device's hostname in the model (normally C(inventory_hostname)).
    type: str
    required: true
  host:
    description:
      - Address to connect to (default the model's management address).
      - Ignored with O(lab_state).
    type: str
  port:
    description: SSH port.
    type: int
    default: 22
  lab_state:
    description:
      - State directory of a running medinfra lab.
      - Its C(override.yaml) says where each device answers; a lab of another topology is an error.
    type: path
  known_hosts:
    description:
      - known_hosts file to check host keys against.
      - Default the lab's, or C(~/.ssh/known_hosts).
    type: path
  accept_new:
    description: Record a host key seen for the first time (a changed key is always refused).
    type: bool
    default: false
  username:
    description: Login user; overrides the credentials file and the environment.
    type: str
  password:
    description: Login password (use Ansible Vault).
    type: str
  credentials_file:
    description: Credentials file outside the repository (default E(MEDINFRA_CREDENTIALS_FILE)).
    type: path
  templates:
    description: Template directories layered over the built-in templates.
    type: list
    elements: path
    default: []
  timeout:
    description: Seconds to wait for the connection and for each answer of the device.
    type: float
    default: 20
"""
