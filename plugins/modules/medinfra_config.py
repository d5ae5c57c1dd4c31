#!/usr/bin/python
"""Ansible module medinfra_config: push a device's intended configuration safely."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: medinfra_config
short_description: Push a Huawei device's intended configuration, rendered from the medinfra model
description:
  - Renders the host's intended configuration from the medinfra topology model, computes the
    remediation from its running configuration (hier_config), and pushes it with the medinfra
    push engine. Each device ends at its old configuration or its new one, never half.
  - Steps, per device. Optionally wait for the SSH port (O(reachability_timeout)); connect with
    netmiko (SSH host key checked against a known-hosts file); confirm identity (prompt and
    sysname, serial where the model has one); read the running configuration and compute the
    remediation; in check mode stop there; push the remediation with the platform's error
    pattern; commit on VRPv8 and record the commit id; read the running configuration again and
    require an empty remediation; save. The identity check is the pre-check, the verification
    read the post-check, both in one connection.
  - On any failure (rejected line, timeout, lost connection, verification mismatch) the device is
    restored to its pre-change running configuration (VRPv8 C(rollback configuration to
    commit-id), otherwise the inverse remediation), the restore is verified, and the task fails
    with RV(rolled_back=true).
  - An action plugin of the same name does the work in Ansible's worker process on the
    controller, with the topology loaded once per run by the medinfra inventory plugin and
    shared by every host; this module file is the documentation and a fallback.
  - Credentials never come from the topology. In order, O(username)/O(password) (for example
    Ansible Vault variables), the credentials file, or E(MEDINFRA_USERNAME)/E(MEDINFRA_PASSWORD).
    Secrets in the rendered configuration come from E(MEDINFRA_SECRET_<REF>) or the credentials
    file.
version_added: "0.1.0"
author:
  - medinfra contributors (@medinfra)
extends_documentation_fragment:
  - medinfra.hospital.device
options:
  operation:
    description:
      - V(push) pushes the remediation (check mode computes it only).
      - V(identity) only confirms the device is the one the model names.
      - V(verify) fails unless the running configuration holds the intended lines.
    type: str
    choices: [push, identity, verify]
    default: push
  save:
    description: Save the running configuration after a verified push.
    type: bool
    default: true
  audit_log:
    description: JSON-lines audit log to append an entry to for each change.
    type: path
  lock_dir:
    description: >-
      Directory of the device and site lock files (default C($MEDINFRA_LOCK_DIR), else the
      per-user or, for root, per-machine directory medinfra push uses).
    type: path
  reachability_timeout:
    description:
      - Seconds to wait for the device's SSH port to accept a connection before logging in.
      - V(0) does not wait.
    type: float
    default: 0
  max_removals:
    description: Refuse the device (nothing sent) when the push would remove more lines.
    type: int
    default: 50
  trial_seconds:
    description:
      - VRPv8 commits with C(commit trial N label L persist L description D) (L is
        medinfra-RUN), then a new SSH session verifies and confirms with C(commit persist L);
        when it cannot log in or verification fails, C(abort trial persist L) or the device
        reverts by itself after N seconds (60 to 65535). V(0) turns it off (plain commit).
    type: int
    default: 300
  reboot_delay:
    description:
      - VRP5 dead-man switch, in minutes - C(schedule reboot delay M) before the first line,
        cancelled once a new SSH session verified the change; a device that became unreachable
        reboots to its saved configuration (a reboot - minutes of outage). V(0) turns it off.
    type: int
    default: 10
  allow_management_change:
    description:
      - Push a change that breaks the management path (the management interface, the route
        to the management networks, the vty/SSH ACL, SSH itself or the login account) only
        under the trial (VRPv8) or dead-man reboot (VRP5) protection. Without it such a change
        is refused before anything is sent, in check mode too (see RV(ended)); a device without
        protection (an OLT) is refused even with it.
    type: bool
    default: false
  force:
    description:
      - Push a change that breaks the management path even with no protection (an MA5800,
        a VRP5 with C(no_reboot), protection off); a cut cannot then be undone remotely.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Computes the remediation and reports it as the diff; sends nothing to the device.
  diff_mode:
    support: full
    description: Returns the remediation lines as the diff (secrets stay placeholders).
  action:
    support: full
    description: The action plugin of the same name runs the task on the controller.
notes:
  - Needs the medinfra Python package (C(medinfra[push])) in the Python that runs Ansible.
"""

