"""Load a topology (a directory or one file) into the validated model, or say exactly why not.

A topology is either ``inventory/<name>/`` with ``topology.yaml`` and ``sites/*.yaml``
(one site a file), or a single YAML file holding everything. Every problem of every file
is collected and reported as ``FILE:LINE:COL: model.path: message``; the files are read,
never written.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from medinfra.diagnostics import Diagnostic, Location, Severity
from medinfra.errors import TopologyError
from medinfra.load.schema_errors import describe
from medinfra.load.sourcemap import ModelPath, SourceFile, SourceMap
from medinfra.load.yaml_reader import MarkedDict, read_yaml
from medinfra.memory import collector_paused
from medinfra.model.references import find_reference_problems
from medinfra.model.site import Site
from medinfra.model.topology import Topology

TOPOLOGY_FILE_NAMES = ("topology.yaml", "topology.yml")
SITES_DIR = "sites"


@dataclass(frozen=True)
class LoadedTopology:
    """A validated topology and where every part of it came from."""

    topology: Topology
    sources: SourceMap
    root: Path


def _display(path: Path) -> str:
    """Paths as the user wrote them: relative to the working directory when below it."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def topology_files(path: Path) -> tuple[Path, list[Path]]:
    """The topology file and the site files of ``path`` (a directory or a single file)."""
    if path.is_dir():
        main = next((path / name for name in TOPOLOGY_FILE_NAMES if (path / name).is_file()), None)
        if main is None:
            raise TopologyError(
                f"{_display(path)}: no topology.yaml in this directory "
                "(a topology is a directory with topology.yaml and sites/*.yaml, or one YAML file)"
            )
        sites_dir = path / SITES_DIR
        site_files = (
            sorted(p for p in sites_dir.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())
            if sites_dir.is_dir()
            else []
        )
        return main, site_files
    if path.is_file():
        return path, []
    raise TopologyError(f"{_display(path)}: no such file or directory")


class _Collector:
    """Collects diagnostics while files are read and validated."""

    def __init__(self) -> None:
        self.sources = SourceMap()
        self.diagnostics: list[Diagnostic] = []

    def read(self, path: Path, prefix: ModelPath) -> Any:
        display = _display(path)
        document = read_yaml(path)
        for problem in document.problems:
            location = Location(display, *problem.mark) if problem.mark else Location(display, 1, 1)
            self.diagnostics.append(
                Diagnostic(problem.code, Severity.ERROR, problem.message, "", location)
            )
        if document.data is not None and not isinstance(document.data, MarkedDict):
            self.diagnostics.append(
                Diagnostic(
                    "MI-SCHEMA-001",
                    Severity.ERROR,
                    "the file must be a mapping of keys (see the schema under schema/)",
                    "",
                    Location(display, 1, 1),
                )
            )
            return None
        if document.data is None and not document.problems:
            self.diagnostics.append(
                Diagnostic(
                    "MI-SCHEMA-001",
                    Severity.ERROR,
                    "the file is empty",
                    "",
                    Location(display, 1, 1),
                )
            )
        if document.data is not None:
            self.sources.add(SourceFile(path, display, prefix, document.data))
        return document.data

    def validate(self, model: type[BaseModel], data: Any, prefix: ModelPath) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                path = (*prefix, *detail["loc"])
                self.report("MI-SCHEMA-001", path, describe(detail, model))
            return None

    def report(self, code: str, path: ModelPath, message: str) -> None:
        resolved = self.sources.resolve(path)
        self.diagnostics.append(
            Diagnostic(
                code,
                Severity.ERROR,
                message,
                resolved.path_in_file if resolved else "",
                resolved.location if resolved else None,
            )
        )


def load_topology(path: Path) -> LoadedTopology:
    """Load and validate the topology at ``path``.

    Raises:
        TopologyError: with every diagnostic found, when anything is wrong.
    """
    with collector_paused():  # millions of objects, no cycles: see medinfra.memory
        return _load(path)


def _load(path: Path) -> LoadedTopology:
    main, site_files = topology_files(path)
    collector = _Collector()
    data = collector.read(main, ())
    inline_sites = data.get("sites", []) if isinstance(data, dict) else []
    inline_count = len(inline_sites) if isinstance(inline_sites, list) else 0
    sites: list[Site] = []
    for index, site_file in enumerate(site_files, start=inline_count):
        site_data = collector.read(site_file, ("sites", index))
        if site_data is not None:
            site = collector.validate(Site, site_data, ("sites", index))
            if site is not None:
                sites.append(site)
    topology: Topology | None = None
    if data is not None:
        merged = dict(data)
        merged["sites"] = [*(inline_sites if inline_count else []), *sites]
        topology = collector.validate(Topology, merged, ())
    if topology is not None and not collector.diagnostics:
        for problem in find_reference_problems(topology):
            message = problem.message
            if problem.first is not None:
                first = collector.sources.locate(problem.first)
                if first is not None:
                    message += f" (first defined at {first})"
            collector.report(problem.code, problem.path, message)
    if collector.diagnostics or topology is None:
        raise TopologyError(f"{_display(path)}: topology is not valid", collector.diagnostics)
    return LoadedTopology(topology, collector.sources, path)
