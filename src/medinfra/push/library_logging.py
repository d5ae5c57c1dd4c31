"""paramiko's log records never reach the terminal by themselves.

paramiko logs through the :mod:`logging` module and adds no handler of its own (netmiko gives
its logger a null handler itself). With no handler anywhere in a process, Python prints every
record of level WARNING or above to stderr (``logging.lastResort``). A push therefore printed
paramiko's transport thread's ``Socket exception: Broken pipe (32)`` -- a device that closed
its side while paramiko was still writing, which the push itself already handles and reports
-- into ``medinfra push``'s output and, in an Ansible worker, as "errantly sent data directly
to stderr" under a run that had succeeded (a failed key exchange prints a whole traceback the
same way).

paramiko's logger gets a :class:`logging.NullHandler` here, as a library should have: nothing
is printed unasked, and a record still reaches every handler a user or an application
configures (``logging.basicConfig``, Ansible's or a test runner's), since records propagate.
What a push did and why it failed is said by its results and the audit log, never by these.
"""

import logging


def quiet_library_logs() -> None:
    """Give paramiko's logger a null handler, once (calling again adds nothing)."""
    logger = logging.getLogger("paramiko")  # every paramiko module's logger propagates to it
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
