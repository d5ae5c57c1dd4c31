"""Model changes that would replace a store holding images, found before any preview.

``medinfra plan TOPOLOGY --previous FILE`` compares the offline plan with what was deployed
or planned before: ``FILE`` is either a previous ``medinfra plan --format json`` document or
the state of the stack (``pulumi stack export --file FILE``). Resources are matched by type
and logical name. For every protected store (``protect``, set on volume types, containers
and shares that hold images) the arguments that cannot change in place (OpenStack gives no
update for them, so Pulumi replaces the resource) are compared; a change, or the store
leaving the plan, is a finding that says what would happen to the images.

Pure: no Pulumi import.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medinfra.cloud.errors import CloudError

FORCE_NEW: dict[str, tuple[str, ...]] = {
    "openstack:objectstorage/container:Container": ("name", "region", "storagePolicy"),
    "openstack:sharedfilesystem/share:Share": (
        "name",
        "region",
        "shareProto",
        "shareType",
        "shareNetworkId",
        "availabilityZone",
    ),
    "openstack:blockstorage/volumeTypeV3:VolumeTypeV3": ("region", "isPublic"),
}
"""Arguments of each store type that force a new resource (pulumi-openstack ForceNew)."""

CONSEQUENCE = {
    "openstack:objectstorage/container:Container": "a new, empty container; the images stay "
    "in the old one, which protect keeps, so pulumi up stops",
    "openstack:sharedfilesystem/share:Share": "a new, empty share; the images stay on the "
    "old share, which protect keeps, so pulumi up stops",
    "openstack:blockstorage/volumeTypeV3:VolumeTypeV3": "a new volume type; volumes of the "
    "old type keep it, which protect keeps, so pulumi up stops",
}


@dataclass(frozen=True)
class StoredResource:
    """A resource of a previous plan or state: type, logical name, inputs, protect."""

    type: str
    name: str
    inputs: Mapping[str, Any]
    protect: bool


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def read_previous(path: Path) -> list[StoredResource]:
    """The resources of a plan document or a ``pulumi stack export`` file.

    Raises:
        CloudError: the file is not JSON of either kind.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CloudError(f"{path}: cannot read a previous plan or state: {error}") from error
    if isinstance(document, dict) and document.get("kind") == "offline-plan":
        return [
            StoredResource(
                r["type"],
                r["name"],
                r.get("properties") or {},
                bool((r.get("options") or {}).get("protect")),
            )
            for r in document.get("resources", [])
        ]
    deployment = document.get("deployment") if isinstance(document, dict) else None
    if isinstance(deployment, dict):
        return [
            StoredResource(
                r["type"], _name(r["urn"]), r.get("inputs") or {}, bool(r.get("protect"))
            )
            for r in deployment.get("resources") or []
            if "urn" in r and "type" in r
        ]
    raise CloudError(
        f"{path}: neither a 'medinfra plan --format json' document nor a 'pulumi stack export' file"
    )


def replacement_findings(
    previous: Iterable[StoredResource], current: Iterable[StoredResource]
) -> list[str]:
    """What the change from ``previous`` to ``current`` would do to protected stores."""
    now = {(r.type, r.name): r for r in current}
    findings = []
    for old in previous:
        if old.type not in FORCE_NEW or not old.protect:
            continue
        new = now.get((old.type, old.name))
        if new is None:
            findings.append(
                f"{old.name} ({old.type.rsplit(':', 1)[-1]}) leaves the stack: it is protected, "
                "so pulumi up stops; if it must go, move its images first, then "
                "'pulumi state unprotect' it"
            )
            continue
        changed = [
            f"{key} {old.inputs.get(key)!r} -> {new.inputs.get(key)!r}"
            for key in FORCE_NEW[old.type]
            if old.inputs.get(key) != new.inputs.get(key)
        ]
        if changed:
            findings.append(
                f"{old.name}: {', '.join(changed)} cannot change in place; Pulumi would "
                f"replace it with {CONSEQUENCE[old.type]}. Migrate the images to a new "
                "store declared beside it before changing the model"
            )
    return findings
