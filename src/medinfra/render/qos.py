"""QoS of a CPE's uplinks: one class per DiffServ class of the catalogue, matched on the
services' ports, remarked and queued so DICOM and telemedicine video go first."""

from dataclasses import dataclass
from typing import Any

from medinfra.model import Service, TrafficClass

POLICY_NAME = "medinfra-wan"


@dataclass(frozen=True)
class ClassPlan:
    """How the CPE treats one traffic class: its ACL number, queue and share of the line."""

    acl: int
    queue: str
    percent: int


PLANS: dict[TrafficClass, ClassPlan] = {
    TrafficClass.EF: ClassPlan(3001, "ef", 20),
    TrafficClass.CS6: ClassPlan(3002, "af", 5),
    TrafficClass.AF41: ClassPlan(3003, "af", 30),
    TrafficClass.AF31: ClassPlan(3004, "af", 15),
    TrafficClass.AF21: ClassPlan(3005, "af", 10),
    TrafficClass.AF11: ClassPlan(3006, "af", 5),
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
                "precedence": 5 * precedence,
                "services": [service.id for service in members],
                "rules": _rules(members),
            }
        )
    if not classes:
        return None
    return {"policy": POLICY_NAME, "classes": classes}
