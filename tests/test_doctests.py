"""Run the doctests of every module that has them (examples in docstrings stay true)."""

import doctest
import importlib
import pkgutil

import pytest

import medinfra

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(medinfra.__path__, prefix="medinfra.")
    if not info.ispkg
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
