"""Walks over the parts of a topology that several rules visit, each with its model path."""

from collections.abc import Iterator
from dataclasses import dataclass

from medinfra.checks.rule import ModelPath
from medinfra.model.optical import Olt, PonPort
from medinfra.model.site import Site
from medinfra.model.topology import Topology
from medinfra.model.wan import PrivateLine


@dataclass(frozen=True, slots=True)
class PortVisit:
    """A PON port with its site, OLT and model path."""

    path: ModelPath
    site: Site
    olt: Olt
    port: PonPort


def private_lines(topology: Topology) -> Iterator[tuple[ModelPath, PrivateLine]]:
    """Every private line (topology-level first, then each site's uplinks) with its path."""
    for i, line in enumerate(topology.private_lines):
        yield ("private_lines", i), line
    for s, site in enumerate(topology.sites):
        for u, line in enumerate(site.uplinks):
            yield ("sites", s, "uplinks", u), line


def pon_ports(topology: Topology) -> Iterator[PortVisit]:
    """Every PON port of every campus."""
    for s, site in enumerate(topology.sites):
        if site.campus is None:
            continue
        for o, olt in enumerate(site.campus.olts):
            for p, port in enumerate(olt.pon_ports):
                yield PortVisit(("sites", s, "campus", "olts", o, "pon_ports", p), site, olt, port)
