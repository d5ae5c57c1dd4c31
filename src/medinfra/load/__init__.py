"""Loading topology files into the model, with file and line for every problem."""

from medinfra.load.loader import LoadedTopology, input_files, load_topology, topology_files

__all__ = ["LoadedTopology", "input_files", "load_topology", "topology_files"]
