"""The management-path proof: after the change, the controller still reaches the device.

Before a line is sent, the device's running config and the config it would hold after the
remediation (hier_config's ``future``) are read with the platform's
:class:`~medinfra.platforms.management.ManagementPath`. Whatever let the controller in before
must still let it in after:

- **interface**: the management interface exists, keeps the management address, is not shut
  down and stays in its vpn-instance;
- **route**: every part of each management network leaves through the same next hops
  (longest prefix, lowest preference, equal-cost routes sharing): none removed, replaced or
  *added* (an added equal-cost next hop takes part of the flows;
  :mod:`medinfra.push.mgmt_route`);
- **login filter**: the ACLs on the vty lines and on SSH (first matching rule decides), or
  SmartAX's ``sysman`` ranges, still permit every management network;
- **this controller**: when the push's own session comes from an address outside every
  management network (a jump host, an operator's laptop), that address is held to the route
  and login-filter proofs as well: the change that would shut out the very controller making
  it is a break, not a surprise at the next login;
- **SSH**: the server stays on, still answers on the management interface, and the vty lines
  keep ``authentication-mode aaa`` and ``protocol inbound ssh``;
- **account**: the account the push logs in with stays, keeps ``service-type ssh``, its rights
  and a password login.

Only what held before is required after (a device that filtered nothing may gain an ACL that
permits the management ranges). A break names the remediation line that causes it: the last
line after which the path stays broken.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from hier_config import HConfig, get_hconfig
from hier_config.child import HConfigChild

from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.platforms.management import ManagementPath
from medinfra.push.mgmt_acl import Rule, acl_denial, mask_network, range_denial, read_rule
from medinfra.push.mgmt_route import (
    CONNECTED_PREFERENCE,
    Route,
    change,
    reach,
    static_routes,
)
from medinfra.push.remediation import parse

Node = HConfig | HConfigChild


@dataclass(frozen=True)
class ManagementContext:
    """How the controller reaches this device: from the model and the push's login."""

    interface: str
    address: IPv4Address | None
    networks: tuple[IPv4Network, ...]
    login: str
    controller: IPv4Address | None = None
    """The address the push's session comes from (None: unknown, e.g. through a tunnel)."""

    def sources(self) -> Iterator[tuple[IPv4Network, str]]:
        """Every source of logins the change must keep letting in, each with its name: the
        management networks, and this controller when none of them holds it.

        Examples:
            >>> context = ManagementContext("GE0/0/0", None, (IPv4Network("10.9.0.0/16"),), "ops",
            ...     IPv4Address("192.168.100.50"))
            >>> [who for _, who in context.sources()]
            ['the management network 10.9.0.0/16', 'this controller (192.168.100.50)']
        """
        for network in self.networks:
            yield network, f"the management network {network}"
        controller = self.controller
        if controller is not None and not any(controller in n for n in self.networks):
            yield IPv4Network(controller), f"this controller ({controller})"


@dataclass(frozen=True)
class Break:
    """One remediation line that cuts the controller off, and how."""

    path: str
    """The path it breaks: interface, route, login filter, SSH, account."""
    line: str
    what: str

    def __str__(self) -> str:
        return f"`{self.line}` breaks the {self.path}: {self.what}"


