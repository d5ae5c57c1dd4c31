"""The device lab: simulated Huawei devices over real SSH that netmiko's own drivers accept.

``run_lab(topology, state_dir)`` starts one SSH server per device of a topology, each on its
own loopback address, in a background thread; the lab is a simulator of the CLI subset
medinfra uses, not a device.
"""

from medinfra.lab.device import LabDevice, LabError
from medinfra.lab.faults import (
    ChangeHostKey,
    ConfirmLine,
    CutManagement,
    DropAfter,
    DropOn,
    Fault,
    Hang,
    IgnoreLine,
    Latency,
    RefuseAuth,
    RejectCommand,
    parse_fault,
)
from medinfra.lab.login_shapes import LoginBanner, LoginQuestion, PasswordChange, PreLoginBanner
from medinfra.lab.runner import LabHandle, create_lab, run_lab

__all__ = [
    "ChangeHostKey",
    "ConfirmLine",
    "CutManagement",
    "DropAfter",
    "DropOn",
    "Fault",
    "Hang",
    "IgnoreLine",
    "LabDevice",
    "LabError",
    "LabHandle",
    "Latency",
    "LoginBanner",
    "LoginQuestion",
    "PasswordChange",
    "PreLoginBanner",
    "RefuseAuth",
    "RejectCommand",
    "create_lab",
    "parse_fault",
    "run_lab",
]
