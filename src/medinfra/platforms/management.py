"""The management-path contract: how a platform's configuration lets the controller in.

A :class:`ManagementPath` is data: regexes over the canonical tree lines (one per line, as
:func:`~medinfra.platforms.layout.tree_lines` prints them, without indentation) that name
the management interface's address and state, the routes, the login filters (ACLs or
address ranges), the SSH service and its source, the login lines and the login account.
:mod:`medinfra.push.mgmt_path` reads a running config and the config after a remediation
with it and proves that the controller still reaches the device. Each platform module
defines its instance; patterns name ``{login}`` (the account the push logs in with).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LoginFilter:
    """Who may log in: numbered ACLs (VRP) or address ranges (SmartAX ``sysman``)."""

    bindings: tuple[str, ...] = ()
    """Top-level lines binding an ACL to SSH (group ``acl``: ``ssh server acl 2000``)."""
    vty_binding: str | None = None
    """A vty line binding an ACL to logins (group ``acl``: ``acl 2000 inbound``)."""
    acl_view: str | None = None
    """An ACL's view (group ``acl``: ``acl number 2000``)."""
    acl_rule: str | None = None
    """A rule of it (groups ``id``, ``action``, ``rest``: ``rule 5 permit source ...``)."""
    allow_range: str | None = None
    """An allowed address range (groups ``low``, ``high``: ``sysman ip-access ssh A B``)."""
    refuse_range: str | None = None
    """A refused address range (groups ``low``, ``high``: ``sysman ip-refuse ssh A B``)."""
    ranges_enforced: str | None = None
    """The line that makes the ranges apply (``sysman firewall ssh enable``); without it
    (or with no allowed range) every address may log in."""


@dataclass(frozen=True)
class ManagementPath:
    """Every line through which the controller reaches a device of the family."""

    address: str
    """The management interface's address (groups ``ip``, ``mask``)."""
    down: str
    """A line of an interface that takes it down (``shutdown``)."""
    up: str | None
    """A line a port in use shows, whose removal takes it down (VRPv8 ``undo shutdown``)."""
    vpn_binding: str | None
    """The interface's vpn-instance (group ``vpn``)."""
    route: str
    """A static route (groups ``vpn``, ``prefix``, ``mask``, ``hop``)."""
    login_filter: LoginFilter
    """The ACL or ranges deciding who may log in."""
    ssh_on: tuple[str, ...]
    """Lines that turn the SSH server on: one of them must stay."""
    ssh_off: tuple[str, ...]
    """Lines whose presence turns the SSH server off."""
    ssh_source: str | None
    """A line naming where SSH answers (group ``iface``, or group ``all`` for every interface);
    with none, the proof takes SSH to answer nowhere (removing the last one is a break)."""
    vty: str | None
    """The vty section (``user-interface vty 0 4``)."""
    vty_lines: tuple[str, ...] = ()
    """Lines of the vty section that let an SSH login in (``authentication-mode aaa``,
    ``protocol inbound ssh``): one kept that was there is required to stay."""
    account_parent: str | None = None
    """The section holding the login account (``aaa``; None: top level)."""
    account: str | None = None
    """Any line of the login account (``local-user {login} ...``)."""
    account_services: str | None = None
    """Its service types (group ``services``): must keep ``ssh``."""
    account_rights: tuple[str, ...] = ()
    """Its rights (group ``level``: a number that must not go down, or ``group``: a name that
    must stay): ``local-user {login} privilege level 15``, ``... user-group manage-ug``."""
    ssh_user: str | None = None
    """The SSH user's authentication type (group ``auth``): must keep allowing a password."""
    password_auth: tuple[str, ...] = field(default=("password", "all"))
    """Authentication types a password login passes."""
    route_preference: str | None = None
    """A static route's preference (group ``preference``); lower wins, equal ones share."""
    default_preference: int = 60
    """The preference of a static route that states none (VRP and SmartAX: 60)."""
    no_revert: str | None = None
    """Why a change of the family can never come back by itself (no commit trial, no delayed
    reboot); None when the family has such a means (:mod:`medinfra.push.protect`)."""
