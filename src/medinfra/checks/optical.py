"""Optical budget: path loss from the OLT to each ONT within the optics class; split limits."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.index import PortVisit, pon_ports
from medinfra.model.optical import SPLIT_RATIOS, OpticalClass, PonPort, PonTechnology, Splitter
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology

SPLITTER_LOSS: dict[int, float] = {2: 4.0, 4: 7.3, 8: 10.5, 16: 13.7, 32: 17.0, 64: 21.0, 128: 24.5}
"""Typical maximum insertion loss of a 1:N splitter in dB (1:128 extrapolated: +3.5 dB)."""

OPTICAL_BUDGET: dict[OpticalClass, tuple[float, float]] = {
    OpticalClass.B_PLUS: (13.0, 28.0),
    OpticalClass.C_PLUS: (17.0, 32.0),
    OpticalClass.N1: (14.0, 29.0),
    OpticalClass.N2: (16.0, 31.0),
    OpticalClass.E1: (18.0, 33.0),
    OpticalClass.E2: (20.0, 35.0),
}
"""Minimum and maximum optical path loss of each class in dB."""

CLASSES: dict[PonTechnology, frozenset[OpticalClass]] = {
    PonTechnology.GPON: frozenset({OpticalClass.B_PLUS, OpticalClass.C_PLUS}),
    PonTechnology.XG_PON: frozenset(
        {OpticalClass.N1, OpticalClass.N2, OpticalClass.E1, OpticalClass.E2}
    ),
    PonTechnology.XGS_PON: frozenset(
        {OpticalClass.N1, OpticalClass.N2, OpticalClass.E1, OpticalClass.E2}
    ),
}

MAX_SPLIT = 128
"""Largest total split ratio and number of ONTs on one PON port."""


def segment_loss(splitter: Splitter, settings: CheckSettings) -> float:
    """Loss of one segment: fibre km x dB/km + splitter + connectors + splices.

    Examples:
        >>> from medinfra.model import CheckSettings, Splitter
        >>> splitter = Splitter(id="s", ratio=32, fibre_length="12km", connectors=2, splices=0)
        >>> round(segment_loss(splitter, CheckSettings()), 2)  # 4.2 + 17.0 + 1.0 + 0
        22.2
    """
    return (
        splitter.fibre_length * settings.fibre_attenuation
        + SPLITTER_LOSS.get(splitter.ratio, 0.0)
        + splitter.connectors * settings.connector_loss
        + splitter.splices * settings.splice_loss
    )


@dataclass(frozen=True, slots=True)
class PathLoss:
    """Loss and total split from the OLT port to the ONTs of one splitter."""

    loss: float
    split: int
    chain: tuple[str, ...]
    loops: bool = False


def path_losses(port: PonPort, settings: CheckSettings) -> dict[str, PathLoss]:
    """Path loss to every splitter of ``port``, following ``upstream`` (loops are flagged)."""
    by_id = {splitter.id: splitter for splitter in port.splitters}
    result: dict[str, PathLoss] = {}
    for splitter in port.splitters:
        chain: list[Splitter] = []
        current: Splitter | None = splitter
        seen: set[str] = set()
        while current is not None and current.id not in seen and len(chain) <= len(by_id):
            seen.add(current.id)
            chain.append(current)
            current = by_id.get(current.upstream) if current.upstream else None
        split = 1
        for part in chain:
            split *= part.ratio
        result[splitter.id] = PathLoss(
            sum(segment_loss(part, settings) for part in chain),
            split,
            tuple(part.id for part in reversed(chain)),
            current is not None,
        )
    return result


@rule(
    "MI-OPT-001",
    Family.OPTICAL,
    Severity.ERROR,
    "ONT path loss is within the optics class",
    fix=(
        "use fewer or smaller splits, better optics (a higher optical class) or a shorter "
        "fibre path"
    ),
)
def budget(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """For every splitter that feeds ONTs, the path loss from the OLT port — the sum over
    the cascade of fibre km x ``fibre_attenuation`` (0.35 dB/km at 1310 nm) + splitter loss
    (typical maximum: 1:2 4.0, 1:4 7.3, 1:8 10.5, 1:16 13.7, 1:32 17.0, 1:64 21.0 dB;
    1:128 24.5 dB, extrapolated) +
    connectors x ``connector_loss`` + splices x ``splice_loss`` — plus
    ``optical_margin`` must not exceed the maximum of the port's optical class (B+ 13-28,
    C+ 17-32, N1 14-29, N2 16-31, E1 18-33, E2 20-35 dB). The class minimum is MI-OPT-005."""
    for visit, sp, _splitter, path, where in _fed_splitters(topology, settings):
        _low, high = OPTICAL_BUDGET[visit.port.optical_class]
        total = path.loss + settings.optical_margin
        if total > high:
            yield Finding(
                "MI-OPT-001",
                (*visit.path, "splitters", sp),
                f"{where}: loss {path.loss:.2f} dB + margin {settings.optical_margin:g} dB = "
                f"{total:.2f} dB exceeds the {visit.port.optical_class.value} maximum "
                f"{high:g} dB",
            )


FedSplitter = tuple[PortVisit, int, Splitter, "PathLoss", str]


def _fed_splitters(topology: Topology, settings: CheckSettings) -> Iterator[FedSplitter]:
    """Every splitter that feeds ONTs, with its path loss and a description of where it is."""
    for visit in pon_ports(topology):
        losses = path_losses(visit.port, settings)
        for sp, splitter in enumerate(visit.port.splitters):
            if not splitter.onts:
                continue
            path = losses[splitter.id]
            where = (
                f"{visit.olt.device} port {visit.port.port} splitter {splitter.id} "
                f"({len(splitter.onts)} ONTs, path {' > '.join(path.chain)})"
            )
            yield visit, sp, splitter, path, where


@rule(
    "MI-OPT-005",
    Family.OPTICAL,
    Severity.WARNING,
    "ONT path loss reaches the optics class minimum",
)
def minimum_loss(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """The path loss (without margin, computed as for MI-OPT-001) should reach the minimum
    of the port's optical class (B+ 13, C+ 17, N1 14, N2 16, E1 18, E2 20 dB). Below it the
    receivers may overload when the transmitters run at the top of their range; a short
    in-building run fixes this with a patch attenuator. A warning, not an error: whether
    the receiver really overloads depends on the installed optics' launch power."""
    for visit, sp, _splitter, path, where in _fed_splitters(topology, settings):
        low, _high = OPTICAL_BUDGET[visit.port.optical_class]
        if path.loss < low:
            yield Finding(
                "MI-OPT-005",
                (*visit.path, "splitters", sp),
                f"{where}: loss {path.loss:.2f} dB is below the {visit.port.optical_class.value} "
                f"minimum {low:g} dB (add an attenuator of at least {low - path.loss:.1f} dB)",
            )


