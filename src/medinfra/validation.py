"""Validate topologies: load each one, run the check rules on it, collect diagnostics and a
short summary (size, worst site availability, shortest storage runway)."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medinfra.checks import CheckRule, CheckRun, run_checks, select_rules
from medinfra.checks.availability import downtime_minutes, site_availability
from medinfra.checks.runner import RuleFinding
from medinfra.checks.storage import pool_runways
from medinfra.diagnostics import Diagnostic, Severity, format_path
from medinfra.errors import TopologyError
from medinfra.load import LoadedTopology, load_topology
from medinfra.load.loader import load_partially
from medinfra.load.salvage import Salvage
from medinfra.model.base import Suppression
from medinfra.model.index import ModelPath
from medinfra.model.topology import Topology


@dataclass
class TopologyReport:
    """What validating one topology path found."""

    path: Path
    loaded: LoadedTopology | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    load_error: str | None = None
    checks: CheckRun | None = None
    salvage: Salvage = field(default_factory=Salvage)
    """What loading set aside: a non-partial report has a complete model."""

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
        "onts": sum(1 for port in ports for _ in port.placed_onts()),
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
    for _, pool, years in pool_runways(topology):
        if shortest is None or years < shortest[0]:
            shortest = (years, pool.id)
    return {
        "min_availability": worst[0] if worst else None,
        "min_availability_site": worst[1] if worst else None,
        "min_availability_downtime_minutes": downtime_minutes(worst[0]) if worst else None,
        "min_runway_years": None if shortest is None or math.isinf(shortest[0]) else shortest[0],
        "min_runway_pool": shortest[1] if shortest else None,
    }


def check_diagnostics(
    loaded: LoadedTopology, run: CheckRun, salvage: Salvage | None = None
) -> list[Diagnostic]:
    """The findings of ``run`` as diagnostics with file, line and the path within the file.

    On a partial model (``salvage``), paths are mapped back to the files as written and the
    findings a part set aside may explain are left out.
    """
    salvage = salvage or Salvage()
    diagnostics = []
    for item in run.findings:
        path = salvage.original(item.finding.path)
        if salvage.affected(path) or salvage.mentions_lost_name(item.finding.message):
            continue
        if item.finding.searched is not None and salvage.lost_within(item.finding.searched):
            continue
        resolved = loaded.sources.resolve(path)
        diagnostics.append(
            Diagnostic(
                item.rule.id,
                item.rule.severity,
                item.finding.message
                + _related(loaded, salvage, item.finding.related)
                + (f"; {item.rule.fix}" if item.rule.fix else ""),
                resolved.path_in_file if resolved else "",
                resolved.location if resolved else None,
                {"summary": item.rule.summary, "family": item.rule.family.value},
            )
        )
    return diagnostics


def _related(loaded: LoadedTopology, salvage: Salvage, related: ModelPath | None) -> str:
    if related is None:
        return ""
    where = loaded.sources.locate(salvage.original(related))
    return f" (first defined at {where or format_path(related)})"


def by_position(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` sorted by file, line and column (those without a place first)."""
    return sorted(
        diagnostics,
        key=lambda d: (
            (d.location.file, d.location.line, d.location.column) if d.location else ("", 0, 0)
        ),
    )


def load_validated(path: Path) -> LoadedTopology:
    """Load ``path`` and require every error-level rule to pass.

    What renders and pushes a topology loads it this way: the renderer trusts the model
    (it re-checks none of the rules), so a model that breaks one is refused here, each
    finding with its file and line.
    """
    loaded = load_topology(path)
    run = run_checks(loaded.topology)
    errors = [d for d in check_diagnostics(loaded, run) if d.severity is Severity.ERROR]
    if errors:
        raise TopologyError(
            f"{path}: {len(errors)} error(s) in the model; nothing rendered or pushed "
            f"(see 'medinfra validate {path}')",
            by_position(errors),
        )
    return loaded


def validate_path(path: Path, rules: Sequence[CheckRule] | None = None) -> TopologyReport:
    """Load ``path`` as far as the model allows and run ``rules`` (default: every rule) on
    what loaded, so schema, reference and rule findings all show in one run."""
    try:
        result = load_partially(path)
    except TopologyError as error:
        return TopologyReport(path, None, list(error.diagnostics), load_error=str(error))
    if result.loaded is None:
        return TopologyReport(path, None, by_position(result.diagnostics))
    if result.ok:
        run = run_checks(result.loaded.topology, rules)
        found = check_diagnostics(result.loaded, run)
        return TopologyReport(path, result.loaded, by_position(found), checks=run)
    run = _run_tolerantly(result.loaded.topology, rules)
    found = check_diagnostics(result.loaded, run, result.salvage)
    found = _without_echoes(found, result.diagnostics)
    report = TopologyReport(path, result.loaded, by_position([*result.diagnostics, *found]))
    report.checks = run
    report.salvage = result.salvage
    return report


def _run_tolerantly(topology: Topology, rules: Sequence[CheckRule] | None) -> CheckRun:
    """Every rule that can run on a model with load errors (a rule that trips on an
    unresolved reference is left out: the load error already says what to fix)."""
    chosen = select_rules() if rules is None else tuple(rules)
    ran: list[CheckRule] = []
    findings: list[RuleFinding] = []
    suppressed: list[tuple[RuleFinding, Suppression]] = []
    for rule in chosen:
        try:
            run = run_checks(topology, [rule])
        except Exception:  # noqa: BLE001, S112 - a partial model may break a rule's assumptions
            continue
        ran.append(rule)
        findings.extend(run.findings)
        suppressed.extend(run.suppressed)
    return CheckRun(tuple(ran), tuple(findings), tuple(suppressed))


def _without_echoes(found: list[Diagnostic], load: list[Diagnostic]) -> list[Diagnostic]:
    """Rule findings minus those at a place where loading already reported an error: a rule
    about an unknown device or a duplicate id only repeats what the load error says."""
    places = {d.location for d in load if d.location is not None}
    return [d for d in found if d.location not in places]


def error_sites(report: TopologyReport) -> set[str]:
    """Ids of the sites with an error finding: a rule's, or a load error in the site's file."""
    if report.loaded is None:
        return set()
    sites = report.loaded.topology.sites
    found = {
        sites[int(item.finding.path[1])].id
        for item in (report.checks.findings if report.checks else ())
        if item.rule.severity is Severity.ERROR
        and item.finding.path[:1] == ("sites",)
        and len(item.finding.path) > 1
        and isinstance(item.finding.path[1], int)
        and item.finding.path[1] < len(sites)
    }
    files = {
        source.display: source.data.get("id")
        for source in report.loaded.sources.files.values()
        if source.prefix[:1] == ("sites",) and isinstance(source.data, dict)
    }
    for diagnostic in report.diagnostics:
        if diagnostic.severity is Severity.ERROR and diagnostic.location is not None:
            site = files.get(diagnostic.location.file)
            if isinstance(site, str):
                found.add(site)
    return found
