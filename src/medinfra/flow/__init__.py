"""Flows end to end: the path a packet takes from a ward to the cloud and back.

A path is a list of hops, one per layer (ONT service-port, OLT uplink, CPE LAN, CPE route,
private line, edge route, cloud handoff, tenant router, firewall rule, zone), each naming the
model object it comes from and the rendered line that forwards or permits it. Every hop is
read from what the renderer and the cloud program use (:mod:`medinfra.render.context`,
:mod:`medinfra.cloud.fwaas_rules`), never from a second model of the network; a hop whose data is
missing is a :class:`~medinfra.flow.hops.Break` naming it. ``medinfra trace`` prints paths,
the MI-FLOW rules check every intended flow with them. Pure, no I/O.
"""

from medinfra.flow.hops import Break, Failure, Hop, Layer, Path, Trace
from medinfra.flow.trace import trace

__all__ = ["Break", "Failure", "Hop", "Layer", "Path", "Trace", "trace"]
