"""Validate topologies: load each one and collect its diagnostics and a short summary."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medinfra.diagnostics import Diagnostic, Severity
from medinfra.errors import TopologyError
from medinfra.load import LoadedTopology, load_topology
from medinfra.model.topology import Topology


@dataclass
class TopologyReport:
    """What validating one topology path found."""

    path: Path
    loaded: LoadedTopology | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    load_error: str | None = None

    @property
    def errors(self) -> int:
        """Number of error diagnostics."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR) + (
            1 if self.load_error else 0
        )

    @property
    def warnings(self) -> int:
        """Number of warning diagnostics."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when the topology loaded and has no error."""
        return self.loaded is not None and self.errors == 0


def summarise(topology: Topology) -> dict[str, Any]:
    """Counts that describe the size of a topology."""
    ports = [
        port
        for site in topology.sites
        if site.campus
        for olt in site.campus.olts
        for port in olt.pon_ports
    ]
    return {
        "sites": len(topology.sites),
        "devices": sum(len(site.devices) for site in topology.sites),
        "private_lines": sum(1 for _ in topology.all_private_lines()),
        "pon_ports": len(ports),
        "onts": sum(len(s.onts) for port in ports for s in port.splitters),
        "tenants": len(topology.cloud.tenants),
        "storage_pools": sum(len(t.storage_pools) for t in topology.cloud.tenants),
    }


def validate_path(path: Path) -> TopologyReport:
    """Load ``path`` and report what is wrong with it."""
    try:
        loaded = load_topology(path)
    except TopologyError as error:
        report = TopologyReport(path, None, list(error.diagnostics))
        if not error.diagnostics:
            report.load_error = str(error)
        return report
    return TopologyReport(path, loaded)
