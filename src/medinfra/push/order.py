"""The order in which a device takes a remediation's commands (weights: the platform's scope).

A device refuses to delete an object something else still uses and to create one that uses
an object not yet there. So removals go first, users before what they use (a SmartAX
service-port before its ONT, the ONT before its profiles, profiles before DBA profiles and
VLANs; on VRP the route before the BFD session it tracks, the port's ``traffic-policy``
before the policy), then additions, what is used before its users (BFD session before the
route that tracks it, profiles before the ONTs that name them, ONTs before service-ports).

A section holding both removals and additions (``interface gpon 0/1`` with an ``ont
delete`` and an ``ont add``) is entered twice: once among the removals, once among the
additions. Within one weight the order stays hier_config's.
"""

import re
from dataclasses import dataclass

from hier_config import HConfig
from hier_config.child import HConfigChild

from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.platforms.scope import OTHER_ADDITION, OTHER_REMOVAL, Weights

_REMOVAL = re.compile(r"^(undo |ont delete |dba-profile delete )")


@dataclass
class _Block:
    weight: int
    section: str | None
    lines: list[str]
    exit: tuple[str, ...] = ()


def is_removal(text: str) -> bool:
    """True for a command that removes something.

    Examples:
        >>> is_removal("ont delete 0 3"), is_removal("ont add 0 3 sn-auth X")
        (True, False)
    """
    return _REMOVAL.match(text) is not None


def _weight(table: Weights, texts: list[str], default: int) -> int:
    weights = [w for text in texts for pattern, w in table if re.match(pattern, text)]
    return min(weights, default=default)


def _exit(node: HConfigChild) -> tuple[str, ...]:
    return tuple((node.sectional_exit or "").splitlines())


def _body(node: HConfigChild) -> list[str]:
    lines: list[str] = []
    for child in sorted(node.children):
        lines.append(child.text)
        if child.children:
            lines.extend(_body(child))
            lines.extend(_exit(child))
    return lines


def _blocks(child: HConfigChild, platform: Platform) -> list[_Block]:
    scope = platform_for(platform).scope
    removes, adds = scope.remove_order, scope.add_order
    if not child.children:
        if is_removal(child.text):
            return [_Block(_weight(removes, [child.text], OTHER_REMOVAL), None, [child.text])]
        return [_Block(_weight(adds, [child.text], OTHER_ADDITION), None, [child.text])]
    gone = [c for c in sorted(child.children) if is_removal(c.text) and not c.children]
    gone_ids = {id(c) for c in gone}
    new = [c for c in sorted(child.children) if id(c) not in gone_ids]
    blocks = []
    if gone:
        weight = _weight(removes, [c.text for c in gone], OTHER_REMOVAL)
        blocks.append(_Block(weight, child.text, [c.text for c in gone], _exit(child)))
    if new:
        lines = []
        for grandchild in new:
            lines.append(grandchild.text)
            if grandchild.children:
                lines.extend(_body(grandchild))
                lines.extend(_exit(grandchild))
        weight = _weight(adds, [child.text], OTHER_ADDITION)
        blocks.append(_Block(weight, child.text, lines, _exit(child)))
    return blocks


def _replace_late(blocks: list[_Block]) -> None:
    """A line undone only to be written anew (``undo ip route-static P M NH`` before
    ``ip route-static P M NH track bfd-session S``) waits until just before its new form, so
    the device is without it for as short a time as possible, after what the new one uses."""
    added = [
        (b.lines[0], b.weight) for b in blocks if b.section is None and not is_removal(b.lines[0])
    ]
    for block in blocks:
        if block.section is not None or not block.lines[0].startswith("undo "):
            continue
        old = block.lines[0].removeprefix("undo ")
        weight = next((w for text, w in added if text.startswith(old + " ")), None)
        if weight is not None:
            block.weight = weight - 1


def ordered_commands(delta: HConfig, platform: Platform) -> list[str]:
    """The delta's commands in the order the device needs, each sub-view entered and left.

    Examples:
        >>> from medinfra.push.remediation import parse
        >>> running = parse(Platform.HUAWEI_SMARTAX, "vlan 99 smart\\nservice-port 7 vlan 99 x")
        >>> delta = running.config_to_get_to(parse(Platform.HUAWEI_SMARTAX, "sysname A"))
        >>> ordered_commands(delta, Platform.HUAWEI_SMARTAX)
        ['undo service-port 7', 'undo vlan 99', 'sysname A']
    """
    blocks = [block for child in sorted(delta.children) for block in _blocks(child, platform)]
    _replace_late(blocks)
    blocks.sort(key=lambda block: block.weight)
    merged: list[_Block] = []
    for block in blocks:
        last = merged[-1] if merged else None
        if last is not None and block.section is not None and last.section == block.section:
            last.lines.extend(block.lines)
        else:
            merged.append(_Block(block.weight, block.section, list(block.lines), block.exit))
    commands: list[str] = []
    for block in merged:
        if block.section is None:
            commands.extend(block.lines)
        else:
            commands.extend([block.section, *block.lines, *block.exit])
    return commands
