"""What to tell the operator when a restore cannot reach the device, or fails on it.

The report says what the device held as far as the push last saw it, what could not be undone
and the command to finish by hand; before a restore is reported as failed, the device is read
once more, and a device found back at its old configuration is reported restored (a device
that keeps dropping may have taken every restore line before the connection went).
"""

from medinfra.model import Platform
from medinfra.push.remediation import remediation

MAX_LINES_SHOWN = 40


def by_hand(
    platform: Platform,
    intended: str,
    before: str,
    *,
    base_commit: str | None,
    commit_id: str | None,
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
    inverse = remediation(platform, intended, before, restore=True).commands
    shown = inverse[:MAX_LINES_SHOWN]
    more = (
        f" ... and {len(inverse) - MAX_LINES_SHOWN} more" if len(inverse) > MAX_LINES_SHOWN else ""
    )
    return (
        "last seen: some or all of the pushed lines applied (this platform applies each line "
        "as it arrives), so the device may be half-changed; to finish by hand, in "
        f"configuration mode send: {' | '.join(shown)}{more} -- or run 'medinfra push' "
        "again to bring it to the model"
    )
