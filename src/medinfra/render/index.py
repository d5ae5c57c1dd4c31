"""What rendering numbers once per topology, on top of the model's :class:`TopologyIndex`.

A BFD session's remote discriminator is the one the peer allocates; DBA, line and service
profile ids are topology-wide so the same bundle has the same id on every OLT. Numbering once
keeps rendering a whole topology linear in its size. The lookups (devices, line ends, site
address ranges) are the model's (:mod:`medinfra.model.index`); the renderer trusts a
validated model and re-checks none of its rules.
"""

from dataclasses import dataclass, field

from medinfra.model import Device, Site, Topology
from medinfra.model.index import LineEnd, PerTopology, TopologyIndex, index_of, onts
from medinfra.render.errors import UnknownDeviceError

__all__ = ["FIRST_PROFILE_ID", "LineEnd", "RenderIndex", "build_index", "index_for", "ont_bundle"]


@dataclass
class RenderIndex:
    """The model's index plus the numbers rendering allocates."""

    model: TopologyIndex
    discriminators: dict[tuple[str, str], int] = field(default_factory=dict)
    dba_profiles: dict[str, int] = field(default_factory=dict)
    bundles: dict[tuple[str, ...], int] = field(default_factory=dict)

    @property
    def topology(self) -> Topology:
        """The topology being rendered."""
        return self.model.topology

    def device(self, hostname: str) -> tuple[Site, Device]:
        """The site and device of ``hostname``; a usage error naming the known ones if absent."""
        found = self.model.find(hostname)
        if found is None:
            raise UnknownDeviceError(hostname, sorted(self.model.devices))
        return found

    def ends(self, hostname: str) -> list[LineEnd]:
        """The line ends on ``hostname``, by line id and end."""
        return self.model.ends.get(hostname, [])


def build_index(topology: Topology) -> RenderIndex:
    """Number ``topology`` for rendering (linear in its size)."""
    index = RenderIndex(index_of(topology))
    _number_pon_profiles(index)
    for ends in index.model.ends.values():
        for number, end in enumerate(ends, start=1):
            index.discriminators[(end.line.id, end.end)] = number
    return index


FIRST_PROFILE_ID = 10
"""MA5800 keeps low profile ids for its defaults; medinfra numbers its own from 10."""


def _number_pon_profiles(index: RenderIndex) -> None:
    """Topology-wide ids: a DBA profile per catalogue service with a PON profile (by service
    id), a line and a service profile per distinct ONT service bundle (sorted service ids), so
    the same bundle has the same profile id on every OLT."""
    with_profile = sorted(s.id for s in index.topology.services if s.pon_profile is not None)
    for number, service_id in enumerate(with_profile, start=FIRST_PROFILE_ID):
        index.dba_profiles[service_id] = number
    bundles = {ont_bundle(visit.ont.services) for visit in onts(index.topology)}
    for number, bundle in enumerate(sorted(bundles), start=FIRST_PROFILE_ID):
        index.bundles[bundle] = number


def ont_bundle(services: tuple[str, ...]) -> tuple[str, ...]:
    """The service bundle of an ONT: its distinct service ids, sorted."""
    return tuple(sorted(set(services)))


index_for: PerTopology[RenderIndex] = PerTopology(build_index)
"""The render index of a topology, built once per topology object and then reused."""
