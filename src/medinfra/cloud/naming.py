"""Names and tags of the cloud's identity resources, from the model (pure, no Pulumi).

Keystone names are unique within a domain, which both stacks of an active-active pair may
share: a stack of one data centre suffixes every name Keystone keeps unique (projects,
groups) with that data centre, so the two stacks never claim the same name.
"""

from medinfra.model.cloud import StaffGroup, Tenant


def project_name(tenant: Tenant, data_centre: str | None = None) -> str:
    """``mbh`` or, in the stack of data centre ``dc-1``, ``mbh-dc-1``.

    Examples:
        >>> from medinfra.model.cloud import Tenant
        >>> t = Tenant.model_validate({"id": "mbh", "name": "M", "kind": "hospital",
        ...     "default_action": "deny", "zones": [{"id": "z", "name": "Z",
        ...     "kind": "clinical", "ranges": ["10.0.0.0/24"], "placement": "cloud"}]})
        >>> project_name(t), project_name(t, "dc-1")
        ('mbh', 'mbh-dc-1')
    """
    return f"{tenant.id}-{data_centre}" if data_centre else tenant.id


def group_name(tenant: Tenant, group: StaffGroup, data_centre: str | None = None) -> str:
    """The Keystone group of a tenant's staff group: ``<project name>-<group id>``."""
    return f"{project_name(tenant, data_centre)}-{group.id}"


def project_tags(
    topology: str, tenant: Tenant, baseline: str, data_centre: str | None = None
) -> list[str]:
    """The tags of a tenant's project: topology, kind, baseline, site, data centre."""
    tags = [f"topology:{topology}", f"kind:{tenant.kind.value}", f"baseline:{baseline}"]
    if tenant.site:
        tags.append(f"site:{tenant.site}")
    if data_centre:
        tags.append(f"data-centre:{data_centre}")
    return tags
