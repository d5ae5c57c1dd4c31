"""Action plugin medinfra_config: the push runs in Ansible's worker on the controller.

No module is transferred or started: the worker process, forked from the playbook process
where the medinfra inventory plugin already loaded the topology and imported the push engine,
renders this host's config once and pushes it. Documentation: the module of the same name.
"""

from __future__ import annotations

import sys
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.medinfra.hospital.plugins.module_utils.config_spec import ARGUMENT_SPEC


class ActionModule(ActionBase):
    """Validates the options, then calls medinfra.push.ansible_task.run_task."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run the push (or the identity / verify probe) for this host."""
        result: dict[str, Any] = super().run(tmp, task_vars)
        _, params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        try:
            from medinfra.errors import MedinfraError
            from medinfra.push.ansible_task import run_task
        except ImportError as error:
            raise AnsibleActionFail(
                f"the medinfra package is not importable by {sys.executable}: {error} "
                "(install medinfra[push] into the Python that runs Ansible)"
            ) from error
        try:
            outcome = run_task(
                params, check_mode=bool(self._task.check_mode), want_diff=bool(self._task.diff)
            )
        except MedinfraError as error:
            outcome = {"failed": True, "changed": False, "rolled_back": False, "msg": str(error)}
        result.update(outcome)
        return result
