"""A picture of a topology with Graphviz: data centres, sites, private lines, PON trees, cloud.

Up to :data:`DETAIL_LIMIT` sites every site is drawn with its lines, labelled with bandwidth,
technology and physical path (the two legs of a 1+1 pair in two styles, red when they share
a path) and its campus PON tree (OLT, PON ports, splitters with their ONT counts). A larger
topology is drawn by groups of sites of one kind and region, with one edge per group and
data-centre edge router carrying the number of lines and their bandwidth, so a national model
stays readable. Sites with error findings are drawn in red. The Graphviz binding is imported
when a picture is made, not when the CLI starts.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from medinfra.checks.quantities import rate
from medinfra.model.site import SiteKind
from medinfra.summary import SiteSummary, TopologySummary

DETAIL_LIMIT = 40
"""Sites beyond which sites are drawn by group (kind and region)."""
MAX_GROUPS = 12
"""Kind-and-region groups beyond which the groups are by kind alone."""
ERROR = "#c62828"
OK = "#37474f"
LEG_STYLES = ("solid", "dashed", "dotted")
FORMATS = ("svg", "png")


@dataclass(frozen=True)
class Picture:
    """What to draw and how: the summary and the sites with error findings."""

    summary: TopologySummary
    error_sites: Collection[str] = ()

    @property
    def grouped(self) -> bool:
        """True when the sites are drawn by group (a large topology)."""
        return len(self.summary.sites) > DETAIL_LIMIT


def _colour(bad: bool) -> str:
    return ERROR if bad else OK


def _node_id(*parts: str) -> str:
    return "/".join(parts)


def _data_centres(graph: Any, picture: Picture) -> None:
    for site in picture.summary.sites:
        if site.kind is not SiteKind.DATA_CENTRE:
            continue
        bad = site.id in picture.error_sites
        with graph.subgraph(name=f"cluster_dc_{site.id}") as cluster:
            cluster.attr(label=f"{site.name}\n(data centre {site.id})", color=_colour(bad))
            cluster.attr(fontcolor=_colour(bad), style="rounded")
            for hostname, platform, role, _ in site.devices:
                cluster.node(
                    _node_id("device", hostname),
                    f"{hostname}\n{role} {platform}",
                    shape="box3d",
                    color=_colour(bad),
                )


def _site(graph: Any, site: SiteSummary, bad: bool) -> None:
    colour = _colour(bad)
    label = f"{site.name}\n{site.id} ({site.kind.value})\n{site.protection}"
    if not site.ports:
        graph.node(_node_id("site", site.id), label, shape="box", style="rounded", color=colour)
        return
    with graph.subgraph(name=f"cluster_site_{site.id}") as cluster:
        cluster.attr(label=label, color=colour, fontcolor=colour, style="rounded")
        cluster.node(_node_id("site", site.id), "CPE", shape="box", color=colour)
        _pon_tree(cluster, site, colour)


def _pon_tree(cluster: Any, site: SiteSummary, colour: str) -> None:
    """OLTs under the CPE, their PON ports, and the splitters (cascades follow upstream)."""
    olts: set[str] = set()
    for port in site.ports:
        olt_id = _node_id("device", port.olt)
        if port.olt not in olts:
            olts.add(port.olt)
            cluster.node(olt_id, f"{port.olt}\nOLT", shape="box3d", color=colour)
            cluster.edge(_node_id("site", site.id), olt_id, arrowhead="none")
        port_id = _node_id("port", site.id, port.olt, port.port)
        cluster.node(
            port_id, f"PON {port.port}\n{port.technology} {port.optical_class}", shape="oval"
        )
        cluster.edge(olt_id, port_id, arrowhead="none")
        for splitter in port.splitters:
            node = _node_id("splitter", site.id, port.olt, port.port, splitter.id)
            label = (
                f"1:{splitter.ratio} {splitter.id}\n{splitter.onts} ONTs, {splitter.loss:.1f} dB"
            )
            cluster.node(node, label, shape="triangle")
            above = (
                _node_id("splitter", site.id, port.olt, port.port, splitter.upstream)
                if splitter.upstream
                else port_id
            )
            cluster.edge(above, node, arrowhead="none")


def _lines(graph: Any, site: SiteSummary, bad: bool) -> None:
    paths: dict[str, int] = defaultdict(int)
    for line in site.lines:
        paths[line.path_id] += 1
    for leg, line in enumerate(site.lines):
        shared = paths[line.path_id] > 1
        graph.edge(
            _node_id("site", site.id),
            _node_id("device", line.far_end),
            label=f"{rate(line.bandwidth)} {line.technology}\npath {line.path_id}",
            style=LEG_STYLES[leg % len(LEG_STYLES)],
            color=ERROR if shared or bad else OK,
            fontsize="9",
            dir="none",
        )


def _groups(graph: Any, picture: Picture) -> None:
    groups: dict[tuple[str, str], list[SiteSummary]] = defaultdict(list)
    for site in picture.summary.sites:
        if site.kind is not SiteKind.DATA_CENTRE:
            groups[site.kind.value, site.region or "no region"].append(site)
    if len(groups) > MAX_GROUPS:  # too many kind-region pairs to read: by kind alone
        merged: dict[tuple[str, str], list[SiteSummary]] = defaultdict(list)
        for (kind, _), members in groups.items():
            merged[kind, ""].extend(members)
        groups = merged
    for (kind, region), members in sorted(groups.items()):
        bad = any(site.id in picture.error_sites for site in members)
        node = _node_id("group", kind, region)
        onts = sum(port.onts for site in members for port in site.ports)
        extra = f"\n{onts} ONTs" if onts else ""
        failing = sum(site.id in picture.error_sites for site in members)
        errors = f"\n{failing} with errors" if failing else ""
        regions = len({site.region for site in members if site.region})
        where = region or (f"{regions} region{'s' if regions != 1 else ''}" if regions else "")
        graph.node(
            node,
            f"{len(members)} x {kind}\n{where}{extra}{errors}",
            shape="folder",
            color=_colour(bad),
            fontcolor=_colour(bad),
        )
        per_edge: dict[str, list[float]] = defaultdict(list)
        for site in members:
            for line in site.lines:
                per_edge[line.far_end].append(line.bandwidth)
        for edge, bandwidths in sorted(per_edge.items()):
            graph.edge(
                node,
                _node_id("device", edge),
                label=f"{len(bandwidths)} lines\n{rate(sum(bandwidths))}",
                fontsize="9",
                dir="none",
                color=_colour(bad),
            )


def _cloud(graph: Any, picture: Picture) -> None:
    if not picture.summary.zones:
        return
    with graph.subgraph(name="cluster_cloud") as cloud:
        cloud.attr(label="healthcare cloud", style="dashed")
        for tenant, zones in picture.summary.zones.items():
            with cloud.subgraph(name=f"cluster_tenant_{tenant}") as box:
                box.attr(label=f"tenant {tenant}", style="rounded")
                for zone, kind, ranges in zones:
                    box.node(_node_id("zone", tenant, zone), f"{zone}\n{kind}\n{ranges}")
    first_zone = {tenant: zones[0][0] for tenant, zones in picture.summary.zones.items() if zones}
    for site in picture.summary.sites:
        if site.kind is SiteKind.DATA_CENTRE and site.devices:
            for tenant, zone in first_zone.items():
                graph.edge(
                    _node_id("device", site.devices[0][0]),
                    _node_id("zone", tenant, zone),
                    style="dotted",
                    dir="none",
                    label="hosts" if len(first_zone) == 1 else "",
                )


def build_graph(picture: Picture) -> Any:
    """The ``graphviz.Digraph`` of ``picture``."""
    import graphviz

    summary = picture.summary
    graph = graphviz.Digraph(summary.name)
    graph.attr(
        label=f"{summary.title} ({summary.name})",
        labelloc="t",
        rankdir="LR",
        fontname="Helvetica",
        fontsize="16",
        nodesep="0.25",
        ranksep="1.2",
    )
    graph.attr("node", fontname="Helvetica", fontsize="10")
    graph.attr("edge", fontname="Helvetica")
    _data_centres(graph, picture)
    if picture.grouped:
        _groups(graph, picture)
    else:
        for site in summary.sites:
            if site.kind is SiteKind.DATA_CENTRE:
                continue
            bad = site.id in picture.error_sites
            _site(graph, site, bad)
            _lines(graph, site, bad)
    _cloud(graph, picture)
    return graph


def render(picture: Picture, output_format: str) -> bytes:
    """The picture as ``svg`` or ``png`` bytes (Graphviz's ``dot`` lays it out)."""
    if output_format not in FORMATS:
        raise ValueError(f"format {output_format!r}: use one of {', '.join(FORMATS)}")
    data: bytes = build_graph(picture).pipe(format=output_format)
    return data
