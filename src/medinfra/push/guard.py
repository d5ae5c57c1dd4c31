"""The remediation a brownfield device may receive: only owned lines, nothing protected.

:func:`safe_remediation` parses running and intended as :func:`~medinfra.push.remediation.
remediation` does, then walks the running tree against the intended one with the platform's
scope (``platform_for(platform).scope``, :mod:`medinfra.platforms.scope`):

- a running line the model does not own is taken out of the diff and listed as *unmanaged*;
- an owned line the model drops is a *removal*, unless a keep rule holds it (listed as kept,
  with the reason) or it is protected (a refusal naming the line and the reason);
- an owned object whose identity differs, or an attribute the model wants that another
  object uses, is a *conflict* (a refusal: nothing is deleted to make room).

The commands come from hier_config over the pruned trees, ordered as the device needs them
(:mod:`medinfra.push.order`, with the platform's weights). :meth:`SafeRemediation.refusal`
says why the device must not be pushed: conflicts, protected lines, or more removals than the
blast-radius limit.
"""

import re
from dataclasses import dataclass, field

from hier_config import HConfig
from hier_config.child import HConfigChild

from medinfra.model import ManagedMode, Platform
from medinfra.platforms import platform_for
from medinfra.platforms.scope import LineRule, PlatformScope, key_rule, line_key
from medinfra.push.limits import DEFAULT_MAX_REMOVALS
from medinfra.push.order import ordered_commands
from medinfra.push.remediation import Remediation, keep_permanent, mask_secrets, parse

Node = HConfig | HConfigChild
_NONE = "\x00"  # a name that matches nothing: fills a placeholder the model leaves empty


@dataclass(frozen=True)
class ScopeContext:
    """What the scope of one device depends on besides its platform."""

    mode: ManagedMode = ManagedMode.SCOPED
    mgmt_interface: str = _NONE
    mgmt_gateway: str = _NONE
    login: str = _NONE

    @property
    def names(self) -> dict[str, str]:
        """The values of the rules' placeholders."""
        return {"mgmt": self.mgmt_interface, "mgmt_gateway": self.mgmt_gateway, "login": self.login}


@dataclass(frozen=True)
class Finding:
    """One line of the device, where it is, and what medinfra makes of it."""

    path: tuple[str, ...]
    line: str
    reason: str

    def __str__(self) -> str:
        where = " / ".join(self.path)
        return f"{where} / {self.line}: {self.reason}" if where else f"{self.line}: {self.reason}"


