"""The healthcare-cloud stack: a thin shell over medinfra.cloud.program.run_stack.

Reads ``topology`` (and, for active-active data centres, ``data_centre`` and
``storage_pools``) from the stack configuration, refuses a topology that does not validate,
declares the components and exports project, network, firewall group and pool ids.
"""

from medinfra.cloud.program import run_stack

run_stack()
