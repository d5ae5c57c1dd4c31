"""The offline plan: run the stack program under Pulumi's mock runtime and list what it declares.

No Pulumi CLI, engine or cloud is involved: ``pulumi.runtime.set_mocks`` replaces the engine
with an in-process monitor that records every resource registration (type, logical name,
parent, inputs) and answers with placeholder ids (``<Type:name>``). The result is the set of
resources the program *declares*, not a cloud preview: it cannot tell what exists, what would
change or whether the cloud accepts it.

The runtime is reset before every run (``reset_options`` + ``set_mocks`` with a fresh monitor),
so several plans can run one after the other in one process.
"""

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockMonitor

from medinfra.cloud.pairing import default_peer_stack, peer_data_centre
from medinfra.cloud.policies import DeclaredResource, validate_resources
from medinfra.cloud.program import PROJECT, StackSelection, declare_cloud, stack_outputs
from medinfra.cloud.sizing import baseline_tag
from medinfra.model.topology import Topology

DISCLAIMER = (
    "Offline plan of declared resources (Pulumi mock runtime): not a cloud preview. "
    "Nothing was read from or sent to a cloud; ids are placeholders."
)
STACK_TYPE = "pulumi:pulumi:Stack"
COMPUTED_OUTPUTS = {
    "openstack:networking/routerInterface:RouterInterface": ("port_id",),
}


@dataclass(frozen=True)
class PlannedResource:
    """One resource the program declared."""

    type: str
    name: str
    urn: str
    parent_urn: str | None
    custom: bool
    id: str | None
    properties: dict[str, Any]
    provider: str | None = None
    """URN of the explicit provider the resource is created through (None: the default)."""
    options: dict[str, bool] | None = None
    """``protect`` / ``retain_on_delete`` / ``delete_before_replace`` when set."""
    dependencies: tuple[str, ...] = ()
    """URNs of the resources it depends on (``depends_on``, sorted; an unordered set)."""

    @property
    def short_type(self) -> str:
        """``openstack:firewall/ruleV2:RuleV2`` -> ``firewall.RuleV2``.

        Examples:
            >>> PlannedResource("openstack:firewall/ruleV2:RuleV2", "r", "u", None, True, None,
            ...     {}).short_type
            'firewall.RuleV2'
            >>> PlannedResource("medinfra:cloud:ZoneNetwork", "n", "u", None, False, None,
            ...     {}).short_type
            'medinfra:cloud:ZoneNetwork'
        """
        package, module, member = [*self.type.split(":"), "", ""][:3]
        if package == "openstack" and "/" in module:
            return f"{module.split('/')[0]}.{member}"
        return self.type


def placeholder_id(type_: str, name: str) -> str:
    """The id the mock runtime gives a resource: ``<RuleV2:name>``."""
    return f"<{type_.rsplit(':', 1)[-1]}:{name}>"


STACK_REFERENCE = "pulumi:pulumi:StackReference"
PROVIDER_PREFIX = "pulumi:providers:"
SYNC_KEY_PLACEHOLDER = "<container-sync-key>"
DEFAULT_PROVIDER = "default"


class _Mocks(pulumi.runtime.Mocks):
    """Echo inputs as outputs, with placeholder ids and the few computed outputs used.

    Lookups answer placeholders too: ``getRole`` the role's name, ``getAuthScope`` the
    operator, ``getNetwork`` (the uplink's provider network) its name; a StackReference
    answers the outputs ``peers`` gives for its stack name.
    """

    def __init__(self, peers: dict[str, dict[str, Any]] | None = None) -> None:
        self.peers = peers or {}

    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[str, Any]]:
        state = dict(args.inputs)
        if args.typ == STACK_REFERENCE:
            state["outputs"] = self.peers.get(str(state.get("name")), {})
            return str(state.get("name")), state
        for key in COMPUTED_OUTPUTS.get(args.typ, ()):
            state[key] = f"<{key}:{args.name}>"
        custom = args.custom or args.typ.startswith(PROVIDER_PREFIX)
        return (placeholder_id(args.typ, args.name) if custom else None), state

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        if args.token == "openstack:identity/getRole:getRole":  # noqa: S105 (an invoke token)
            name = args.args.get("name")
            return {"id": f"<role:{name}>", "name": name}, []
        if args.token == "openstack:identity/getAuthScope:getAuthScope":  # noqa: S105
            return {"id": "current", "userId": "<operator>", "userName": "operator"}, []
        if args.token == "openstack:networking/getNetwork:getNetwork":  # noqa: S105
            name = args.args.get("name")
            return {"id": f"<network:{name}>", "name": name, "external": True}, []
        return {}, []


