"""Data shipped with medinfra: the Jinja2 templates and the JSON Schemas.

In the repository they stay where the project is known for them, the top-level
``templates/`` and ``schema/`` folders. A wheel carries them inside the package
(``medinfra/templates``, ``medinfra/schema``; see ``setup.py``), where
:func:`importlib.resources.files` finds them; from a checkout (an editable install or
``PYTHONPATH=src``) the repository's folders are used.
"""

from importlib.resources import files
from pathlib import Path

from medinfra.errors import MedinfraError

_CHECKOUT = Path(__file__).resolve().parents[2]
"""The repository root when running from a checkout (``src/medinfra/`` -> ``.``)."""


def data_folder(name: str) -> Path:
    """The folder of shipped data ``name`` (``templates`` or ``schema``).

    Examples:
        >>> (data_folder("templates") / "huawei_vrp" / "main.j2").is_file()
        True
    """
    packaged = files("medinfra") / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = _CHECKOUT / name
    if checkout.is_dir():
        return checkout
    raise MedinfraError(
        f"medinfra's {name}/ folder is missing: not in the installed package ({packaged}) "
        f"nor in a checkout ({checkout}); reinstall medinfra"
    )


def templates_folder() -> Path:
    """The built-in Jinja2 templates (``templates/<platform folder>/main.j2`` ...)."""
    return data_folder("templates")


def schema_folder() -> Path:
    """The JSON Schemas of topology and site files (``topology.schema.json`` ...)."""
    return data_folder("schema")
