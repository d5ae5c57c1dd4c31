"""Safe pushes: diff, push, commit, verify, roll back — one device at a time, many at once.

Only this layer opens connections to devices. The engine works on one device
(:func:`medinfra.push.engine.push_device`); the runner drives many with a bounded thread pool
(:func:`medinfra.push.runner.run_push`); both the CLI and the Ansible module use them.
"""

from medinfra.push.errors import (
    CredentialsError,
    HostKeyError,
    IdentityError,
    LockBusyError,
    PushError,
    VerificationError,
)
from medinfra.push.results import DeviceResult, RunResult

__all__ = [
    "CredentialsError",
    "DeviceResult",
    "HostKeyError",
    "IdentityError",
    "LockBusyError",
    "PushError",
    "RunResult",
    "VerificationError",
]
