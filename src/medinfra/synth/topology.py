"""A whole synthetic regional imaging platform, deterministic from its parameters and seed."""

import math
import random
from dataclasses import dataclass, field
from ipaddress import IPv4Network
from typing import Any

from medinfra.errors import UsageError
from medinfra.model.cloud import StoragePool
from medinfra.synth.addressing import (
    CLINIC_LANS,
    CLOUD_MANAGEMENT,
    HANDOFFS,
    HOSPITAL_LANS,
    MANAGEMENT_NETWORK,
    SECOND_CLOUD,
    AddressPlan,
    LanPlan,
    router_management,
)
from medinfra.synth.sites import TENANT, clinic, data_centre, hospital

SIZE_UNITS = {"MB": 1e6, "GB": 1e9, "TB": 1e12}
BUSY_SECONDS = 8 * 3600
MAX_SITES = 200_000
MAX_HOSPITALS = 32_768
"""Each hospital's LAN is at least a /27 of the hospitals' zone (10.64.0.0/12)."""
HOSPITAL_BLOCK, CLINIC_BLOCK = 24, 26
"""The per-site LAN block while the sites fit (smaller blocks beyond 4,096 / 65,536)."""


@dataclass(frozen=True)
class SyntheticSpec:
    """What to generate."""

    hospitals: int
    clinics: int = 0
    onts_per_site: int = 0
    seed: int = 1
    data_centres: int = 2
    """1 (mode single) or 2 (an active-active pair)."""
    campus_sites: int | None = None
    """How many hospitals (the first ones) have a campus OLT; None: all, when onts_per_site."""
    clinic_target: str = "99.5%"

    def check(self) -> None:
        """Raise UsageError when the sizes cannot be generated."""
        if self.hospitals < 1:
            raise UsageError("--hospitals must be at least 1 (clinics hang off hospitals)")
        if self.clinics < 0 or self.onts_per_site < 0:
            raise UsageError("--clinics and --onts-per-site cannot be negative")
        if self.hospitals + self.clinics > MAX_SITES:
            raise UsageError(f"at most {MAX_SITES} sites (hospitals + clinics)")
        if self.hospitals > MAX_HOSPITALS:
            raise UsageError(
                f"at most {MAX_HOSPITALS} hospitals (each LAN takes at least a /27 of "
                f"{HOSPITAL_LANS})"
            )
        if self.onts_per_site > 2048:
            raise UsageError("--onts-per-site is at most 2048 (64 PON ports of 32)")
        if self.data_centres not in {1, 2}:
            raise UsageError("--data-centres is 1 (single) or 2 (an active-active pair)")


@dataclass
class SyntheticTopology:
    """The topology document (without sites) and one document per site."""

    name: str
    topology: dict[str, Any]
    sites: list[dict[str, Any]] = field(default_factory=list)


def _bytes_per_day(site: dict[str, Any]) -> float:
    total = 0.0
    for modality in site["imaging"]["modalities"]:
        size = modality["average_study_size"]
        total += modality["studies_per_day"] * float(size[:-2]) * SIZE_UNITS[size[-2:]]
    return total


_SERVICES = (
    ("pacs", "pacs", 110, 5, "af41", 104),
    ("image-viewer", "image_viewer", 111, 4, "af31", 443),
    ("patient-portal", "patient_portal", 112, 2, "af21", 443),
    ("his", "his", 120, 4, "af31", 443),
    ("medical-devices", "medical_devices", 140, 5, "af41", 443),
    ("wifi", "wifi", 150, 1, "be", 443),
    ("mgmt", "management", 999, 6, "cs6", 22),
)
_PON_PROFILES = {
    "his": {"dba_type": 3, "assured": "10Mbit/s", "maximum": "100Mbit/s"},
    "medical-devices": {"dba_type": 2, "assured": "5Mbit/s"},
    "wifi": {"dba_type": 4, "maximum": "200Mbit/s"},
}


