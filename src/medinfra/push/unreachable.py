"""What to tell the operator when a restore cannot reach the device, or fails on it.

The report says what the device held as far as the push last saw it, what could not be undone
and the command to finish by hand; before a restore is reported as failed, the device is read
once more, and a device found back at its old configuration is reported restored (a device
that keeps dropping may have taken every restore line before the connection went).

The lines to send by hand are exactly the ones the device could not be given: the restore's
own lines (over the push's scope, :mod:`medinfra.push.restore_scope`) from the configuration
the device was last read with, or, when no read succeeded after the failure, from the
configuration it holds if every pushed line arrived. Lines the device holds that the push did
not write (its own additions, another operator's lines) are never among them.
"""

from hier_config import get_hconfig

from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.push.guard import ScopeContext
from medinfra.push.remediation import parse
from medinfra.push.restore_scope import restore_remediation

MAX_LINES_SHOWN = 40


def pushed_future(platform: Platform, before: str, pushed: str) -> str:
    """The configuration ``before`` becomes when every line of ``pushed`` (the push's scoped
    remediation, as an indented tree) arrived, as config text.

    Examples:
        >>> pushed = "interface GigabitEthernet0/0/1\\n  description uplink"
        >>> print(pushed_future(Platform.HUAWEI_VRP, "sysname A", pushed))
        interface GigabitEthernet0/0/1
         description uplink
        sysname A
    """
    delta = get_hconfig(platform_for(platform).remediation.driver(), pushed)
    future = parse(platform, before).future(delta)
    lines = (" " * (child.depth() - 1) + child.text for child in future.all_children_sorted())
    return "\n".join(lines)  # one space per level, as the platforms' dumps indent


def left_to_send(  # noqa: PLR0917 - the restore's inputs, as the push holds them
    platform: Platform,
    before: str,
    intended: str,
    scope: ScopeContext,
    last_seen: str | None,
    pushed: str,
) -> tuple[str, ...]:
    """The restore lines the device still lacks: from ``last_seen`` (its running config as
    last read), else from the config it holds if every line of ``pushed`` arrived."""
    running = last_seen if last_seen is not None else pushed_future(platform, before, pushed)
    return restore_remediation(platform, running, before, intended, scope).remediation.commands


def by_hand(
    platform: Platform,
    intended: str,
    before: str,
    *,
    base_commit: str | None,
    commit_id: str | None,
    scope: ScopeContext | None = None,
    last_seen: str | None = None,
    pushed: str = "",
) -> str:
    """The state last seen and how to finish the restore by hand.

    Examples:
        >>> text = by_hand(Platform.HUAWEI_VRPV8, "", "", base_commit="1000000001",
        ...                commit_id="1000000002")
        >>> text.endswith("in user view: rollback configuration to commit-id 1000000001")
        True
    """
    if platform is Platform.HUAWEI_VRPV8:
        if commit_id is None:
            return (
                "last seen: lines sent to the candidate, never committed (a candidate dies with "
                "its session, so the device should hold its old configuration); check with "
                "'medinfra push --check'"
            )
        target = (
            f"rollback configuration to commit-id {base_commit}"
            if base_commit
            else "rollback configuration last 1"
        )
        return (
            f"last seen: commit {commit_id} applied (the push's); to finish by hand, "
            f"in user view: {target}"
        )
    inverse = left_to_send(platform, before, intended, scope or ScopeContext(), last_seen, pushed)
    if not inverse:
        return (
            "last seen: read again after the failure, the device is at its old configuration "
            "over the push's scope; nothing is left to send by hand (check with 'medinfra push "
            "--check')"
        )
    seen = (
        "read again after the failure, it lacks what these lines give back"
        if last_seen is not None
        else "it could not be read again, so every pushed line is taken as arrived"
    )
    shown = inverse[:MAX_LINES_SHOWN]
    more = (
        f" ... and {len(inverse) - MAX_LINES_SHOWN} more" if len(inverse) > MAX_LINES_SHOWN else ""
    )
    return (
        "last seen: some or all of the pushed lines applied (this platform applies each line "
        f"as it arrives), so the device may be half-changed ({seen}); to finish by hand, in "
        f"configuration mode send: {' | '.join(shown)}{more} -- or run 'medinfra push' "
        "again to bring it to the model"
    )
