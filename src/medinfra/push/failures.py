"""What a device, its connection or its verification can throw at a push, and how to say it."""

import paramiko
from netmiko.exceptions import NetmikoBaseException, ReadTimeout

from medinfra.push.errors import PushError
from medinfra.push.job import DeviceJob

FAILURES: tuple[type[BaseException], ...] = (
    PushError,
    NetmikoBaseException,
    paramiko.SSHException,
    OSError,
    EOFError,
    ValueError,
)
"""What a device, its connection or its verification can throw at a push."""


def describe(job: DeviceJob, error: BaseException) -> str:
    """The error in the user's words: never netmiko's regular expressions or advice."""
    host = job.device.hostname
    if isinstance(error, ReadTimeout):
        return f"{host}: no answer from the device within {job.endpoint.timeout:g} s (--timeout)"
    if isinstance(error, EOFError | OSError | paramiko.SSHException) and not str(error).strip():
        return f"{host}: the device closed the connection"
    text = str(error).strip() or type(error).__name__
    if not isinstance(error, PushError):
        text = text.splitlines()[0]  # netmiko appends paragraphs of advice
    if text.startswith(f"{host}:"):
        return text
    return f"{host}: {type(error).__name__}: {text}"
