"""Who may log in, and by which route: the address arithmetic of the management-path proof.

A VRP ACL bound to the vty lines or to SSH is read rule by rule in order, the first rule that
matches deciding; rules exist but none matches: the login is refused; an ACL with no rule
filters nothing (Huawei's VTY ``acl ... inbound`` references: NE8000, AR, CE, S-series), nor,
as medinfra reads it, one that does not exist. SmartAX filters SSH logins by address ranges
(``sysman ip-access ssh A B``, ``sysman ip-refuse ssh A B``), applied once ``sysman firewall
ssh enable`` is set and the allowed list is not empty. A management network is *permitted*
only when every address in it is.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import AddressValueError, IPv4Address, IPv4Network, NetmaskValueError

SSH_PORTS = ("22", "ssh")
_PROTOCOLS = ("ip", "tcp", "6", "0")


@dataclass(frozen=True)
class Rule:
    """One ACL rule: its number, action, the addresses it matches and whether it matches
    every SSH packet from them (no condition beyond source, protocol and the SSH port)."""

    number: int
    action: str
    text: str
    source: IPv4Network | None
    """None: ``source any`` or no source (every address); a non-contiguous wildcard is read
    as its base address' network and never as covering."""
    whole: bool
    ssh: bool
    """False when the rule cannot match SSH at all (UDP, another destination port)."""


def wildcard_network(address: str, wildcard: str) -> tuple[IPv4Network | None, bool]:
    """An ACL source (address and wildcard, ``0`` for one host, or a netmask, as VRPv8 also
    takes) as a network, and whether it is contiguous (a non-contiguous wildcard gives the
    address alone, never covering).

    Examples:
        >>> wildcard_network("10.250.0.0", "0.0.255.255")
        (IPv4Network('10.250.0.0/16'), True)
        >>> wildcard_network("10.250.0.0", "255.255.0.0")
        (IPv4Network('10.250.0.0/16'), True)
        >>> wildcard_network("10.1.1.1", "0"), wildcard_network("10.0.1.0", "0.255.0.255")[1]
        ((IPv4Network('10.1.1.1/32'), True), False)
    """
    try:
        value = 0 if wildcard == "0" else int(IPv4Address(wildcard))
        base = IPv4Address(address)
    except AddressValueError:
        return None, False
    inverse = ~value & 0xFFFFFFFF
    if value and not inverse & (inverse + 1):  # a netmask: 255.255.0.0
        value = inverse
    if value & (value + 1):
        return IPv4Network(f"{base}/32"), False
    return IPv4Network(f"{base}/{32 - value.bit_length()}", strict=False), True


def mask_network(address: str, mask: str) -> IPv4Network | None:
    """A route destination or an interface subnet (dotted mask or prefix length).

    Examples:
        >>> mask_network("0.0.0.0", "0.0.0.0"), mask_network("10.1.1.1", "24")
        (IPv4Network('0.0.0.0/0'), IPv4Network('10.1.1.0/24'))
    """
    try:
        return IPv4Network(f"{address}/{mask}", strict=False)
    except (AddressValueError, NetmaskValueError, ValueError):
        return None


def read_rule(number: int, action: str, rest: str, text: str) -> Rule:
    """One rule from its words after ``rule N permit|deny``."""
    words = rest.split()
    source: IPv4Network | None = None
    whole, ssh = True, True
    index = 0
    if words and words[0] in _PROTOCOLS:
        index = 1
    elif words and not words[0].startswith(("source", "logging", "destination", "vpn")):
        whole, ssh = False, words[0] != "udp" and not words[0].startswith("icmp")
        index = 1
    while index < len(words):
        word = words[index]
        if word == "source" and index + 1 < len(words) and words[index + 1] == "any":
            index += 2
        elif word == "source" and index + 2 < len(words):
            source, contiguous = wildcard_network(words[index + 1], words[index + 2])
            whole = whole and source is not None and contiguous
            index += 3
        elif word == "destination-port":
            port = words[index + 2] if index + 2 < len(words) else ""
            ssh = ssh and words[index + 1] == "eq" and port in SSH_PORTS
            index += 3
        elif word == "vpn-instance":
            index += 2
        elif word == "logging":
            index += 1
        else:
            whole = False
            index += 1
    return Rule(number, action, text, source, whole, ssh)


def acl_denial(rules: Sequence[Rule], network: IPv4Network) -> str | None:
    """Why the ACL refuses some SSH login from ``network`` (None: every address passes).

    Examples:
        >>> rules = [read_rule(5, "permit", " source 10.250.0.0 0.0.255.255", "rule 5 ..."),
        ...          read_rule(100, "deny", "", "rule 100 deny")]
        >>> acl_denial(rules, IPv4Network("10.250.0.0/24")) is None
        True
        >>> acl_denial(rules, IPv4Network("10.9.0.0/16"))
        'rule 100 deny'
    """
    if not rules:
        return None
    for rule in sorted(rules, key=lambda rule: rule.number):
        matches = rule.source is None or rule.source.overlaps(network)
        if not matches or not rule.ssh:
            continue
        covers = rule.whole and (rule.source is None or network.subnet_of(rule.source))
        if rule.action == "deny":
            return rule.text
        if covers:
            return None
    return "no rule permits it (an ACL with rules refuses what none matches)"


def _address(text: str) -> IPv4Address | None:
    try:
        return IPv4Address(text)
    except AddressValueError:
        return None


def range_denial(
    allowed: Sequence[tuple[str, str]], refused: Sequence[tuple[str, str]], network: IPv4Network
) -> str | None:
    """Why SmartAX's ranges refuse some SSH login from ``network`` (None: all pass)."""
    low, high = int(network.network_address), int(network.broadcast_address)
    for start, end in refused:
        first, last = _address(start), _address(end)
        if first is None or last is None or (int(first) <= high and int(last) >= low):
            return f"refused range {start} {end}"
    if not allowed:
        return None
    spans: list[tuple[int, int]] = []
    for start, end in allowed:
        first, last = _address(start), _address(end)
        if first is not None and last is not None:
            spans.append((int(first), int(last)))
    reach = low
    for begin, finish in sorted(spans):
        if begin <= reach <= finish:
            reach = finish + 1
    if reach > high:
        return None
    return f"no allowed range covers {IPv4Address(reach)}"
