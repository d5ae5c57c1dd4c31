"""The restore's remediation: back to the config read before the push, over the push's scope.

A failed push is undone by the lines that take the device's running config back to the one
read before the change. Compared over the whole config, that would also undo what the push
never wrote:

- lines the **device adds itself** while the push runs (``ntp-service server disable`` after the
  first NTP server, ``snmp-agent local-engineid`` after the first SNMP line): their ``undo``
  would turn the device into a time server or change its SNMPv3 engine id;
- lines **not the model's** that appeared meanwhile (another operator's change, a line a
  feature added): the push only ever sends lines the model owns (:mod:`medinfra.push.guard`),
  so its restore touches no other line either.

So a running line missing from the old config is undone when the model states that very line
(the push wrote it), or when the model owns it (its key is stated by the intended config at
that place, it carries medinfra's names, or the device is ``managed: full``) and it is not a
line the device adds itself; every old line the device lacks is written back. The same
comparison verifies the restore: what it leaves is listed, never "restored" away.
"""

from dataclasses import dataclass

from hier_config import HConfig
from hier_config.child import HConfigChild

from medinfra.model import ManagedMode, Platform
from medinfra.platforms import platform_for
from medinfra.platforms.scope import DEVICE_LINES, PlatformScope, line_key
from medinfra.push.guard import Finding, ScopeContext, expand_ranges
from medinfra.push.order import ordered_commands
from medinfra.push.remediation import Remediation, parse

Node = HConfig | HConfigChild


@dataclass(frozen=True)
class RestorePlan:
    """The lines that restore the device, and the lines the restore leaves as they are."""

    remediation: Remediation
    left: tuple[Finding, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the device is back at its old config (over the push's scope)."""
        return self.remediation.empty


@dataclass
class _Walk:
    scope: PlatformScope
    context: ScopeContext
    left: list[Finding]


def _text(node: Node) -> str | None:
    return node.text if isinstance(node, HConfigChild) else None


def _leave_reason(
    walk: _Walk, child: HConfigChild, parent: str | None, wanted: Node | None
) -> str | None:
    """Why the restore leaves a running line the old config lacks (None: undo it)."""
    if wanted is not None and child.text in wanted.children:
        return None  # the model states this very line: the push wrote it
    names = walk.context.names
    if any(rule.applies(child.text, parent, names) for rule in DEVICE_LINES):
        return "left: the device adds it itself (its undo would change a service)"
    if walk.context.mode is ManagedMode.FULL:
        return None
    keys = set()
    if wanted is not None:
        keys = {line_key(walk.scope, c.text, parent) for c in wanted.children}
    if line_key(walk.scope, child.text, parent) in keys:
        return None
    if parent is None and any(name.match(child.text) for name in walk.scope.names):
        return None
    return "left: not the model's, so not the push's"


def _prune(
    walk: _Walk, running: Node, before: Node, wanted: Node | None, path: tuple[str, ...]
) -> None:
    """Take out of ``running`` the lines the restore must leave."""
    parent = _text(running)
    for child in list(running.children):
        old = before.children.get(child.text)
        if old is not None:
            if child.children:
                section = None if wanted is None else wanted.children.get(child.text)
                _prune(walk, child, old, section, (*path, child.text))
            continue
        reason = _leave_reason(walk, child, parent, wanted)
        if reason is not None:
            walk.left.append(Finding(path, child.text, reason))
            child.delete()


def restore_remediation(
    platform: Platform, running: str, before: str, intended: str, context: ScopeContext
) -> RestorePlan:
    """The ordered lines that take ``running`` back to ``before`` over the push's scope.

    Examples:
        >>> before = "sysname A\\n#\\nreturn"
        >>> running = "sysname A\\nntp-service server disable\\nntp-service unicast-server 10.0.0.1"
        >>> plan = restore_remediation(Platform.HUAWEI_VRP, running, before,
        ...     "ntp-service unicast-server 10.0.0.1", ScopeContext())
        >>> plan.remediation.commands
        ('undo ntp-service unicast-server 10.0.0.1',)
        >>> [finding.line for finding in plan.left]
        ['ntp-service server disable']
    """
    running_tree, before_tree = parse(platform, running), parse(platform, before)
    intended_tree = parse(platform, intended)
    if platform is Platform.HUAWEI_SMARTAX:
        for tree in (running_tree, before_tree, intended_tree):
            expand_ranges(tree)
    walk = _Walk(platform_for(platform).scope, context, [])
    _prune(walk, running_tree, before_tree, intended_tree, ())
    delta = running_tree.config_to_get_to(before_tree).set_order_weight()
    diff = "\n".join(child.cisco_style_text() for child in delta.all_children_sorted())
    commands = ordered_commands(delta, platform)
    return RestorePlan(Remediation(diff, tuple(commands)), tuple(walk.left))