class _RecordingMonitor(MockMonitor):
    """The mock monitor, also keeping each registration's parent and order."""

    def __init__(self, peers: dict[str, dict[str, Any]] | None = None) -> None:
        super().__init__(_Mocks(peers))
        self.recorded: list[PlannedResource] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (gRPC method name)
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type != STACK_TYPE:
            urn = self.make_urn(request.parent, request.type, request.name)
            registration = self.resources[urn]
            self.recorded.append(
                PlannedResource(
                    type=request.type,
                    name=request.name,
                    urn=urn,
                    parent_urn=request.parent or None,
                    custom=bool(request.custom),
                    id=registration.id or None,
                    properties=dict(registration.state),
                    provider=request.provider.rsplit("::", 1)[0] or None,
                    options={
                        option: True
                        for option in ("protect", "retainOnDelete", "deleteBeforeReplace")
                        if getattr(request, option, False)
                    },
                    dependencies=tuple(sorted(request.dependencies)),
                )
            )
        return response


COMPONENT_ORDER = {
    "medinfra:cloud:HospitalTenant": 1,
    "medinfra:cloud:TenantRouter": 2,
    "medinfra:cloud:ZoneNetwork": 3,
    "medinfra:cloud:ZoneFirewall": 4,
    "medinfra:cloud:StoragePool": 5,
}


def natural_key(name: str) -> tuple[tuple[int, str], ...]:
    """Sort key that orders numbers by value: ``x-2`` before ``x-10``.

    Examples:
        >>> sorted(["x-10", "x-2", "x-1"], key=natural_key)
        ['x-1', 'x-2', 'x-10']
    """
    return tuple((int(part) if part.isdigit() else -1, part) for part in re.split(r"(\d+)", name))


def _sibling_key(resource: PlannedResource) -> tuple[int, str, tuple[tuple[int, str], ...]]:
    """Resources before components; components in the order the program builds them."""
    return (COMPONENT_ORDER.get(resource.type, 0), resource.type, natural_key(resource.name))


def _tree_order(resources: list[PlannedResource]) -> tuple[PlannedResource, ...]:
    """Depth-first from the stack; siblings by ``_sibling_key`` (rule names carry their order)."""
    children: dict[str | None, list[PlannedResource]] = {}
    urns = {r.urn for r in resources}
    for resource in resources:
        parent = resource.parent_urn if resource.parent_urn in urns else None
        children.setdefault(parent, []).append(resource)
    ordered: list[PlannedResource] = []
    stack = sorted(children.get(None, []), key=_sibling_key, reverse=True)
    while stack:
        current = stack.pop()
        ordered.append(current)
        stack.extend(sorted(children.get(current.urn, []), key=_sibling_key, reverse=True))
    return tuple(ordered)


def run_offline(
    program: Callable[[], Any],
    stack: str,
    config: dict[str, str] | None = None,
    peers: dict[str, dict[str, Any]] | None = None,
) -> tuple[list[PlannedResource], Any]:
    """Run ``program`` under fresh mocks; returns what it declared and its resolved result.

    The engine registers resources concurrently, so the declared resources are returned in
    a stable tree order (depth-first, siblings sorted), not in registration order.

    Args:
        program: builds resources; may return a value with Outputs (resolved here).
        stack: stack name used in URNs.
        config: stack configuration (``project:key`` -> value) the program can read.
        peers: outputs of the stacks a StackReference may name, by stack name.
    """
    pulumi.runtime.reset_options(project=PROJECT, stack=stack, preview=False)
    pulumi.runtime.set_all_config(dict(config or {}))
    monitor = _RecordingMonitor(peers)
    pulumi.runtime.set_mocks(
        monitor.mocks, project=PROJECT, stack=stack, preview=False, monitor=monitor
    )
    result: dict[str, Any] = {}

    def body() -> pulumi.Output[Any]:
        return pulumi.Output.from_input(program()).apply(
            lambda value: result.setdefault("v", value)
        )

    pulumi.runtime.test(body)()  # type: ignore[no-untyped-call]
    return list(_tree_order(monitor.recorded)), result.get("v")


