"""User interfaces as real devices hold them: a new value replaces the old, no ``undo`` first.

Real dumps (NE40E V800R011, AR V200R003/V300R019, public backups) show vty and console views
with ``protocol inbound all``, ``acl 2999 inbound``, ``authentication-mode password``,
``user privilege level 15``, ``idle-timeout 35791 0``. Each is one value per view (the last
one typed takes effect); the remediation sets the model's value in place, so no vty is left
without its ACL between an ``undo`` and the new line on a VRP5 router (no candidate there),
and no ``undo`` form with the old value's words is sent.
"""

import pytest

from medinfra.model import Platform
from medinfra.push.remediation import remediation

INTENDED = """\
#
sysname PE-01
#
user-interface vty 0 4
 acl 2000 inbound
 authentication-mode aaa
 protocol inbound ssh
 user privilege level 15
 idle-timeout 10 0
#
return
"""

CASES = [
    (" protocol inbound all", "protocol inbound ssh"),
    (" acl 2999 inbound", "acl 2000 inbound"),
    (" authentication-mode password", "authentication-mode aaa"),
    (" user privilege level 3", "user privilege level 15"),
    (" idle-timeout 35791 0", "idle-timeout 10 0"),
]


def _running(line: str, extra: str = "") -> str:
    """INTENDED with the device's value in place of the model's (and ``extra`` after it)."""
    out: list[str] = []
    for raw in INTENDED.splitlines():
        if raw.startswith(" ") and _same_key(raw, line):
            out.extend([line, *([extra] if extra else [])])
        else:
            out.append(raw)
    return "\n".join(out) + "\n"


def _same_key(raw: str, line: str) -> bool:
    words, have = line.split(), raw.split()
    if not have or have[0] != words[0]:
        return False
    return words[0] != "acl" or have[-1] == words[-1]


@pytest.mark.parametrize("platform", [Platform.HUAWEI_VRP, Platform.HUAWEI_VRPV8])
@pytest.mark.parametrize(("device_line", "model_line"), CASES)
def test_a_user_interface_value_is_replaced_in_place(platform, device_line, model_line):
    running = _running(device_line)
    assert device_line in running.splitlines() and model_line not in running
    commands = list(remediation(platform, running, INTENDED).commands)
    assert not [c for c in commands if c.startswith("undo ")], commands
    assert commands == ["user-interface vty 0 4", model_line, "quit"], commands


def test_an_ipv6_acl_of_the_view_is_not_the_ipv4_one():
    running = _running(" acl 2999 inbound", " acl ipv6 3001 inbound")
    commands = list(remediation(Platform.HUAWEI_VRP, running, INTENDED).commands)
    assert "acl 2000 inbound" in commands
    assert "undo acl ipv6 3001 inbound" in commands  # a line the model does not state
    assert "undo acl 2999 inbound" not in commands
