"""Synthetic topologies of any size for tests and benchmarks (``medinfra generate``)."""

from medinfra.synth.topology import SyntheticSpec, SyntheticTopology, build
from medinfra.synth.writer import dump, write_topology

__all__ = ["SyntheticSpec", "SyntheticTopology", "build", "dump", "write_topology"]