@dataclass(frozen=True)
class Plan:
    """What the stack program declares for one topology (and stack selection)."""

    topology: str
    stack: str
    baseline: str
    resources: tuple[PlannedResource, ...]
    outputs: dict[str, Any]

    def counts(self) -> dict[str, int]:
        """Resources per type, sorted by type."""
        return dict(sorted(Counter(r.type for r in self.resources).items()))

    def parent_name(self, resource: PlannedResource) -> str | None:
        """The logical name of the resource's parent component (None for the stack)."""
        by_urn = {r.urn: r for r in self.resources}
        parent = by_urn.get(resource.parent_urn or "")
        return parent.name if parent else None

    def providers(self) -> dict[str, list[PlannedResource]]:
        """The providers the program declares and the resources each one serves.

        ``default`` is the stack's own provider (``openstack:cloud``, the admin scope); the
        others are declared by the program (one per tenant project).
        """
        names = {r.urn: r.name for r in self.resources}
        served: dict[str, list[PlannedResource]] = {DEFAULT_PROVIDER: []}
        for r in self.resources:
            if r.type.startswith(PROVIDER_PREFIX):
                served.setdefault(r.name, [])
        for r in self.resources:
            if r.custom and not r.type.startswith(PROVIDER_PREFIX):
                key = names.get(r.provider or "", DEFAULT_PROVIDER)
                served.setdefault(key, []).append(r)
        return served

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready document: disclaimer, counts, resources, outputs."""
        by_urn = {r.urn: r.name for r in self.resources}
        return {
            "kind": "offline-plan",
            "disclaimer": DISCLAIMER,
            "topology": self.topology,
            "stack": self.stack,
            "baseline": self.baseline,
            "counts": self.counts(),
            "total": len(self.resources),
            "resources": [
                {
                    "type": r.type,
                    "name": r.name,
                    "urn": r.urn,
                    "parent": by_urn.get(r.parent_urn or ""),
                    "provider": by_urn.get(r.provider or "", DEFAULT_PROVIDER)
                    if r.custom
                    else None,
                    "options": r.options or {},
                    "id": r.id,
                    "properties": r.properties,
                }
                for r in self.resources
            ],
            "providers": {
                name: [r.name for r in served] for name, served in self.providers().items()
            },
            "outputs": json.loads(json.dumps(self.outputs, default=str)),
        }


def stack_name(topology: Topology, selection: StackSelection | None) -> str:
    """``<topology>`` or ``<topology>-<data centre>``."""
    if selection is not None and selection.data_centre:
        return f"{topology.name}-{selection.data_centre}"
    return topology.name


def peer_outputs(topology: Topology, selection: StackSelection) -> dict[str, dict[str, Any]]:
    """What the other data centre's stack exports, as placeholders (for its StackReference)."""
    other = peer_data_centre(topology, selection.data_centre)
    name = selection.peer_stack or default_peer_stack(PROJECT, topology, selection.data_centre)
    if other is None or name is None:
        return {}
    projects = {t.id: placeholder_id("Project", f"{t.id}-{other}") for t in topology.cloud.tenants}
    return {name: {"data_centre": other, "projects": projects}}


def plan_topology(topology: Topology, selection: StackSelection | None = None) -> Plan:
    """The offline plan of a validated topology (containers synced with a placeholder key)."""
    selection = selection or StackSelection()
    if selection.sync_key is None:
        selection = replace(selection, sync_key=SYNC_KEY_PLACEHOLDER)
    stack = stack_name(topology, selection)
    recorded, outputs = run_offline(
        lambda: stack_outputs(declare_cloud(topology, selection), selection.data_centre),
        stack,
        peers=peer_outputs(topology, selection),
    )
    return Plan(
        topology=topology.name,
        stack=stack,
        baseline=baseline_tag(topology.baseline),
        resources=tuple(recorded),
        outputs=outputs or {},
    )


def declared_resources(plan: Plan) -> list[DeclaredResource]:
    """The plan's resources as the baseline policies see them (id added to the properties)."""
    return [
        DeclaredResource(
            r.type,
            r.name,
            r.urn,
            {**r.properties, "id": r.id},
            bool((r.options or {}).get("protect")),
        )
        for r in plan.resources
    ]


def baseline_violations(plan: Plan) -> list[tuple[str, str]]:
    """The security baseline policies (``medinfra.cloud.policies``) run over the plan.

    A share's replication type is an output the share type decides: the pack's
    ``image-shares-replicated`` judges it after ``pulumi up``; the plan cannot.
    """
    return validate_resources(declared_resources(plan))