def _services() -> list[dict[str, Any]]:
    services = []
    for sid, kind, vlan, priority, traffic_class, port in _SERVICES:
        service: dict[str, Any] = {
            "id": sid,
            "name": sid.replace("-", " ").capitalize(),
            "kind": kind,
            "vlan": vlan,
            "priority": priority,
            "traffic_class": traffic_class,
            "ports": [{"protocol": "tcp", "port": port}],
        }
        if sid in _PON_PROFILES:
            service["pon_profile"] = _PON_PROFILES[sid]
        services.append(service)
    return services


def _pools(growth_tb: float) -> list[dict[str, Any]]:
    """A hot pool with three years of images and ten years of runway, and its DR copy."""
    current = math.ceil(growth_tb * 3)
    raw = math.ceil((current + growth_tb * 10) / 1.43 * 1.25) + 1
    pools = []
    for pool_id, name, tier, protocols in (
        ("regional-images", "Regional image pool", "hot", ["file", "object"]),
        ("regional-images-dr", "Regional image DR copy", "archive", ["object"]),
    ):
        pool: dict[str, Any] = {
            "id": pool_id,
            "name": name,
            "tier": tier,
            "protocols": protocols,
            "raw_capacity": f"{raw}TB",
            "current_data": f"{current}TB",
            "yearly_growth": f"{math.ceil(growth_tb)}TB/year",
            "retention_years": 15,
            "compression_ratio": 1.43,
            "redundancy": {"scheme": "erasure_coding", "data": 8, "parity": 2},
            "worm": True,
        }
        pools.append(pool)
    pools[0]["dr_target"] = "regional-images-dr"
    return pools


def _uplinks(centres: int) -> list[dict[str, Any]]:
    """The tenant router's way to each data centre's edges (its gateway, routes via VRRP)."""
    return [
        {
            "data_centre": f"dc-{centre}",
            "external_network": f"dc-{centre}-handoff",
            "router_address": f"{subnet.network_address + 4}/{subnet.prefixlen}",
            "next_hop": str(subnet.network_address + 1),
            "management_address": router_management(centre),
        }
        for centre in "ab"[:centres]
        for subnet in (HANDOFFS[centre],)
    ]


def _cloud_ranges(network: str, centres: int) -> list[Any]:
    """A cloud zone's ranges: the one range, or with two data centres one per data centre
    (the second data centre's the same block shifted by :data:`SECOND_CLOUD`)."""
    if centres == 1:
        return [network]
    first = IPv4Network(network)
    second = IPv4Network((int(first.network_address) + SECOND_CLOUD[0], first.prefixlen))
    if first.subnet_of(CLOUD_MANAGEMENT):
        second = IPv4Network((int(first.network_address) + SECOND_CLOUD[1], first.prefixlen))
    return [
        {"network": str(first), "data_centre": "dc-a"},
        {"network": str(second), "data_centre": "dc-b"},
    ]


def _tenant(growth_tb: float, centres: int) -> dict[str, Any]:

    def zone(zid: str, kind: str, network: str, placement: str = "cloud") -> dict[str, Any]:
        return {
            "id": zid,
            "name": zid.capitalize(),
            "kind": kind,
            "placement": placement,
            "ranges": [network] if placement != "cloud" else _cloud_ranges(network, centres),
            **({"patient_facing": True} if kind == "public" else {}),
        }

    def permit(source: str, destination: str, service: str) -> dict[str, Any]:
        return {
            "name": f"{source}-to-{destination}",
            "source": source,
            "destination": destination,
            "services": [service],
            "action": "permit",
        }

    pools = _pools(growth_tb)
    logical_bytes = StoragePool.model_validate(pools[0]).logical_capacity
    return {
        "id": TENANT,
        "name": "Regional imaging platform",
        "kind": "shared_platform",
        "default_action": "deny",
        "zones": [
            zone("hospitals", "clinical", str(HOSPITAL_LANS), placement="on_premises"),
            zone("clinics", "clinical", str(CLINIC_LANS), placement="on_premises"),
            zone("archive", "storage", "10.96.1.0/24"),
            zone("viewer", "dmz", "10.96.2.0/24"),
            zone("portal", "public", "10.96.3.0/24"),
            zone("mgmt", "management", str(CLOUD_MANAGEMENT)),
        ],
        "policies": [
            permit("hospitals", "archive", "pacs"),
            permit("clinics", "archive", "pacs"),
            permit("hospitals", "viewer", "image-viewer"),
            permit("portal", "viewer", "image-viewer"),
            permit("viewer", "archive", "pacs"),
            permit("mgmt", "archive", "mgmt"),
        ],
        "uplinks": _uplinks(centres),
        "storage_pools": pools,
        # The hot pool's file share (half its logical capacity): Manila's quota the
        # operator raises by hand (MI-CLD-003).
        "quotas": {"share_gigabytes": math.ceil(logical_bytes / 2 / 2**30)},
    }


