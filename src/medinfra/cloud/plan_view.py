"""What ``medinfra plan`` shows of each declared resource: the properties that say what it is."""

from typing import Any

from medinfra.cloud.plan import PlannedResource

KEY_PROPERTIES: dict[str, tuple[str, ...]] = {
    "identity.Project": ("name", "tags"),
    "identity.GroupV3": ("name",),
    "identity.RoleAssignment": ("roleId", "projectId"),
    "compute.QuotaSetV2": ("instances", "cores", "ram"),
    "networking.QuotaV2": ("network", "subnet", "router", "securityGroup", "securityGroupRule"),
    "blockstorage.QuoteSetV3": ("volumes", "gigabytes"),
    "networking.Router": ("name", "externalNetworkId", "externalFixedIps", "enableSnat"),
    "networking.RouterRoute": ("destinationCidr", "nextHop"),
    "networking.Network": ("name",),
    "networking.Subnet": ("cidr", "gatewayIp"),
    "networking.RouterInterface": ("routerId", "subnetId"),
    "firewall.RuleV2": (
        "action",
        "protocol",
        "sourceIpAddress",
        "destinationIpAddress",
        "destinationPort",
    ),
    "firewall.PolicyV2": ("name", "rules"),
    "firewall.GroupV2": ("ingressFirewallPolicyId", "egressFirewallPolicyId", "ports"),
    "networking.SecGroup": ("name",),
    "networking.SecGroupRule": (
        "direction",
        "protocol",
        "portRangeMin",
        "portRangeMax",
        "remoteIpPrefix",
    ),
    "blockstorage.VolumeTypeV3": (
        "name",
        "extraSpecs.volume_backend_name",
        "extraSpecs.replication_enabled",
        "extraSpecs.medinfra-logical-bytes",
    ),
    "blockstorage.VolumeTypeAccessV3": ("projectId",),
    "objectstorage.Container": (
        "storagePolicy",
        "versioning",
        "metadata.Quota-Bytes",
        "metadata.medinfra-retention-years",
        "containerSyncTo",
    ),
    "sharedfilesystem.Share": ("shareProto", "size", "shareType"),
    "sharedfilesystem.ShareNetwork": ("neutronNetId",),
    "sharedfilesystem.ShareAccess": ("accessType", "accessTo", "accessLevel"),
}


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return f"[{len(value)}]" if len(value) > 3 else ",".join(_show(v) for v in value)
    if isinstance(value, dict):
        return ",".join(_show(v) for v in value.values())
    return str(value)


def key_properties(resource: PlannedResource) -> str:
    """The properties that say what a resource is, as ``key=value`` pairs.

    Examples:
        >>> key_properties(PlannedResource("openstack:networking/subnet:Subnet", "s", "u",
        ...     None, True, "i", {"cidr": "10.0.0.0/24", "gatewayIp": "10.0.0.1", "ipVersion": 4}))
        'cidr=10.0.0.0/24 gatewayIp=10.0.0.1'
    """
    pairs = []
    for key in KEY_PROPERTIES.get(resource.short_type, ()):
        value: Any = resource.properties
        for part in key.split(".", 1):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            pairs.append(f"{key.rsplit('.', 1)[-1]}={_show(value)}")
    return " ".join(pairs)
