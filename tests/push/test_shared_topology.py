"""The topology shared by an Ansible run's hosts: loaded once, reloaded when its files change."""

import os

import pytest

from medinfra.errors import TopologyError
from medinfra.push import shared_topology
from medinfra.push.shared_topology import cached_topology, fingerprint


def test_loaded_once_then_served_from_the_cache_until_a_file_changes(example_copy):
    path = example_copy("henan-provincial-hospital")
    shared_topology.clear()
    first = cached_topology(path)
    assert cached_topology(path.resolve()) is first
    assert shared_topology.cache_size() == 1
    site = next((path / "sites").glob("*.yaml"))
    stamp = fingerprint(path)
    os.utime(site, ns=(stamp[1] + 10**9, stamp[1] + 10**9))
    reloaded = cached_topology(path)
    assert reloaded is not first
    assert reloaded.topology == first.topology
    assert cached_topology(path) is reloaded


def test_a_new_site_file_is_seen_even_when_older_than_the_others(example_copy):
    path = example_copy("henan-provincial-hospital")
    shared_topology.clear()
    count, newest = fingerprint(path)
    first = cached_topology(path)
    extra = path / "sites" / "zz-empty.yaml"
    extra.write_text("", encoding="utf-8")
    os.utime(extra, ns=(0, 0))
    assert fingerprint(path) == (count + 1, newest)
    assert first.topology.sites
    with pytest.raises(TopologyError):  # loaded again (an empty site file is invalid), not stale
        cached_topology(path)
