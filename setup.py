"""Build glue for setuptools (the metadata is in pyproject.toml).

The wheel carries the repository's top-level ``templates/`` and ``schema/`` folders inside
the package, as ``medinfra/templates`` and ``medinfra/schema``, where
:mod:`medinfra.resources` finds them with ``importlib.resources``.
"""

from setuptools import find_packages, setup

DATA_FOLDERS = {"medinfra.templates": "templates", "medinfra.schema": "schema"}

setup(
    packages=[*find_packages("src"), *DATA_FOLDERS],
    package_dir={"": "src", **DATA_FOLDERS},
    package_data={
        "medinfra": ["py.typed"],
        "medinfra.templates": ["*/*.j2"],
        "medinfra.schema": ["*.schema.json"],
    },
    include_package_data=False,
)
