"""Load a topology (a directory or one file) into the validated model, or say exactly why not.

A topology is either ``inventory/<name>/`` with ``topology.yaml`` and ``sites/*.yaml``
(one site a file), or a single YAML file holding everything. Every problem of every file
is collected and reported as ``FILE:LINE:COL: model.path: message``; the files are read,
never written.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from medinfra.diagnostics import Diagnostic, Location, Severity
from medinfra.errors import TopologyError
from medinfra.load import yaml_reader
from medinfra.load.salvage import Outcome, Salvage, validate_salvaging
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
        if not sites_dir.is_dir() and (sites_dir.is_symlink() or sites_dir.exists()):
            raise TopologyError(
                f"{_display(sites_dir)}: not a directory (a topology's site files go in "
                "sites/*.yaml beside topology.yaml)"
            )
        # every entry named like a YAML file (any case), whatever it is: read_yaml reports a
        # directory, FIFO, device or broken link by name instead of the site vanishing
        site_files = (
            sorted(p for p in sites_dir.iterdir() if p.suffix.lower() in {".yaml", ".yml"})
            if sites_dir.is_dir()
            else []
        )
        return main, site_files
    if path.is_file():
        return path, []
    raise TopologyError(f"{_display(path)}: no such file or directory")


def input_files(path: Path) -> list[Path]:
    """Every file a load of ``path`` reads (none when ``path`` holds no topology)."""
    try:
        main, sites = topology_files(path)
    except (TopologyError, OSError):
        return []
    return [main, *sites]


class _Collector:
    """Collects diagnostics while files are read and validated."""

    def __init__(self) -> None:
        self.sources = SourceMap()
        self.diagnostics: list[Diagnostic] = []
        # the limits hold for all files of a topology together, so memory stays bounded
        self.nodes_left, self.bytes_left = yaml_reader.MAX_NODES, yaml_reader.MAX_FILE_BYTES

    def read(self, path: Path, prefix: ModelPath) -> Any:
        """The data of ``path`` (None when unusable), registered under the model path ``prefix``."""
        display = _display(path)
        document = read_yaml(path, max(self.nodes_left, 1), max(self.bytes_left, 1))
        self.nodes_left -= document.nodes
        if document.data is not None:
            self.bytes_left -= path.stat().st_size
        for problem in document.problems:
            location = Location(display, *problem.mark) if problem.mark else Location(display, 1, 1)
            self.diagnostics.append(
                Diagnostic(problem.code, Severity.ERROR, problem.message, "", location)
            )
        if document.data is not None and not isinstance(document.data, MarkedDict):
            self._error(
                "the file must be a mapping of keys (see the schema under schema/)", display
            )
            return None
        if document.data is None and not document.problems:
            self._error("the file is empty", display)
        if document.data is not None:
            self.sources.add(SourceFile(path, display, prefix, document.data))
        return document.data

    def _error(self, message: str, display: str) -> None:
        self.diagnostics.append(
            Diagnostic("MI-SCHEMA-001", Severity.ERROR, message, "", Location(display, 1, 1))
        )

    def validate(self, model: type[BaseModel], data: Any, prefix: ModelPath) -> Outcome:
        """Validate as much of ``data`` as the model allows; report every schema error."""
        outcome = validate_salvaging(model, data)
        for detail in outcome.errors:
            self.report("MI-SCHEMA-001", (*prefix, *detail["loc"]), describe(detail, model))
        return outcome

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


@dataclass
class PartialLoad:
    """What loading found: every diagnostic, and the model of what could be validated.

    ``loaded`` is None when not even a partial model could be built (the topology file itself
    is unusable). When ``salvage.partial``, the model lacks the list items that failed, and its
    paths map back to the files through ``salvage.original``.
    """

    loaded: LoadedTopology | None
    diagnostics: list[Diagnostic]
    salvage: Salvage = field(default_factory=Salvage)

    @property
    def ok(self) -> bool:
        """True when everything loaded without a diagnostic."""
        return self.loaded is not None and not self.diagnostics and not self.salvage.partial


def load_topology(path: Path) -> LoadedTopology:
    """Load and validate the topology at ``path``.

    Raises:
        TopologyError: with every diagnostic found, when anything is wrong.
    """
    result = load_partially(path)
    if not result.ok or result.loaded is None:
        raise TopologyError(f"{_display(path)}: topology is not valid", result.diagnostics)
    return result.loaded


def load_partially(path: Path) -> PartialLoad:
    """Load the topology at ``path`` as far as the model allows, collecting every diagnostic."""
    with collector_paused():  # millions of objects, no cycles: see medinfra.memory
        return _load(path)


def _load(path: Path) -> PartialLoad:
    main, site_files = topology_files(path)
    collector = _Collector()
    data = collector.read(main, ())
    inline_sites = data.get("sites", []) if isinstance(data, dict) else []
    inline_count = len(inline_sites) if isinstance(inline_sites, list) else 0
    site_data: list[Any] = []
    lost: list[Path] = []
    for site_file in site_files:
        position = inline_count + len(site_data)
        read = collector.read(site_file, ("sites", position))
        if read is not None:
            site_data.append(read)
        else:
            lost.append(site_file)
    if data is None:
        for position, read in enumerate(site_data, start=inline_count):
            collector.validate(Site, read, ("sites", position))
        return PartialLoad(None, collector.diagnostics)
    merged = dict(data)
    merged["sites"] = [*(inline_sites if inline_count else []), *site_data]
    outcome = collector.validate(Topology, merged, ())
    for site_file in lost:  # what other files name in it is not unknown, only unread
        outcome.salvage.lose_file(_text_of(site_file), site_file.stem)
    if not isinstance(outcome.model, Topology):
        return PartialLoad(None, collector.diagnostics, outcome.salvage)
    _report_references(collector, outcome.model, outcome.salvage)
    return PartialLoad(
        LoadedTopology(outcome.model, collector.sources, path),
        collector.diagnostics,
        outcome.salvage,
    )


def _text_of(path: Path) -> str:
    """The text of a site file that could not be used; nothing for what is not a regular file
    within the size limit (a FIFO would block, /dev/zero never end)."""
    try:
        if not path.is_file() or path.stat().st_size > yaml_reader.MAX_FILE_BYTES:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _report_references(collector: _Collector, topology: Topology, salvage: Salvage) -> None:
    """Duplicate ids and unknown references, leaving out those a part set aside explains."""
    for problem in find_reference_problems(topology):
        if problem.code == "MI-REF-001" and salvage.mentions_lost_name(problem.message):
            continue
        message = problem.message
        if problem.first is not None:
            first = collector.sources.locate(salvage.original(problem.first))
            if first is not None:
                message += f" (first defined at {first})"
        collector.report(problem.code, salvage.original(problem.path), message)
