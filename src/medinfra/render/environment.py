"""The Jinja2 environment: built-in templates, optional override folders, strict undefined.

Templates live in ``templates/<folder>/`` at the top of the repository, the folder named by
the platform (:attr:`medinfra.platforms.PlatformSpec.template_folder`): one main template
per platform (``<folder>/main.j2``) that includes one file per feature (``_aaa.j2``,
``_interfaces.j2`` ...). Folders given with ``--templates DIR`` are searched first, so a
site overrides one feature by dropping ``DIR/huawei_vrp/_qos.j2`` and inherits the rest.
"""

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from medinfra.errors import UsageError
from medinfra.render.filters import FILTERS
from medinfra.resources import templates_folder

BUILTIN_TEMPLATES = templates_folder()
"""The templates shipped with medinfra: the repository's ``templates/`` folder, packaged
inside the wheel (:mod:`medinfra.resources`)."""


def template_search_path(template_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """Override folders first, then the built-in templates; each must be a directory."""
    for directory in template_dirs:
        if not Path(directory).is_dir():
            raise UsageError(f"template folder {directory} does not exist or is not a folder")
    return (*(Path(d).resolve() for d in template_dirs), BUILTIN_TEMPLATES)


def get_environment(template_dirs: Sequence[Path] = ()) -> Environment:
    """The shared environment for this template search path (built once, then cached)."""
    return _environment(template_search_path(template_dirs))


@lru_cache(maxsize=16)
def _environment(search_path: tuple[Path, ...]) -> Environment:
    environment = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(path)) for path in search_path]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,  # as Ansible; main.j2 ends each include with "+%}"
        autoescape=False,  # noqa: S701 - device configs, not HTML
        auto_reload=False,
    )
    environment.filters.update(FILTERS)
    return environment
