#!/usr/bin/python
"""Ansible module medinfra_config: push a device's intended configuration safely."""

DOCUMENTATION = r"""
---
module: medinfra_config
short_description: Push a Huawei device's intended configuration, rendered from the medinfra model
description:
  - Renders the host's intended configuration from the medinfra topology model, computes the
    remediation from its running configuration (hier_config), and pushes it with the medinfra
    push engine. Each device ends at its old configuration or its new one, never half.
  - Steps, per device. Connect with netmiko (SSH host key checked against a known-hosts file);
    confirm identity (prompt and sysname, serial where the model has one); read the running
    configuration and compute the remediation; in check mode stop there; push the remediation
    with the platform's error pattern; commit on VRPv8 and record the commit id; read the running
    configuration again and require an empty remediation; save.
  - On any failure (rejected line, timeout, lost connection, verification mismatch) the device is
    restored to its pre-change running configuration (VRPv8 C(rollback configuration to
    commit-id), otherwise the inverse remediation), the restore is verified, and the task fails
    with O(rolled_back=true).
  - Runs on the controller (C(connection=local)) with the Python that has medinfra installed;
    the medinfra inventory plugin sets both.
  - Credentials never come from the topology. In order, O(username)/O(password) (for example
    Ansible Vault variables), the credentials file, or E(MEDINFRA_USERNAME)/E(MEDINFRA_PASSWORD).
    Secrets in the rendered configuration come from E(MEDINFRA_SECRET_<REF>) or the credentials
    file.
version_added: "0.1.0"
author:
  - medinfra contributors
options:
  topology:
    description: Topology directory (with C(topology.yaml)) or single topology file.
    type: path
    required: true
  hostname:
    description: The device's hostname in the model (normally C(inventory_hostname)).
    type: str
    required: true
  operation:
    description:
      - V(push) pushes the remediation (check mode computes it only).
      - V(identity) only confirms the device is the one the model names (a pre-check).
      - V(verify) fails unless the running configuration holds the intended lines (a post-check).
    type: str
    choices: [push, identity, verify]
    default: push
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
      - Its C(override.yaml) says where each device answers.
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
  save:
    description: Save the running configuration after a verified push.
    type: bool
    default: true
  audit_log:
    description: JSON-lines audit log to append an entry to for each change.
    type: path
  lock_dir:
    description: Directory of the device and site lock files (default C(.medinfra/locks)).
    type: path
  timeout:
    description: Seconds to wait for the connection and for each answer of the device.
    type: float
    default: 20
  max_removals:
    description: Refuse the device (nothing sent) when the push would remove more lines.
    type: int
    default: 50
attributes:
  check_mode:
    support: full
    description: Computes the remediation and reports it as the diff; sends nothing to the device.
  diff_mode:
    support: full
    description: Returns the remediation lines as the diff (secrets stay placeholders).
notes:
  - Needs the medinfra Python package in the interpreter that runs the module.
"""

EXAMPLES = r"""
- name: Push the intended configuration
  medinfra_config:
    topology: "{{ medinfra_topology }}"
    hostname: "{{ inventory_hostname }}"
    host: "{{ ansible_host }}"
    port: "{{ ansible_port }}"
  register: push

- name: Confirm identity only (pre-check)
  medinfra_config:
    topology: "{{ medinfra_topology }}"
    hostname: "{{ inventory_hostname }}"
    operation: identity
"""

RETURN = r"""
changed:
  description: Whether the device changed (in check mode, whether it would).
  type: bool
  returned: always
commit_id:
  description: The VRPv8 commit id of the push (null on other platforms and without a change).
  type: str
  returned: always
  sample: "1000000002"
rolled_back:
  description: The push failed and the device was restored to its pre-change configuration.
  type: bool
  returned: operation is push
restore_verified:
  description: After a roll back, the running configuration was read again and matched.
  type: bool
  returned: operation is push
outcome:
  description: unchanged, changed, would-change, failed, rolled-back or refused.
  type: str
  returned: operation is push
remediation:
  description: The remediation lines (secrets as placeholders).
  type: list
  elements: str
  returned: always
unmanaged:
  description: Device lines the model does not own, left as they are (with the reason).
  type: list
  elements: str
  returned: operation is push
diff:
  description: The remediation, as Ansible's prepared diff.
  type: dict
  returned: when diff mode is on and something changes
durations:
  description: Seconds per step (connect, read, push, commit, verify, save, restore, total).
  type: dict
  returned: operation is push
sysname:
  description: The device's sysname as read from its running configuration.
  type: str
  returned: operation is identity or verify
"""

import sys

from ansible.module_utils.basic import AnsibleModule

ARGUMENT_SPEC = {
    "topology": {"type": "path", "required": True},
    "hostname": {"type": "str", "required": True},
    "operation": {"type": "str", "choices": ["push", "identity", "verify"], "default": "push"},
    "host": {"type": "str"},
    "port": {"type": "int", "default": 22},
    "lab_state": {"type": "path"},
    "known_hosts": {"type": "path"},
    "accept_new": {"type": "bool", "default": False},
    "username": {"type": "str"},
    "password": {"type": "str", "no_log": True},
    "credentials_file": {"type": "path"},
    "templates": {"type": "list", "elements": "path", "default": []},
    "save": {"type": "bool", "default": True},
    "audit_log": {"type": "path"},
    "lock_dir": {"type": "path"},
    "timeout": {"type": "float", "default": 20.0},
    "max_removals": {"type": "int", "default": 50},
}


def main() -> None:
    """Run the task through the medinfra package; report failures with their outcome."""
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        from medinfra.errors import MedinfraError
        from medinfra.push.ansible_task import run_task
    except ImportError as error:
        module.fail_json(msg=f"the medinfra package is not importable by {sys.executable}: {error}")
    try:
        result = run_task(module.params, check_mode=module.check_mode, want_diff=module._diff)
    except MedinfraError as error:
        module.fail_json(msg=str(error), changed=False, rolled_back=False)
    if result.pop("failed"):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