@dataclass(frozen=True)
class SafeRemediation:
    """The scoped remediation and everything it left out or refuses."""

    remediation: Remediation
    unmanaged: tuple[Finding, ...] = ()
    kept: tuple[Finding, ...] = ()
    protected: tuple[Finding, ...] = ()
    conflicts: tuple[Finding, ...] = ()
    removals: tuple[Finding, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing is to be sent."""
        return self.remediation.empty

    def refusal(self, max_removals: int = DEFAULT_MAX_REMOVALS) -> str | None:
        """Why this remediation must not be sent (None when it may)."""
        if self.conflicts:
            return _listing(
                "device and model disagree (resolve in the model or adopt)", self.conflicts
            )
        if self.protected:
            return _listing("would remove or change protected lines", self.protected)
        removed = tuple(finding for finding in self.removals if finding.reason == "removed")
        if len(removed) > max_removals:
            head = (
                f"would remove {len(removed)} lines, more than the limit of {max_removals} "
                "(--max-removals N to allow more)"
            )
            return _listing(head, removed)
        return None


def _listing(head: str, findings: tuple[Finding, ...], limit: int = 20) -> str:
    lines = [f"  {finding}" for finding in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more")
    return "\n".join([head + ":", *lines])


@dataclass
class _Walk:
    scope: PlatformScope
    context: ScopeContext
    unmanaged: list[Finding] = field(default_factory=list)
    kept: list[Finding] = field(default_factory=list)
    protected: list[Finding] = field(default_factory=list)
    removals: list[Finding] = field(default_factory=list)

    def rule_hits(self, rules: tuple[LineRule, ...], text: str, parent: str | None) -> str | None:
        for rule in rules:
            if rule.applies(text, parent, self.context.names):
                return rule.reason
        return None


def _text(node: Node) -> str | None:
    return node.text if isinstance(node, HConfigChild) else None


def _keys(scope: PlatformScope, node: Node) -> set[tuple[str, ...]]:
    return {line_key(scope, child.text, _text(node)) for child in node.children}


def _walk(walk: _Walk, running: Node, intended: Node, path: tuple[str, ...]) -> None:
    """Prune unmanaged and kept lines from ``running``; record removals and protected ones."""
    parent = _text(running)
    wanted = _keys(walk.scope, intended)
    for child in list(running.children):
        same = intended.children.get(child.text)
        if same is not None:
            if child.children:
                _walk(walk, child, same, (*path, child.text))
            continue
        key = line_key(walk.scope, child.text, parent)
        replaced = key in wanted
        named = parent is None and any(name.match(child.text) for name in walk.scope.names)
        if not replaced and not named and walk.context.mode is not ManagedMode.FULL:
            walk.unmanaged.append(Finding(path, child.text, "not owned by the model (kept)"))
            child.delete()
            continue
        _removal(walk, child, parent, path, replaced=replaced)


def _removal(
    walk: _Walk, child: HConfigChild, parent: str | None, path: tuple[str, ...], *, replaced: bool
) -> None:
    """An owned line the model drops (or replaces): kept, protected, or removed."""
    if not replaced:
        reason = walk.rule_hits(walk.scope.keep, child.text, parent)
        if reason is not None:
            walk.kept.append(Finding(path, child.text, f"kept: {reason}"))
            child.delete()
            return
        for line, line_parent, line_path in _lines(child, parent, path):
            reason = walk.rule_hits(walk.scope.protected, line, line_parent)
            if reason is not None:
                walk.protected.append(Finding(line_path, line, f"protected: {reason}"))
    walk.removals.append(Finding(path, child.text, "replaced" if replaced else "removed"))


def _lines(
    child: HConfigChild, parent: str | None, path: tuple[str, ...]
) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """The line and every line below it, each with its parent's text and its path."""
    found = [(child.text, parent, path)]
    for grandchild in child.children:
        found.extend(_lines(grandchild, child.text, (*path, child.text)))
    return found


def _conflicts(
    scope: PlatformScope, running: Node, intended: Node, path: tuple[str, ...] = ()
) -> list[Finding]:
    """Owned objects whose identity differs between device and model."""
    found: list[Finding] = []
    present = {line_key(scope, c.text, _text(running)): c for c in running.children}
    for wanted in intended.children:
        key = line_key(scope, wanted.text, _text(intended))
        have = present.get(key)
        if have is None:
            continue
        rule = key_rule(scope, wanted.text, _text(intended))
        if rule is not None and rule.identity is not None:
            theirs, ours = rule.identity_of(have.text), rule.identity_of(wanted.text)
            if theirs != ours:
                what = " ".join((rule.kind, *key[1:]))
                reason = f"conflict: the device has {what} as {theirs}, the model as {ours}"
                if rule.conflict is not None:
                    reason = "conflict: " + rule.conflict.format(theirs=theirs, ours=ours)
                found.append(Finding(path, have.text, reason))
        if wanted.children:
            found.extend(_conflicts(scope, have, wanted, (*path, have.text)))
    return found


Attribute = tuple[str, str, str]


def _unique_values(scope: PlatformScope, tree: HConfig) -> dict[Attribute, list[str]]:
    """Each unique attribute's value -> the objects (top-level lines) that hold it."""
    values: dict[Attribute, list[str]] = {}
    for rule in scope.unique:
        for top in tree.children:
            match = rule.section.match(top.text)
            if match is None:
                continue
            port = match.groupdict().get("port") or ""
            if rule.child is None:
                values.setdefault((rule.name, port, match.group("value")), []).append(top.text)
                continue
            for child in top.children:
                found = rule.child.match(child.text)
                if found is not None:
                    values.setdefault((rule.name, port, found.group("value")), []).append(top.text)
    return values


def _unique_conflicts(scope: PlatformScope, running: HConfig, intended: HConfig) -> list[Finding]:
    """A value the model gives its objects that another object of the device holds."""
    have, want = _unique_values(scope, running), _unique_values(scope, intended)
    found = []
    for attribute, ours in sorted(want.items()):
        keys = {line_key(scope, text, None) for text in ours}
        for theirs in have.get(attribute, []):
            if line_key(scope, theirs, None) not in keys:
                name, port, value = attribute
                what = " ".join(part for part in (name, port, value) if part)
                reason = f"conflict: {what} is in use here; the model wants it for `{ours[0]}`"
                found.append(Finding((), theirs, reason))
    return found


_RANGE = re.compile(r"^(?P<head>(?:port )?vlan )(?P<low>\d+) to (?P<high>\d+)(?P<tail>.*)$")


def expand_ranges(tree: HConfig) -> None:
    """Write SmartAX range lines (``vlan 200 to 201 smart``) as one line per VLAN.

    The device prints consecutive VLANs as a range and takes them one by one, so comparing
    per VLAN lets a model VLAN match its part of a range and removes exactly the VLANs meant.
    """
    for child in list(tree.children):
        match = _RANGE.match(child.text)
        if match is None or child.children:
            continue
        low, high = int(match.group("low")), int(match.group("high"))
        for vlan in range(low, high + 1):
            tree.add_child(f"{match.group('head')}{vlan}{match.group('tail')}")
        child.delete()


def safe_remediation(
    platform: Platform, running: str, intended: str, context: ScopeContext | None = None
) -> SafeRemediation:
    """The scoped, ordered remediation from ``running`` to ``intended``, with its findings."""
    context = context or ScopeContext()
    scope = platform_for(platform).scope
    running_tree, intended_tree = parse(platform, running), parse(platform, intended)
    if platform is Platform.HUAWEI_SMARTAX:
        expand_ranges(running_tree)
        expand_ranges(intended_tree)
    mask_secrets(running_tree, intended_tree)
    conflicts = _conflicts(scope, running_tree, intended_tree)
    conflicts += _unique_conflicts(scope, running_tree, intended_tree)
    if context.mode is ManagedMode.FULL:
        permanent = platform_for(platform).remediation.permanent_sections
        keep_permanent(running_tree, intended_tree, permanent)
    walk = _Walk(scope, context)
    _walk(walk, running_tree, intended_tree, ())
    delta = running_tree.config_to_get_to(intended_tree).set_order_weight()
    diff = "\n".join(child.cisco_style_text() for child in delta.all_children_sorted())
    commands = ordered_commands(delta, platform)
    return SafeRemediation(
        Remediation(diff, tuple(commands)),
        tuple(walk.unmanaged),
        tuple(walk.kept),
        tuple(walk.protected),
        tuple(conflicts),
        tuple(walk.removals),
    )
