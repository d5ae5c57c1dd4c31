"""``trace``: a flow from a source to a destination and back, with elements down."""

from medinfra.errors import UsageError
from medinfra.flow.endpoints import Endpoint, moved_end, resolve
from medinfra.flow.hops import Failure, Trace
from medinfra.flow.walk import Walker
from medinfra.model.index import index_of
from medinfra.model.services import Service
from medinfra.model.topology import Topology


def service_named(topology: Topology, service_id: str | None) -> Service | None:
    """The catalogue service ``service_id`` (None when not given).

    Raises:
        UsageError: naming the catalogue when no service has that id.
    """
    if service_id is None:
        return None
    services = index_of(topology).services
    if service_id not in services:
        raise UsageError(
            f"unknown service '{service_id}' (catalogue: {', '.join(sorted(services))})"
        )
    return services[service_id]


def failure_of(topology: Topology, names: list[str]) -> Failure:
    """The failure of each named private line, device or data centre.

    Raises:
        UsageError: when a name is none of them.
    """
    index = index_of(topology)
    lines = {line.id for _, line in topology.all_private_lines()}
    failed: dict[str, set[str]] = {"line": set(), "device": set(), "dc": set()}
    for name in names:
        if name in lines:
            failed["line"].add(name)
        elif name in index.data_centres:
            failed["dc"].add(name)
        elif name in index.devices:
            failed["device"].add(name)
        else:
            raise UsageError(
                f"--fail {name}: no private line, device or data centre has that name "
                f"(data centres: {', '.join(sorted(index.data_centres))})"
            )
    return Failure(frozenset(failed["line"]), frozenset(failed["device"]), frozenset(failed["dc"]))


def trace_endpoints(
    topology: Topology,
    source: Endpoint,
    dest: Endpoint,
    service: Service | None,
    failure: Failure | None = None,
) -> Trace:
    """The forward path from ``source`` to ``dest`` and the return path, ``failure`` down."""
    failure = failure or Failure()
    walker = Walker(topology, failure)
    # a zone whose data centre is down: its ranges in the next data centre's cloud
    if source.kind == "zone":
        source = moved_end(topology, source, failure) or source
    if dest.kind == "zone":
        dest = moved_end(topology, dest, failure) or dest
    forward = walker.path(source, dest, service, "forward")
    back = walker.path(dest, source, service, "return", forward.uplink)
    return Trace(source.label, dest.label, service.id if service else None, failure, forward, back)


def trace(
    topology: Topology,
    source: str,
    destination: str,
    service: str | None = None,
    fail: list[str] | None = None,
) -> Trace:
    """Trace ``source`` to ``destination`` (each a site, device, zone, ONT, imaging gateway
    or address) for ``service``, with the named lines, devices or data centres down.

    Raises:
        UsageError: when a name resolves to nothing.
    """
    src = resolve(topology, source)
    dst = resolve(topology, destination)
    return trace_endpoints(
        topology, src, dst, service_named(topology, service), failure_of(topology, fail or [])
    )
