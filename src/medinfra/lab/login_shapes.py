"""What a lab device can be told to print or ask between the SSH login and its first prompt.

Real devices do not go straight to ``<HOST>``: they print banners (VRP ``header shell
information``, several lines that may hold ``>``, ``]`` and ``#``), ask for a new password
at the first login or once it expired, or ask another question. Each shape is a small frozen
value held in the device's fault list (``medinfra.lab.faults``), so it is injected and
cleared like a fault; :mod:`medinfra.lab.login` plays them. Where each text comes from is in
``docs/lab.md`` (provenance; the SmartAX password question is not from a capture).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LoginBanner:
    """Text printed once the shell opens, before the login information (VRP ``header shell
    information``, an MA5800's site banner): any lines, prompt-like characters included."""

    text: str


@dataclass(frozen=True)
class PreLoginBanner:
    """Text sent as the SSH protocol's banner, before the password is asked (``header login
    information``): the client receives it outside the shell."""

    text: str


@dataclass(frozen=True)
class PasswordChange:
    """At login the device asks for a new password (``reason``: ``initial``, the shipped or
    reset password; ``expired``, its validity ran out) before the prompt. Answered no, the
    session carries on; answered yes, it asks for the old and new passwords and records the
    change (``DeviceState.extras["password-changed"]``)."""

    reason: str = "initial"


@dataclass(frozen=True)
class LoginQuestion:
    """Another question the device asks at login before the prompt (``text`` ends with its
    ``[Y/N]:`` or ``(y/n)[n]:``); every answer is recorded (``extras["login-answers"]``)."""

    text: str
