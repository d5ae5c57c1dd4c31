"""Intended device configurations: the model rendered through per-platform Jinja2 templates.

``render_device`` and ``render_topology`` are pure (model in, text out); ``write_configs``
writes ``DIR/<site>/<hostname>.cfg`` atomically. Secrets appear only as ``<<secret:REF>>``.
"""

from medinfra.render.environment import BUILTIN_TEMPLATES, get_environment
from medinfra.render.errors import RenderError, UnknownDeviceError
from medinfra.render.renderer import RenderedConfig, render_device, render_topology
from medinfra.render.writer import config_path, write_configs

__all__ = [
    "BUILTIN_TEMPLATES",
    "RenderError",
    "RenderedConfig",
    "UnknownDeviceError",
    "config_path",
    "get_environment",
    "render_device",
    "render_topology",
    "write_configs",
]
