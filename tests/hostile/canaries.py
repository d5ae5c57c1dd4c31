"""Canary secrets: values that appear nowhere but in the environment of a push.

Every secret and password of a run gets one; a test then reads every output channel and
every file the run wrote and fails when any canary (or a fragment of one) shows up.
"""

import os
import secrets
from pathlib import Path

from medinfra.model import Topology
from medinfra.push.credentials import placeholders, secret_env_name
from medinfra.render import render_device
from tests.push.labkit import LAB_PASSWORD, LAB_USER


def canary_env(topology: Topology) -> dict[str, str]:
    """The environment of a push whose every secret is a fresh random canary."""
    refs: set[str] = set()
    for _, device in topology.all_devices():
        refs.update(placeholders(render_device(topology, device.hostname)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDINFRA_")}
    env.update(MEDINFRA_USERNAME=LAB_USER, MEDINFRA_PASSWORD=LAB_PASSWORD)
    env.update({secret_env_name(ref): "Cnry" + secrets.token_hex(8) for ref in sorted(refs)})
    return env


def canaries(env: dict[str, str]) -> list[str]:
    """The canary values of ``env``."""
    return [value for name, value in env.items() if name.startswith("MEDINFRA_SECRET_")]


def fragments(value: str, size: int = 8) -> set[str]:
    """Every run of ``size`` characters of a canary (a wrapped line shows only part of it)."""
    return {value[i : i + size] for i in range(len(value) - size + 1)}


def leaks(text: str, env: dict[str, str]) -> list[str]:
    """The canaries (or fragments of them) found in ``text``."""
    return sorted(
        value for value in canaries(env) if any(part in text for part in fragments(value))
    )


def leaks_in_files(root: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """Every file under ``root`` that holds a canary, with the canaries it holds."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            hit = leaks(path.read_bytes().decode("utf-8", "replace"), env)
            if hit:
                found[str(path.relative_to(root))] = hit
    return found