def _name(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _match(pattern: str | None, text: str, login: str = "") -> re.Match[str] | None:
    if pattern is None:
        return None
    return re.search(pattern.replace("{login}", re.escape(login)), text, re.IGNORECASE)


@dataclass(frozen=True)
class _View:
    """One configuration tree read with the platform's management facts."""

    tree: HConfig
    facts: ManagementPath
    context: ManagementContext

    def lines(self, pattern: str | None, node: Node | None = None) -> Iterator[re.Match[str]]:
        for child in (node or self.tree).children:
            found = _match(pattern, child.text, self.context.login)
            if found is not None:
                yield found

    def first(self, pattern: str | None, node: Node | None = None) -> re.Match[str] | None:
        return next(self.lines(pattern, node), None)

    def interface(self) -> HConfigChild | None:
        wanted = _name(self.context.interface)
        for child in self.tree.children:
            if child.text.startswith("interface ") and _name(child.text[10:]) == wanted:
                return child
        return None

    def sections(self, pattern: str | None) -> list[HConfigChild]:
        return [c for c in self.tree.children if _match(pattern, c.text) is not None]


Check = Callable[[_View, _View], str | None]
"""A path's proof: what breaks between before and after (None: the path holds)."""


def _interface(before: _View, after: _View) -> str | None:
    facts, name, address = before.facts, before.context.interface, before.context.address
    old = before.interface()
    if old is None or address is None:
        return None
    if not any(IPv4Address(m["ip"]) == address for m in before.lines(facts.address, old)):
        return None
    new = after.interface()
    if new is None:
        return f"the management interface {name} is removed"
    if not any(IPv4Address(m["ip"]) == address for m in after.lines(facts.address, new)):
        return f"{name} no longer holds the management address {address}"
    if before.first(facts.down, old) is None and after.first(facts.down, new) is not None:
        return f"{name} is shut down"
    if before.first(facts.up, old) is not None and after.first(facts.up, new) is None:
        return f"{name} loses `undo shutdown` (the port goes down)"
    vpn_before, vpn_after = _vpn(before, old), _vpn(after, new)
    if vpn_before != vpn_after:
        return f"{name} moves from {_vpn_text(vpn_before)} to {_vpn_text(vpn_after)}"
    return None


def _vpn(view: _View, interface: Node | None) -> str | None:
    found = view.first(view.facts.vpn_binding, interface) if interface is not None else None
    return found["vpn"] if found is not None else None


def _vpn_text(vpn: str | None) -> str:
    return f"vpn-instance {vpn}" if vpn else "the public instance"


def _routes(view: _View, vpn: str | None) -> list[Route]:
    """The routes of ``view`` in instance ``vpn``: the management interface's connected
    subnets and the static routes."""
    facts, routes = view.facts, []
    interface = view.interface()
    if interface is not None and _vpn(view, interface) == vpn:
        for found in view.lines(facts.address, interface):
            subnet = mask_network(found["ip"], found["mask"])
            if subnet is not None:
                where = f"connected on {view.context.interface}"
                routes.append(Route(subnet, where, CONNECTED_PREFERENCE, found.group(0)))
    lines = (child.text for child in view.tree.children)
    preference, default = facts.route_preference, facts.default_preference
    return routes + static_routes(lines, facts.route, preference, default, vpn)


def _route(before: _View, after: _View) -> str | None:
    """The route that carries each management network's traffic (its covering route), and
    the one to this controller's own address, keep their next hops: none removed, replaced
    or added (:mod:`medinfra.push.mgmt_route`). A more specific route inside a management
    network through another next hop is the model's route to another device's management LAN
    (an OLT behind its CPE), not a break -- unless it covers this controller."""
    vpn = _vpn(before, before.interface())
    old_routes, new_routes = _routes(before, vpn), _routes(after, vpn)
    targets = list(before.context.sources())
    controller = before.context.controller
    if controller is not None and any(controller in n for n in before.context.networks):
        targets.append((IPv4Network(controller), f"this controller ({controller})"))
    for network, who in targets:
        old, new = reach(old_routes, network), reach(new_routes, network)
        what = change(old, new)
        if what is not None:
            return f"the route to {who} ({old}) {what}"
    return None


def _filter_denial(view: _View, network: IPv4Network) -> str | None:
    """Why the login filters of ``view`` refuse some login from ``network`` (None: none)."""
    rules = view.facts.login_filter
    if rules.allow_range or rules.refuse_range:
        if rules.ranges_enforced is None or view.first(rules.ranges_enforced) is None:
            return None
        allowed = [(m["low"], m["high"]) for m in view.lines(rules.allow_range)]
        refused = [(m["low"], m["high"]) for m in view.lines(rules.refuse_range)]
        why = range_denial(allowed, refused, network)
        return f"the SSH address ranges: {why}" if why else None
    bound = [(m["acl"], m.group(0)) for b in rules.bindings for m in view.lines(b)]
    for section in view.sections(view.facts.vty):
        bound += [
            (m["acl"], f"{section.text} / {m.group(0)}")
            for m in view.lines(rules.vty_binding, section)
        ]
    for number, where in bound:
        why = acl_denial(_acl_rules(view, number), network)
        if why is not None:
            return f"ACL {number} (`{where}`) refuses it: {why}"
    return None


def _acl_rules(view: _View, number: str) -> list[Rule]:
    rules = view.facts.login_filter
    for section in view.sections(rules.acl_view):
        found = _match(rules.acl_view, section.text)
        if found is not None and found["acl"] == number:
            return [
                read_rule(int(m["id"] or 0), m["action"].lower(), m["rest"], m.group(0))
                for m in view.lines(rules.acl_rule, section)
            ]
    return []


def _login_filter(before: _View, after: _View) -> str | None:
    for network, who in before.context.sources():
        if _filter_denial(before, network) is None:
            why = _filter_denial(after, network)
            if why is not None:
                return f"logins from {who} are refused: {why}"
    return None


def _ssh_answers(view: _View) -> bool:
    """Whether SSH answers on the management interface (by the source lines)."""
    wanted = _name(view.context.interface)
    for found in view.lines(view.facts.ssh_source):
        if found.groupdict().get("all"):
            return True
        named = found.groupdict().get("iface") or ""
        if wanted in {_name(named), *(_name(word) for word in named.split())}:
            return True
    return False


def _ssh(before: _View, after: _View) -> str | None:
    facts = before.facts
    on_before = any(before.first(p) for p in facts.ssh_on)
    if on_before and not any(after.first(p) for p in facts.ssh_on):
        return "the SSH server is turned off"
    for pattern in facts.ssh_off:
        if before.first(pattern) is None and (found := after.first(pattern)) is not None:
            return f"the SSH server is turned off (`{found.group(0)}`)"
    if _ssh_answers(before) and not _ssh_answers(after):
        return f"SSH no longer answers on {before.context.interface}"
    for section in before.sections(facts.vty):
        new = after.tree.get_child(equals=section.text)
        for pattern in facts.vty_lines:
            had = before.first(pattern, section)
            if had is not None and (new is None or after.first(pattern, new) is None):
                return f"`{section.text}` loses `{had.group(0)}`"
    return None


def _account_node(view: _View) -> Node | None:
    parent = view.facts.account_parent
    return view.tree if parent is None else next(iter(view.sections(parent)), None)


def _account(before: _View, after: _View) -> str | None:
    facts, login = before.facts, before.context.login
    old, new = _account_node(before), _account_node(after)
    if old is not None and before.first(facts.account, old) is not None:
        if new is None or after.first(facts.account, new) is None:
            return f"the login account {login} is removed"
        services = before.first(facts.account_services, old)
        if services is not None and "ssh" in services["services"].split():
            now = after.first(facts.account_services, new)
            if now is None or "ssh" not in now["services"].split():
                return f"the login account {login} loses service-type ssh"
        for pattern in facts.account_rights:
            why = _rights(before.first(pattern, old), after.first(pattern, new))
            if why is not None:
                return f"the login account {login}'s rights go down: {why}"
    auth = before.first(facts.ssh_user)
    if auth is not None and auth["auth"].lower() in facts.password_auth:
        now = after.first(facts.ssh_user)
        if now is None or now["auth"].lower() not in facts.password_auth:
            kind = now["auth"] if now is not None else "none"
            return f"the SSH user {login} no longer logs in by password ({kind})"
    return None


def _rights(old: re.Match[str] | None, new: re.Match[str] | None) -> str | None:
    if old is None:
        return None
    key = "level" if "level" in old.groupdict() else "group"
    was, now = old[key], (new[key] if new is not None else None)
    if key == "level" and (now is None or int(now) < int(was)):
        return f"level {was} -> {now or 'default'}"
    if key == "group" and now != was:
        return f"user-group {was} -> {now or 'none'}"
    return None


PATHS: tuple[tuple[str, Check], ...] = (
    ("management interface", _interface),
    ("management route", _route),
    ("login filter", _login_filter),
    ("SSH service", _ssh),
    ("login account", _account),
)
"""Every path the proof checks, by name."""


def _leaves(node: Node, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for child in node.children:
        if child.children:
            yield from _leaves(child, (*path, child.text))
        else:
            yield (*path, child.text)


def _tree(platform: Platform, leaves: list[tuple[str, ...]]) -> HConfig:
    tree = get_hconfig(platform_for(platform).remediation.driver())
    for leaf in leaves:
        node: Node = tree
        for text in leaf:
            node = node.children.get(text) or node.add_child(text)
    return tree


def _culprit(platform: Platform, before: _View, leaves: list[tuple[str, ...]], check: Check) -> str:
    """The last remediation line after which ``check`` stays broken."""
    culprit = leaves[0]
    for index in range(len(leaves) - 1, 0, -1):
        future = before.tree.future(_tree(platform, leaves[:index]))
        if check(before, _View(future, before.facts, before.context)) is None:
            culprit = leaves[index]
            break
    return " / ".join(culprit)


def prove(
    platform: Platform, context: ManagementContext, running: str, diff: str
) -> tuple[Break, ...]:
    """Every management path ``diff`` (the scoped remediation, as an indented tree) breaks.

    Examples:
        >>> context = ManagementContext("Ethernet0/0/1", IPv4Address("10.0.0.1"),
        ...     (IPv4Network("10.9.0.0/16"),), "medinfra")
        >>> running = "interface Ethernet0/0/1\\n ip address 10.0.0.1 255.255.255.0"
        >>> [str(b) for b in prove(Platform.HUAWEI_VRP, context, running,
        ...     "interface Ethernet0/0/1\\n  shutdown")]
        ['`interface Ethernet0/0/1 / shutdown` breaks the management interface: \
Ethernet0/0/1 is shut down']
    """
    facts = platform_for(platform).management_path
    before = _View(parse(platform, running), facts, context)
    delta = get_hconfig(platform_for(platform).remediation.driver(), diff)
    leaves = list(_leaves(delta))
    if not leaves:
        return ()
    after = _View(before.tree.future(delta), facts, context)
    breaks = []
    for name, check in PATHS:
        what = check(before, after)
        if what is not None:
            breaks.append(Break(name, _culprit(platform, before, leaves, check), what))
    return tuple(breaks)
