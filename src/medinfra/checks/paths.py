"""MI-FLOW path rules: every intended flow has a forward and a return path, and keeps them
through any single line, edge or data-centre failure (walked by :mod:`medinfra.flow`)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.flow.hops import Break, Failure, Path
from medinfra.flow.intended import IntendedFlow, intended_flows, moved_with
from medinfra.flow.walk import Walker
from medinfra.model.index import ModelPath, PerTopology, index_of
from medinfra.model.settings import CheckSettings
from medinfra.model.topology import Topology
from medinfra.model.wan import Protection


@dataclass(frozen=True)
class Walked:
    """An intended flow with its forward and return paths."""

    flow: IntendedFlow
    forward: Path
    back: Path


def both_ways(walker: Walker, flow: IntendedFlow) -> tuple[Path, Path]:
    """``flow``'s forward path and its return path (which leaves the cloud by the tenant
    router the forward path reached)."""
    forward = walker.path(flow.source, flow.dest, flow.service, "forward")
    back = walker.path(flow.dest, flow.source, flow.service, "return", forward.uplink)
    return forward, back


def _walk(topology: Topology) -> list[Walked]:
    walker = Walker(topology)
    return [Walked(flow, *both_ways(walker, flow)) for flow in intended_flows(topology)]


walked_flows: PerTopology[list[Walked]] = PerTopology(_walk)
"""The intended flows of a topology, walked once (both rules read them)."""


def _grouped(
    rule_id: str, breaks: Iterable[tuple[Break, str]], unit: str = "flow(s)"
) -> Iterator[Finding]:
    """One finding per broken hop: the first flow that breaks there, and how many more. A
    path crosses the whole model, so on a partial model (loading set any item aside) each
    finding may be a follow-on of what was set aside: ``searched=()`` leaves it out there."""
    groups: dict[tuple[str, ModelPath], list[tuple[Break, str]]] = {}
    for item in breaks:
        groups.setdefault((item[0].layer.value, item[0].path), []).append(item)
    for (layer, path), items in groups.items():
        broken, what = items[0]
        more = f"; {len(items) - 1} more {unit} break here" if len(items) > 1 else ""
        yield Finding(rule_id, path, f"{layer}: {broken.reason}: {what}{more}", searched=())


def _what(walked: Walked, path: Path) -> str:
    return f"the {path.direction} path of {walked.flow.why} ({path.source} -> {path.destination})"


@rule(
    "MI-FLOW-003",
    Family.FLOW,
    Severity.ERROR,
    "Every intended flow has a forward and a return path",
    fix=(
        "add the hop the finding names (the site's LAN handoff, the edge's handoff towards the "
        "cloud, the tenant router's route, a permit policy), or trace the flow with "
        "'medinfra trace' to see every hop"
    ),
)
def flow_has_paths(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Every flow the model intends is walked hop by hop over what the renderer and the cloud
    program produce (``medinfra trace`` prints the same walk): each catalogue service a
    permit policy lets a site's on-premises range exchange with a cloud zone, each imaging
    gateway to its archive, and the management zone to every managed device. Each must reach
    its destination, and the reply must come back (the firewall is stateful, so the return
    path needs routing only) into the cloud of the tenant router that holds the connection:
    with active-active data centres a reply that would enter the other data centre's router
    (both clouds holding one range) is a break at that range. A finding is placed at the hop
    that is missing (the model object that should hold it), with the first flow that breaks
    there and how many more do. The management zone reaches each device through its egress
    rules towards the management networks and the tenant router's routes to the edge; an
    edge's management port (in its vpn-instance) answers through its route to the router's
    address on the data centre's management LAN."""
    breaks = [
        (path.broken, _what(walked, path))
        for walked in walked_flows(topology)
        for path in (walked.forward, walked.back)
        if path.broken is not None
    ]
    yield from _grouped("MI-FLOW-003", breaks)


def _site_end_protected(topology: Topology, walked: Walked) -> bool:
    index = index_of(topology)
    for end in (walked.flow.source, walked.flow.dest):
        site = end.site or (index.device_site.get(end.device) if end.device else None)
        if site is not None and site.wan_protection is Protection.ONE_PLUS_ONE:
            return True
    return False


def single_failures(topology: Topology, walked: Walked) -> list[str]:
    """The elements whose failure the flow must survive: the private lines, data-centre
    edges and (active-active) data centres its paths cross, when its site end is 1+1
    protected; never an endpoint itself."""
    if not _site_end_protected(topology, walked):
        return []
    ends = {f"device:{walked.flow.source.device}", f"device:{walked.flow.dest.device}"}
    index = index_of(topology)
    chosen = []
    for element in sorted(walked.forward.elements | walked.back.elements):
        kind, _, name = element.partition(":")
        if element in ends:
            continue
        edge = kind == "device" and index.data_centre_of(name) is not None
        if kind == "line" or edge or (kind == "dc" and index.active_active):
            chosen.append(element)
    return chosen


@rule(
    "MI-FLOW-004",
    Family.FLOW,
    Severity.ERROR,
    "Every intended flow survives any single line, edge or data-centre failure",
    fix=(
        "give the site a second line to another edge on another path, give the edge routes "
        "that fail over with the lines (tracked, primary and backup), or trace the flow with "
        "'medinfra trace ... --fail ELEMENT'"
    ),
)
def flow_survives_failures(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """For each intended flow whose two paths arrive and whose site is 1+1 protected, every
    private line, data-centre edge and (with active-active data centres) data centre its
    paths cross is taken down in turn, and both paths are walked again: routes tracked by
    the BFD session of a line that is down are withdrawn, a backup takes over; with a data
    centre down, a flow of a cloud zone's ranges there is walked to the zone's ranges in the
    next data centre's cloud. A flow that no longer arrives is a finding at the hop that
    breaks, naming the failure. A site with one line has no protection to prove (MI-AV-001
    weighs its availability)."""
    yield from failure_findings(topology, walked_flows(topology))


def failure_findings(topology: Topology, flows: Iterable[Walked]) -> Iterator[Finding]:
    """MI-FLOW-004's findings for ``flows``: each single failure that breaks one of them."""
    walkers: dict[str, Walker] = {}
    breaks: list[tuple[Break, str]] = []
    for walked in flows:
        if walked.forward.broken or walked.back.broken:
            continue
        flow = walked.flow
        for element in single_failures(topology, walked):
            walker = walkers.setdefault(element, Walker(topology, Failure.of(element)))
            label = Failure.of(element).label
            moved = moved_with(topology, flow, Failure.of(element))
            if moved is None:
                continue
            for path in both_ways(walker, moved):
                if path.broken is not None:
                    broken = path.broken
                    reason = broken.reason.removesuffix(f" ({label})")
                    breaks.append(
                        (replace(broken, reason=reason), f"with {label}, {_what(walked, path)}")
                    )
    yield from _grouped("MI-FLOW-004", breaks, "flow(s) or failure(s)")


def walk(topology: Topology, flow: IntendedFlow) -> Walked:
    """``flow`` walked both ways with nothing down."""
    return Walked(flow, *both_ways(Walker(topology), flow))
