"""The topology of an Ansible run, loaded once and shared by every host's task.

``ansible-playbook`` runs each host's task in a worker process forked from the playbook
process. The medinfra inventory plugin runs in that playbook process: it loads the topology
through :func:`cached_topology` and, for a playbook run, :func:`preload` also imports the push
engine and renders one device per platform (Jinja2 templates compiled, the model's index
built). Every forked worker then inherits all of it and pays only for its own device: its
render and its SSH session.

The cache is keyed by the resolved topology path and a fingerprint of its files (how many,
newest modification time), so a topology edited during a run is loaded again, never served
stale.
"""

import threading
from dataclasses import dataclass
from pathlib import Path

from medinfra.load import LoadedTopology, load_topology, topology_files


@dataclass(frozen=True)
class _Entry:
    fingerprint: tuple[int, int]
    loaded: LoadedTopology


_cache: dict[Path, _Entry] = {}
_lock = threading.Lock()


def _mtime(file: Path) -> int:
    """The modification time of a file, or of the link itself when it leads nowhere."""
    try:
        return file.stat().st_mtime_ns
    except OSError:
        return file.lstat().st_mtime_ns


def fingerprint(path: Path) -> tuple[int, int]:
    """How many files the topology has and the newest modification time among them (ns)."""
    main, sites = topology_files(path)
    stamps = [_mtime(file) for file in (main, *sites)]
    return len(stamps), max(stamps)


def cached_topology(path: Path) -> LoadedTopology:
    """The loaded topology at ``path``: from the cache while its files are unchanged."""
    key = path.resolve()
    stamp = fingerprint(key)
    with _lock:
        entry = _cache.get(key)
        if entry is not None and entry.fingerprint == stamp:
            return entry.loaded
    loaded = load_topology(key)
    with _lock:
        _cache[key] = _Entry(stamp, loaded)
    return loaded


def cache_size() -> int:
    """How many topologies are cached (for tests)."""
    return len(_cache)


def clear() -> None:
    """Forget every cached topology."""
    with _lock:
        _cache.clear()


def preload(path: Path) -> LoadedTopology:
    """Load the topology and warm what every device's push needs, before workers fork."""
    import medinfra.push.ansible_task  # netmiko, paramiko, hier_config and the engine
    from medinfra.render import render_device

    del medinfra.push.ansible_task
    loaded = cached_topology(path)
    first_of_platform: dict[object, str] = {}
    for _, device in loaded.topology.all_devices():
        first_of_platform.setdefault(device.platform, device.hostname)
    for hostname in first_of_platform.values():
        render_device(loaded.topology, hostname)
    return loaded
