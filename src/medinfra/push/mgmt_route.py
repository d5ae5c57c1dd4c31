"""Which routes carry the management traffic, and whether a change moves or splits it.

The device forwards a packet to the management station by the longest prefix that covers
the station's address; among routes of that length the lowest preference wins (connected:
0, static: the platform's default unless ``preference N`` says otherwise), and every route
of that preference shares the flows (equal-cost multi-path: a static route has no cost of
its own). So what carries a management network's traffic is the set of next hops of the
winning routes that cover it, and what carries this controller's session the set of those
that cover its address.

A change keeps the management path only when each of them leaves through the same next hops
as before:

- a next hop **removed** or **replaced** (a more preferred route elsewhere, a more specific
  route through another hop) moves the traffic: a break;
- a next hop **added** beside the old ones (the model's route to the same prefix, added as
  ECMP beside the device's own) sends part of the flows through it: a wrong next hop cuts
  the management of those flows only, the worst kind of outage to find. It is a break too,
  for the operator to confirm (``--allow-management-change`` under protection, ``--force``);
- a route with a **higher preference value** (a floating backup) carries nothing while the
  old route is up: no break; nor is a more specific route through the same next hops.

Next hops compare by where they send the packet: the address (with the ``vpn-instance`` it
is resolved in), or the interface when the route names no address; an interface named
beside an address does not make another next hop.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Network

from medinfra.push.mgmt_acl import mask_network

CONNECTED_PREFERENCE = 0
"""The preference of a connected route: it wins over any static route of the same length."""


@dataclass(frozen=True)
class Route:
    """One route a configuration holds (a static line, or a connected subnet)."""

    prefix: IPv4Network
    hop: str
    """Where it sends the packet (:func:`next_hop`); for a connected route, ``connected on IF``."""
    preference: int
    line: str


@dataclass(frozen=True)
class Reach:
    """How the device reaches a destination: the winning prefix and its next hops."""

    where: str = ""
    """``connected on IF``, the winning prefix (``0.0.0.0/0``), or "" when nothing covers it."""
    hops: frozenset[str] = frozenset()
    """The next hops that share its traffic (none for a connected network)."""

    def __str__(self) -> str:
        return f"{self.where} via {', '.join(sorted(self.hops))}" if self.hops else self.where


_ADDRESS = re.compile(r"^\d+\.\d+\.\d+\.\d+$")


def next_hop(hop: str) -> str:
    """The next hop a route's words name: its address (in its vpn-instance when one is named),
    else its interface (without spaces: ``NULL 0`` is ``NULL0``).

    Examples:
        >>> next_hop("10.0.10.2"), next_hop("GigabitEthernet0/0/1 10.0.10.2")
        ('10.0.10.2', '10.0.10.2')
        >>> next_hop("vpn-instance Core 10.1.1.1"), next_hop("NULL 0")
        ('vpn-instance Core 10.1.1.1', 'NULL0')
    """
    words = hop.split()
    addresses = [word for word in words if _ADDRESS.match(word)]
    if addresses:
        vpn = words[words.index("vpn-instance") + 1] if "vpn-instance" in words[:-1] else None
        return f"vpn-instance {vpn} {addresses[-1]}" if vpn else addresses[-1]
    return "".join(words)


def static_routes(
    lines: Iterable[str], pattern: str, preference: str | None, default: int, vpn: str | None
) -> list[Route]:
    """The static routes among ``lines`` (top-level config lines) of instance ``vpn``.

    ``pattern`` is the platform's route (groups ``vpn``, ``prefix``, ``mask``, ``hop``),
    ``preference`` its preference attribute (group ``preference``), ``default`` the
    preference of a route that states none.
    """
    routes = []
    for line in lines:
        found = re.search(pattern, line, re.IGNORECASE)
        if found is None or found.groupdict().get("vpn") != vpn:
            continue
        prefix = mask_network(found["prefix"], found["mask"])
        if prefix is None:
            continue
        stated = re.search(preference, line, re.IGNORECASE) if preference else None
        value = int(stated["preference"]) if stated else default
        routes.append(Route(prefix, next_hop(found["hop"]), value, line))
    return routes


def reach(routes: Iterable[Route], destination: IPv4Network) -> Reach:
    """How ``destination`` is reached over ``routes``: longest prefix, then lowest preference,
    every route left sharing the traffic.

    Examples:
        >>> default = Route(IPv4Network("0.0.0.0/0"), "10.0.0.1", 60, "")
        >>> backup = Route(IPv4Network("0.0.0.0/0"), "10.0.0.5", 100, "")
        >>> str(reach([default, backup], IPv4Network("10.250.0.0/24")))
        '0.0.0.0/0 via 10.0.0.1'
    """
    covering = [route for route in routes if destination.subnet_of(route.prefix)]
    if not covering:
        return Reach()
    longest = max(route.prefix.prefixlen for route in covering)
    covering = [route for route in covering if route.prefix.prefixlen == longest]
    best = min(route.preference for route in covering)
    winners = [route for route in covering if route.preference == best]
    connected = [route.hop for route in winners if route.hop.startswith("connected on ")]
    if connected:
        return Reach(connected[0])
    return Reach(str(winners[0].prefix), frozenset(route.hop for route in winners))


def change(old: Reach, new: Reach) -> str | None:
    """What a change does to traffic reached by ``old``, now ``new`` (None: it still leaves
    the same way).

    Examples:
        >>> change(Reach("0.0.0.0/0", frozenset({"10.0.10.2"})),
        ...        Reach("10.250.0.0/16", frozenset({"10.0.10.2"}))) is None
        True
        >>> change(Reach("0.0.0.0/0", frozenset({"10.0.10.2"})),
        ...        Reach("0.0.0.0/0", frozenset({"10.0.10.6"})))
        'changes: now 0.0.0.0/0 via 10.0.10.6'
    """
    if not old.where:
        return None
    if not new.where:
        return "changes: no route is left"
    if not old.hops:
        return None if new.where == old.where else f"changes: now {new}"
    if not old.hops <= new.hops:
        return f"changes: now {new}"
    added = ", ".join(sorted(new.hops - old.hops))
    if not added:
        return None
    share = f"{len(new.hops) - len(old.hops)} of every {len(new.hops)}"
    return (
        f"gains the equal-cost next hop {added}: {share} flows to it would leave through "
        f"{added} (a wrong next hop cuts those flows only: management half-cut)"
    )
