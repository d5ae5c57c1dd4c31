"""Validate topologies: load each one, run the check rules on it, collect diagnostics and a
short summary (size, worst site availability, shortest storage runway)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medinfra.checks import CheckRun, Rule, run_checks
from medinfra.checks.availability import downtime_minutes, site_availability
from medinfra.checks.storage import runway_years
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
    checks: CheckRun | None = None

    def count(self, severity: Severity) -> int:
        """Number of diagnostics of ``severity``."""
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def errors(self) -> int:
        """Number of error diagnostics."""
        return self.count(Severity.ERROR) + (1 if self.load_error else 0)

    @property
    def warnings(self) -> int:
        """Number of warning diagnostics."""
        return self.count(Severity.WARNING)

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


def engineering_summary(topology: Topology) -> dict[str, Any]:
    """The worst site availability and the shortest storage runway of ``topology``."""
    worst: tuple[float, str] | None = None
    for site in topology.sites:
        availability = site_availability(topology, site, topology.settings)
        if availability is not None and (worst is None or availability < worst[0]):
            worst = (availability, site.id)
    shortest: tuple[float, str] | None = None
    for tenant in topology.cloud.tenants:
        for pool in tenant.storage_pools:
            years = runway_years(pool)
            if shortest is None or years < shortest[0]:
                shortest = (years, pool.id)
    return {
        "min_availability": worst[0] if worst else None,
        "min_availability_site": worst[1] if worst else None,
        "min_availability_downtime_minutes": downtime_minutes(worst[0]) if worst else None,
        "min_runway_years": None if shortest is None or math.isinf(shortest[0]) else shortest[0],
        "min_runway_pool": shortest[1] if shortest else None,
    }


def check_diagnostics(loaded: LoadedTopology, run: CheckRun) -> list[Diagnostic]:
    """The findings of ``run`` as diagnostics with file, line and the path within the file."""
    diagnostics = []
    for item in run.findings:
        resolved = loaded.sources.resolve(item.finding.path)
        diagnostics.append(
            Diagnostic(
                item.rule.id,
                item.rule.severity,
                item.finding.message,
                resolved.path_in_file if resolved else "",
                resolved.location if resolved else None,
                {"summary": item.rule.summary, "family": item.rule.family.value},
            )
        )
    return diagnostics


def validate_path(path: Path, rules: Sequence[Rule] | None = None) -> TopologyReport:
    """Load ``path``; when it loads cleanly, run ``rules`` (default: every rule) on it."""
    try:
        loaded = load_topology(path)
    except TopologyError as error:
        report = TopologyReport(path, None, list(error.diagnostics))
        if not error.diagnostics:
            report.load_error = str(error)
        return report
    run = run_checks(loaded.topology, rules)
    return TopologyReport(path, loaded, check_diagnostics(loaded, run), checks=run)
