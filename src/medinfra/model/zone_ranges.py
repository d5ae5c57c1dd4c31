"""Where the ranges of a cloud zone live: with active-active data centres each data centre's
cloud holds ranges of its own.

Both clouds build every tenant and its cloud zones. Were one range in both, every router
between them (the edges, the sites' CPEs, the tenant routers) would hold two destinations
for one prefix, and a reply to a connection one cloud opened would be routed by prefix
into the other, where the host is not and the stateful firewall knows no connection. So
each range of a cloud zone names the data centre whose cloud holds it, each data centre
holds at least one range of the zone, and no two data centres' ranges overlap. A range of
an on-premises zone is behind the sites' lines and names no data centre. Pure; linear in
the number of ranges of a zone (a zone has a handful).
"""

from collections.abc import Iterator

from medinfra.model.cloud import DataCentreRange, Zone
from medinfra.model.index import ModelPath
from medinfra.model.topology import DataCentreMode, Topology

Problem = tuple[ModelPath, str]
"""The model path of the offending value and what is wrong, with the fix."""


def zone_range_problems(topology: Topology) -> Iterator[Problem]:
    """Every range of a zone placed where it cannot be (MI-REF-001 at load)."""
    centres = topology.data_centres.sites
    paired = topology.data_centres.mode is DataCentreMode.ACTIVE_ACTIVE and len(centres) > 1
    for t, tenant in enumerate(topology.cloud.tenants):
        for z, zone in enumerate(tenant.zones):
            base: ModelPath = ("cloud", "tenants", t, "zones", z, "ranges")
            label = f"zone {tenant.id}/{zone.id}"
            yield from _named(zone, base, label, centres)
            if paired and not zone.on_premises:
                yield from _per_data_centre(zone, base, label, centres)


def _named(zone: Zone, base: ModelPath, label: str, centres: tuple[str, ...]) -> Iterator[Problem]:
    """Each data centre a range names is one of the topology's; none for an on-premises
    zone."""
    for r, entry in enumerate(zone.declared_ranges):
        if not isinstance(entry, DataCentreRange):
            continue
        if zone.on_premises:
            yield (
                (*base, r, "data_centre"),
                f"{label} is on the premises: its range {entry.network} is behind the sites' "
                f"lines, in no data centre; write the range alone ('- {entry.network}')",
            )
        elif entry.data_centre not in centres:
            yield (
                (*base, r, "data_centre"),
                f"{label} range {entry.network} names data centre '{entry.data_centre}', which "
                f"is not one of data_centres.sites ({', '.join(centres)})",
            )


def _per_data_centre(
    zone: Zone, base: ModelPath, label: str, centres: tuple[str, ...]
) -> Iterator[Problem]:
    """With active-active data centres: every range names its data centre, each data centre
    holds one at least, and two data centres' ranges never overlap."""
    both = " and ".join(centres)
    for r, network in enumerate(zone.ranges):
        if zone.data_centre_of(r) is None:
            yield (
                (*base, r),
                f"{label} range {network} names no data centre, so the clouds of {both} "
                "(active-active) would both hold it: every router between them would have two "
                "destinations for one prefix, and a reply would come back into the cloud that "
                "does not hold the connection; give each data centre its own range, "
                f"'- {{network: {network}, data_centre: {centres[0]}}}' and another range "
                f"with 'data_centre: {centres[1]}'",
            )
    if any(zone.data_centre_of(r) is None for r in range(len(zone.ranges))):
        return
    for centre in centres:
        if not zone.ranges_in(centre):
            yield (
                base,
                f"{label} has no range in data centre {centre}: its cloud builds the zone too; "
                f"add a range with 'data_centre: {centre}'",
            )
    for r, network in enumerate(zone.ranges):
        for earlier in range(r):
            other = zone.ranges[earlier]
            if zone.data_centre_of(earlier) != zone.data_centre_of(r) and network.overlaps(other):
                yield (
                    (*base, r, "network"),
                    f"{label} range {network} in data centre {zone.data_centre_of(r)} overlaps "
                    f"its range {other} in data centre {zone.data_centre_of(earlier)}: both "
                    "clouds would hold those addresses and replies would return to the wrong "
                    "one; give each data centre a range of its own",
                )
