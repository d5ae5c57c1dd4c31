"""The options of medinfra_config, shared by the module (its docs and fallback) and the action."""

from __future__ import annotations

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
    "reachability_timeout": {"type": "float", "default": 0.0},
    "max_removals": {"type": "int", "default": 50},
    "trial_seconds": {"type": "int", "default": 300},
    "reboot_delay": {"type": "int", "default": 10},
    "allow_management_change": {"type": "bool", "default": False},
    "force": {"type": "bool", "default": False},
}