@rule(
    "MI-OPT-002",
    Family.OPTICAL,
    Severity.ERROR,
    "Split ratios are valid and at most 1:128",
    fix="use a ratio 1:N with N a power of two, and cascades that split at most 1:128 in all",
)
def split_ratio(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Every splitter is a standard 1:N (N in 2, 4, ..., 128), a cascade does not loop, and
    the total split of a cascade (the product of its ratios) is at most 1:128."""
    allowed = ", ".join(str(r) for r in SPLIT_RATIOS)
    for visit in pon_ports(topology):
        losses = path_losses(visit.port, settings)
        for sp, splitter in enumerate(visit.port.splitters):
            path = losses[splitter.id]
            base = (*visit.path, "splitters", sp)
            if splitter.ratio not in SPLIT_RATIOS:
                yield Finding(
                    "MI-OPT-002",
                    (*base, "ratio"),
                    f"splitter {splitter.id} ratio 1:{splitter.ratio} is not one of 1:N, N in "
                    f"{allowed}",
                )
            elif path.loops:
                yield Finding(
                    "MI-OPT-002",
                    (*base, "upstream"),
                    f"splitter {splitter.id} cascade loops ({' > '.join(path.chain)})",
                )
            elif path.split > MAX_SPLIT:
                yield Finding(
                    "MI-OPT-002",
                    (*base, "ratio"),
                    f"splitter {splitter.id} cascade {' > '.join(path.chain)} splits 1:"
                    f"{path.split}, more than 1:{MAX_SPLIT}",
                )


@rule(
    "MI-OPT-003",
    Family.OPTICAL,
    Severity.ERROR,
    "ONTs fit the splitter outputs and the port",
    fix="use a splitter with more outputs, or move ONTs to another splitter or PON port",
)
def ont_count(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A 1:N splitter has N outputs, shared by its ONTs and the splitters cascaded from it;
    a PON port serves at most 128 ONTs."""
    for visit in pon_ports(topology):
        children = Counter(s.upstream for s in visit.port.splitters if s.upstream)
        total = 0
        for sp, splitter in enumerate(visit.port.splitters):
            total += len(splitter.onts)
            used = len(splitter.onts) + children[splitter.id]
            if used > splitter.ratio:
                yield Finding(
                    "MI-OPT-003",
                    (*visit.path, "splitters", sp, "onts"),
                    f"splitter {splitter.id} (1:{splitter.ratio}) feeds {len(splitter.onts)} "
                    f"ONTs and {children[splitter.id]} splitters: {used} outputs needed",
                )
        if total > MAX_SPLIT:
            yield Finding(
                "MI-OPT-003",
                (*visit.path, "port"),
                f"{visit.olt.device} port {visit.port.port} serves {total} ONTs, more than "
                f"{MAX_SPLIT}",
            )


@rule("MI-OPT-004", Family.OPTICAL, Severity.ERROR, "Optics class matches the PON technology")
def optics_class(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """GPON optics are class B+ or C+; XG-PON and XGS-PON optics are N1, N2, E1 or E2."""
    for visit in pon_ports(topology):
        classes = CLASSES[visit.port.technology]
        if visit.port.optical_class not in classes:
            yield Finding(
                "MI-OPT-004",
                (*visit.path, "optical_class"),
                f"{visit.olt.device} port {visit.port.port}: {visit.port.technology.value} "
                f"optics cannot be class {visit.port.optical_class.value} (use one of "
                f"{', '.join(sorted(c.value for c in classes))})",
            )
