"""What a path is made of: hops, the break that ends a path, and the elements a failure downs."""

from dataclasses import dataclass, field
from enum import StrEnum

from medinfra.model.index import ModelPath


class Layer(StrEnum):
    """The layers a flow crosses, in the order a packet from a ward meets them."""

    ONT = "ONT service-port"
    OLT_UPLINK = "OLT uplink"
    CPE_LAN = "CPE LAN"
    CPE_ROUTE = "CPE route"
    PRIVATE_LINE = "private line"
    EDGE_ROUTE = "edge route"
    CLOUD_HANDOFF = "cloud handoff"
    TENANT_ROUTER = "tenant router"
    FIREWALL = "firewall rule"
    ZONE = "zone"
    DEVICE = "device"


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path.

    ``config`` is the device whose rendered configuration holds the line that forwards or
    permits the traffic, ``match`` the words that line contains (in order); a cloud hop has
    no device and carries its declared resource in ``line`` instead.
    """

    layer: Layer
    summary: str
    path: ModelPath
    config: str | None = None
    match: tuple[str, ...] = ()
    line: str | None = None
    elements: frozenset[str] = frozenset()
    """What this hop depends on that a failure can take down: ``line:ID``, ``device:HOST``,
    ``dc:SITE``."""


@dataclass(frozen=True, slots=True)
class Break:
    """Where a path ends before its destination: the layer and model object that lack the
    hop, and why."""

    layer: Layer
    path: ModelPath
    reason: str


@dataclass(frozen=True)
class Path:
    """The hops of one direction, the gaps stepped over (each with the number of hops
    before it) and the break that ended it early (None: it reached the destination)."""

    direction: str
    source: str
    destination: str
    hops: tuple[Hop, ...]
    end: Break | None
    gaps: tuple[tuple[int, Break], ...] = ()
    uplink: tuple[int, int] | None = None
    """The ``(tenant, uplink)`` positions of the tenant router the path entered the cloud by."""

    @property
    def broken(self) -> Break | None:
        """The first hop that is missing (a gap or the end), None when the path arrives."""
        return self.gaps[0][1] if self.gaps else self.end

    @property
    def arrives(self) -> bool:
        """True when the path reaches its destination with no hop missing."""
        return self.broken is None

    @property
    def elements(self) -> frozenset[str]:
        """Every failure element the hops depend on."""
        return frozenset(element for hop in self.hops for element in hop.elements)


@dataclass(frozen=True)
class Failure:
    """What is down: private lines, devices and whole data centres (by id)."""

    lines: frozenset[str] = frozenset()
    devices: frozenset[str] = frozenset()
    data_centres: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        """``line X down`` etc.; empty when nothing is down."""
        parts = [f"line {item} down" for item in sorted(self.lines)]
        parts += [f"device {item} down" for item in sorted(self.devices)]
        parts += [f"data centre {item} down" for item in sorted(self.data_centres)]
        return ", ".join(parts)

    @staticmethod
    def of(element: str) -> "Failure":
        """The failure of one element ``line:ID``, ``device:HOST`` or ``dc:SITE``."""
        kind, _, name = element.partition(":")
        if kind == "line":
            return Failure(lines=frozenset({name}))
        if kind == "device":
            return Failure(devices=frozenset({name}))
        return Failure(data_centres=frozenset({name}))


@dataclass(frozen=True)
class Trace:
    """A flow traced both ways: forward from the source, return from the destination."""

    source: str
    destination: str
    service: str | None
    failure: Failure
    forward: Path
    back: Path
    notes: tuple[str, ...] = field(default=())
