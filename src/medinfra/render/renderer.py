"""Rendering: the model in, each device's intended configuration text out (pure)."""

import traceback
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound

from medinfra.errors import UsageError
from medinfra.model import Platform, Topology
from medinfra.platforms import platform_for
from medinfra.render.context import Context, device_context
from medinfra.render.environment import get_environment
from medinfra.render.errors import RenderError
from medinfra.render.filters import UnsafeTextError
from medinfra.render.index import RenderIndex, index_for


@dataclass(frozen=True)
class RenderedConfig:
    """The intended configuration of one device."""

    site: str
    hostname: str
    platform: str
    text: str

    @property
    def lines(self) -> int:
        """Number of lines of the configuration."""
        return self.text.count("\n")


def tidy(text: str) -> str:
    """Strip trailing spaces, drop blank lines and repeated ``#`` separators, end with a newline.

    Examples:
        >>> tidy("#\\nsysname X  \\n\\n#\\n#\\nreturn")
        '#\\nsysname X\\n#\\nreturn\\n'
    """
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or (line == "#" and lines and lines[-1] == "#"):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def render_context(context: Context, template_dirs: Sequence[Path] = ()) -> str:
    """Render one device's context with its platform's main template."""
    name = platform_for(Platform(context["platform"])).main_template
    environment = get_environment(template_dirs)
    try:
        template = environment.get_template(name)
        return tidy(template.render(context))
    except TemplateNotFound as error:
        raise RenderError(f"{context['hostname']}: template {error.name} not found") from error
    except UnsafeTextError as error:
        raise RenderError(f"{context['hostname']}: unsafe text for the CLI: {error}") from error
    except TemplateError as error:
        place = _template_location(error) or name
        raise RenderError(f"{context['hostname']}: template {place}: {error}") from error


def _template_location(error: TemplateError) -> str | None:
    """``file:line`` of the template line that failed (Jinja2 maps its frames to templates)."""
    filename = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if filename:
        return f"{filename}:{line}" if line else str(filename)
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith(".j2")
    ]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None


def _render_indexed(index: RenderIndex, hostname: str, template_dirs: Sequence[Path]) -> str:
    return render_context(device_context(index, hostname), template_dirs)


def render_device(topology: Topology, hostname: str, template_dirs: Sequence[Path] = ()) -> str:
    """The intended configuration text of one device (its platform comes from the model)."""
    return _render_indexed(index_for(topology), hostname, template_dirs)


def render_topology(
    topology: Topology,
    template_dirs: Sequence[Path] = (),
    sites: Collection[str] | None = None,
    hostnames: Collection[str] | None = None,
) -> list[RenderedConfig]:
    """The intended configurations of every device, or of the given sites and/or hostnames,
    in model order. Unknown site ids or hostnames are a usage error naming the known ones."""
    index = index_for(topology)
    _check_selection(topology, index, sites, hostnames)
    rendered = []
    for site, device in topology.all_devices():
        if sites is not None and site.id not in sites:
            continue
        if hostnames is not None and device.hostname not in hostnames:
            continue
        text = _render_indexed(index, device.hostname, template_dirs)
        rendered.append(RenderedConfig(site.id, device.hostname, device.platform.value, text))
    return rendered


def _check_selection(
    topology: Topology,
    index: RenderIndex,
    sites: Collection[str] | None,
    hostnames: Collection[str] | None,
) -> None:
    known_sites = [site.id for site in topology.sites]
    unknown = sorted(set(sites or ()) - set(known_sites))
    if unknown:
        raise UsageError(
            f"unknown site {', '.join(repr(s) for s in unknown)} "
            f"(known: {', '.join(sorted(known_sites))})"
        )
    for hostname in sorted(hostnames or ()):
        index.device(hostname)
