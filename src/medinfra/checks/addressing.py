"""Addressing: zone ranges do not overlap, addresses sit where they belong, line subnets fit."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.cloud import ZoneKind
from medinfra.model.index import ModelPath, private_lines
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology


@dataclass(frozen=True, slots=True)
class _Range:
    network: IPv4Network
    path: ModelPath
    label: str
    shared: bool = False


def overlapping(ranges: Sequence[_Range]) -> Iterator[tuple[_Range, _Range]]:
    """Each range that overlaps an earlier-starting one, with that one: a sort and one sweep.

    Ranges marked ``shared`` may repeat exactly (the same management network in every tenant).
    """
    ordered = sorted(ranges, key=lambda r: (int(r.network.network_address), r.network.prefixlen))
    widest: _Range | None = None
    for current in ordered:
        if widest is not None and int(current.network.network_address) <= int(
            widest.network.broadcast_address
        ):
            same = current.network == widest.network and current.shared and widest.shared
            if not same:
                yield current, widest
        if widest is None or int(current.network.broadcast_address) > int(
            widest.network.broadcast_address
        ):
            widest = current


@rule(
    "MI-ADDR-001",
    Family.ADDRESSING,
    Severity.ERROR,
    "Zone ranges do not overlap",
    fix="move one of the ranges to a prefix of its own",
)
def zone_overlap(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Within a routing domain (a tenant, or the tenants that name the same
    ``routing_domain``) no two zone ranges overlap: the firewall could not tell the zones
    apart. Management zones of tenants sharing a domain may repeat the same management
    network exactly."""
    domains: dict[str, list[_Range]] = defaultdict(list)
    for t, tenant in enumerate(topology.cloud.tenants):
        for z, zone in enumerate(tenant.zones):
            for r, network in enumerate(zone.ranges):
                domains[tenant.domain].append(
                    _Range(
                        network,
                        ("cloud", "tenants", t, "zones", z, "ranges", r),
                        f"zone '{tenant.id}/{zone.id}'",
                        zone.kind is ZoneKind.MANAGEMENT,
                    )
                )
    for domain in sorted(domains):
        for current, other in overlapping(domains[domain]):
            yield Finding(
                "MI-ADDR-001",
                current.path,
                f"{current.label} range {current.network} overlaps {other.label} range "
                f"{other.network} in routing domain '{domain}'",
            )


def _inside(address: IPv4Address, networks: Sequence[IPv4Network]) -> bool:
    return any(address in network for network in networks)


@rule(
    "MI-ADDR-002",
    Family.ADDRESSING,
    Severity.ERROR,
    "Management addresses lie in the management networks",
    fix="use an address inside management.networks, or add its network there",
)
def management_ranges(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Every device's management address lies inside one of ``management.networks`` (the
    management zone), and every imaging gateway's management address lies inside the
    management networks or its own zone's ranges; otherwise the management zone's policies
    do not cover it."""
    networks = topology.management.networks
    shown = ", ".join(str(n) for n in networks)
    zones = {
        (tenant.id, zone.id): zone.ranges
        for tenant in topology.cloud.tenants
        for zone in tenant.zones
    }
    for s, site in enumerate(topology.sites):
        for d, device in enumerate(site.devices):
            address = device.management.address.ip
            if not _inside(address, networks):
                yield Finding(
                    "MI-ADDR-002",
                    ("sites", s, "devices", d, "management", "address"),
                    f"{device.hostname} management address {address} is outside the management "
                    f"networks ({shown})",
                )
        for g, gateway in enumerate(site.imaging_gateways):
            address = gateway.management_address.ip
            own = zones.get((gateway.tenant, gateway.zone), ())
            if not _inside(address, networks) and not _inside(address, own):
                yield Finding(
                    "MI-ADDR-002",
                    ("sites", s, "imaging_gateways", g, "management_address"),
                    f"{gateway.hostname} management address {address} is outside the management "
                    f"networks ({shown}) and outside zone '{gateway.tenant}/{gateway.zone}'",
                )


@rule(
    "MI-ADDR-003",
    Family.ADDRESSING,
    Severity.ERROR,
    "Private line ends share one subnet",
    fix="put both ends in one /30 or /31, on neither the network nor the broadcast address",
)
def line_ends(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """The A and Z sub-interfaces of a private line are in the same subnet, with different
    host addresses, neither of them the subnet's network or broadcast address (except on a
    /31)."""
    for path, line in private_lines(topology):
        a, z = line.a.address, line.z.address
        problem = None
        if a.network != z.network:
            problem = f"A end {a} and Z end {z} are in different subnets"
        elif a.ip == z.ip:
            problem = f"A and Z end have the same address {a.ip}"
        elif a.network.prefixlen < 31:
            reserved = {a.network.network_address, a.network.broadcast_address}
            bad = [str(end.ip) for end in (a, z) if end.ip in reserved]
            if bad:
                problem = f"{', '.join(bad)} is the network or broadcast address of {a.network}"
        if problem:
            yield Finding(
                "MI-ADDR-003", (*path, "z", "address"), f"private line '{line.id}': {problem}"
            )


@rule(
    "MI-ADDR-004",
    Family.ADDRESSING,
    Severity.ERROR,
    "Private line subnets do not overlap",
    fix="give each private line a /30 or /31 of its own",
)
def line_subnets(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """All private lines share the WAN routing domain: no two line subnets may overlap, and
    none may overlap the management networks."""
    ranges = [
        _Range(network, ("management", "networks", i), "management network")
        for i, network in enumerate(topology.management.networks)
    ]
    ranges += [
        _Range(line.a.address.network, (*path, "a", "address"), f"private line '{line.id}'")
        for path, line in private_lines(topology)
    ]
    for current, other in overlapping(ranges):
        if current.label == other.label == "management network":
            continue
        yield Finding(
            "MI-ADDR-004",
            current.path,
            f"{current.label} subnet {current.network} overlaps {other.label} {other.network}",
        )