PRIVATE_AS = 64512
"""The edges' AS (the first private one): the edges of a handoff subnet peer over iBGP."""


def _header(name: str, spec: SyntheticSpec, growth_tb: float) -> dict[str, Any]:
    return {
        "name": name,
        "title": f"Synthetic platform: {spec.hospitals} hospitals, {spec.clinics} clinics",
        "description": f"Generated by medinfra generate (seed {spec.seed})",
        "baseline": {"mlps_level": 3},
        "availability_target": "99.95%",
        "data_centres": (
            {"mode": "active-active", "sites": ["dc-a", "dc-b"], "as_number": PRIVATE_AS}
            if spec.data_centres == 2
            else {"mode": "single", "sites": ["dc-a"], "as_number": PRIVATE_AS}
        ),
        "management": {
            "networks": [str(MANAGEMENT_NETWORK)],
            "protocols": ["ssh", "snmpv3"],
            "ntp_servers": ["10.128.0.10", "10.128.0.11"],
            "syslog_servers": ["10.128.0.20", "10.128.0.21"],
            "local_users": [
                {
                    "name": "netadmin",
                    "privilege": 15,
                    "secret": "synthetic/netadmin",
                    "role": "Network administrator",
                },
                {
                    "name": "auditor",
                    "privilege": 1,
                    "secret": "synthetic/auditor",
                    "role": "Security auditor (read only)",
                },
            ],
        },
        "services": _services(),
        "cloud": {"region": "synthetic", "tenants": [_tenant(growth_tb, spec.data_centres)]},
    }


def build(spec: SyntheticSpec) -> SyntheticTopology:
    """The synthetic topology described by ``spec`` (the same spec gives the same result)."""
    spec.check()
    rng = random.Random(spec.seed)  # noqa: S311  (reproducible test data, not secrets)
    plan = AddressPlan()
    serials = [spec.seed * 1_000_000]
    campus = spec.hospitals if spec.campus_sites is None else spec.campus_sites
    hospital_lans = LanPlan.sized(HOSPITAL_LANS, spec.hospitals, HOSPITAL_BLOCK)
    clinic_lans = LanPlan.sized(CLINIC_LANS, spec.clinics, CLINIC_BLOCK)
    sites = [
        hospital(
            rng,
            plan,
            n,
            spec.onts_per_site if n < campus else 0,
            serials,
            lan=hospital_lans.block(n),
            centres=spec.data_centres,
        )
        for n in range(spec.hospitals)
    ]
    sites += [
        clinic(
            rng,
            plan,
            n,
            f"hospital-{n % spec.hospitals:05d}",
            lan=clinic_lans.block(n),
            centres=spec.data_centres,
            target=spec.clinic_target,
        )
        for n in range(spec.clinics)
    ]
    daily = sum(_bytes_per_day(site) for site in sites)
    demand_gbit = daily * 8 / BUSY_SECONDS / 1e9
    capacity = max(10, math.ceil(demand_gbit / 0.7 * 1.5))
    centres = ["a", "b"][: spec.data_centres]
    sites = [
        *(data_centre(plan, c, f"{capacity}Gbit/s", spec.data_centres) for c in centres),
        *sites,
    ]
    name = f"synthetic-h{spec.hospitals}-c{spec.clinics}-s{spec.seed}"
    return SyntheticTopology(name, _header(name, spec, daily * 365 / 1e12), sites)
