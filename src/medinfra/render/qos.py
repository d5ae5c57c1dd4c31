"""QoS of the private lines: one class per DiffServ class of the catalogue, matched on the
services' ports, remarked and queued so DICOM and telemedicine video go first, inside the
line's contracted rate (the CPE shapes its port to it; the edge gives each hospital a user
queue of that rate whose flow queue shares it by class)."""

from dataclasses import dataclass
from typing import Any

from medinfra.model import Service, TrafficClass

POLICY_NAME = "medinfra-wan"


FLOW_QUEUE = "medinfra-wan"
"""The NE edge's flow queue: how each hospital's user queue shares its line."""

BEST_EFFORT_WEIGHT = 15
"""The best-effort (default) class's share of a line, in percent."""


@dataclass(frozen=True)
class ClassPlan:
    """How one traffic class is treated: its ACL number, CPE queue and share of the line,
    and the NE service class (flow-queue queue) it maps to."""

    acl: int
    queue: str
    percent: int
    service_class: str


PLANS: dict[TrafficClass, ClassPlan] = {
    TrafficClass.EF: ClassPlan(3001, "ef", 20, "ef"),
    TrafficClass.CS6: ClassPlan(3002, "af", 5, "cs6"),
    TrafficClass.AF41: ClassPlan(3003, "af", 30, "af4"),
    TrafficClass.AF31: ClassPlan(3004, "af", 15, "af3"),
    TrafficClass.AF21: ClassPlan(3005, "af", 10, "af2"),
    TrafficClass.AF11: ClassPlan(3006, "af", 5, "af1"),
}
"""Classes in priority order (the policy's precedence follows it). Best effort is the
default class and needs no rule. Shares add up to 85% so the default class keeps 15%."""


def _rules(services: list[Service]) -> list[dict[str, Any]]:
    """ACL rules matching the services' ports in both directions (requests and replies)."""
    seen: set[tuple[str, int | None, int | None]] = set()
    rules: list[dict[str, Any]] = []
    for service in services:
        for port in service.ports:
            key = (port.protocol.value, port.port, port.port_end)
            if key in seen:
                continue
            seen.add(key)
            directions = ("destination", "source") if port.port is not None else (None,)
            for direction in directions:
                rules.append(
                    {
                        "rule": 5 * (len(rules) + 1),
                        "protocol": port.protocol.value,
                        "direction": direction,
                        "port": port.port,
                        "port_end": port.port_end,
                    }
                )
    return rules


def qos_context(services: tuple[Service, ...]) -> dict[str, Any] | None:
    """The classes, behaviours and policy for a catalogue (None when nothing is classified)."""
    classes = []
    for precedence, (traffic_class, plan) in enumerate(PLANS.items(), start=1):
        members = sorted(
            (s for s in services if s.traffic_class is traffic_class and s.ports),
            key=lambda service: service.id,
        )
        if not members:
            continue
        classes.append(
            {
                "name": f"medinfra-{traffic_class.value}",
                "dscp": traffic_class.value,
                "acl": plan.acl,
                "queue": plan.queue,
                "percent": plan.percent,
                "service_class": plan.service_class,
                "priority": plan.queue == "ef" or plan.service_class == "cs6",
                "precedence": 5 * precedence,
                "services": [service.id for service in members],
                "rules": _rules(members),
            }
        )
    if not classes:
        return None
    return {
        "policy": POLICY_NAME,
        "classes": classes,
        "default": {"name": "medinfra-be", "weight": BEST_EFFORT_WEIGHT},
        "flow_queue": FLOW_QUEUE,
    }