EXAMPLES = r"""
- name: Push the intended configuration
  medinfra.hospital.medinfra_config:
    topology: "{{ medinfra_topology }}"
    hostname: "{{ inventory_hostname }}"
    host: "{{ ansible_host }}"
    port: "{{ ansible_port }}"
  register: push

- name: Confirm identity only
  medinfra.hospital.medinfra_config:
    topology: "{{ medinfra_topology }}"
    hostname: "{{ inventory_hostname }}"
    operation: identity
"""

RETURN = r"""
changed:
  description: Whether the device changed (in check mode, whether it would).
  type: bool
  returned: always
  sample: true
commit_id:
  description: The VRPv8 commit id of the push (null on other platforms and without a change).
  type: str
  returned: operation is push
  sample: "1000000002"
rolled_back:
  description: The push failed and the device was restored to its pre-change configuration.
  type: bool
  returned: operation is push
  sample: false
restore_verified:
  description: After a roll back, the running configuration was read again and matched.
  type: bool
  returned: operation is push
  sample: false
refused:
  description: The device was not the one the model names (prompt, sysname, serial); nothing sent.
  type: bool
  returned: operation is push
  sample: false
error_type:
  description: >-
    The class of the exception behind C(msg) (for example NetmikoTimeoutException or
    RefusedError); C(msg) holds the error text in the user's words.
  type: str
  returned: failed or refused
  sample: NetmikoTimeoutException
outcome:
  description: unchanged, changed, would-change, failed, rolled-back or refused.
  type: str
  returned: operation is push
  sample: changed
ended:
  description:
    - How a protected change ended - C(confirmed), C(reverted by trial) (VRPv8 - aborted or
      expired), C(restored by reboot) (VRP5 - the dead-man reboot), C(restored line by line)
      (VRP5 - the new session logged in but verification failed; the reboot was cancelled);
      null when unprotected or nothing was sent.
    - 'C(refused: management path) - the change breaks the management path and was not allowed
      (O(allow_management_change), O(force)); nothing was sent.'
  type: str
  returned: operation is push
  sample: confirmed
run_id:
  description:
    - The push's run id; each VRPv8 commit carries it (label medinfra-RUN, description
      medinfra push RUN), and so does the audit entry.
  type: str
  returned: operation is push
  sample: 20261201T230512Z-1a2b3c
remediation:
  description: The remediation lines (secrets as placeholders).
  type: list
  elements: str
  returned: always
  sample: ["ntp-service unicast-server 10.255.0.10", "lldp enable"]
unmanaged:
  description: Device lines the model does not own, left as they are (with the reason).
  type: list
  elements: str
  returned: operation is push
  sample: ["local-user vendor-support (not in the model: left as it is)"]
diff:
  description: The remediation, as Ansible's prepared diff.
  type: dict
  returned: when diff mode is on and something changes
  sample: {"prepared": "ntp-service unicast-server 10.255.0.10\n"}
durations:
  description: Seconds per step (connect, read, push, commit, verify, save, restore, total).
  type: dict
  returned: operation is push
  sample: {"connect": 0.41, "read": 0.12, "push": 1.2, "verify": 0.1, "save": 0.05, "total": 2.1}
sysname:
  description: The device's sysname as read from its running configuration.
  type: str
  returned: operation is identity or verify
  sample: XC-CPE-01
msg:
  description: What went wrong (device, step and the device's own words), on failure.
  type: str
  returned: failure
  sample: "HPPH-CPE-01: the device rejected 'lldp enable': Error: Unrecognized command"
"""

import sys

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.medinfra.hospital.plugins.module_utils.config_spec import ARGUMENT_SPEC


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
