"""A first topology of one's own (``medinfra init``): the generator's platform, commented.

The sites, lines, addresses and campus networks come from :func:`medinfra.synth.build`, so
the starter is valid by construction; this module sets what the user chose (name, baseline,
targets), writes the files in the examples' layout with the editor's schema lines, and puts a
comment before every top-level key saying what it is and what to change first.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medinfra.errors import UsageError
from medinfra.synth.topology import SyntheticSpec, SyntheticTopology, build
from medinfra.synth.writer import dump

SCHEMA_DIR = "schema"

TOPOLOGY_COMMENTS = {
    "name": "The topology's id: lower case, digits and hyphens (also its directory's name).",
    "baseline": "Security baseline: China MLPS level (1-4) and/or hipaa: true.",
    "availability_target": "End-to-end target for every site (a site may set its own).",
    "data_centres": "mode single (one DC) or active-active (two, either takes over);\n"
    "as_number: the private AS of the edges (iBGP between the edges of a handoff subnet).",
    "management": "Management plane: networks of the device addresses, NTP, syslog, users\n"
    "(secrets are references such as starter/netadmin, resolved at run time).",
    "services": "Service catalogue: one VLAN and QoS class per service.",
    "cloud": "Healthcare cloud: tenants, their zones, zone policies and storage pools.",
    "settings": "Parameters of the checks (medinfra explain MI-STO-001 and friends).",
}

SITE_COMMENTS = {
    "id": "The site's id: referenced by other sites (parent) and by data_centres.",
    "kind": "tertiary_hospital, city_hospital, county_hospital, branch, community_health_centre\n"
    "or data_centre.",
    "wan_protection": "1+1: two private lines on different physical paths (path_id).",
    "availability_target": "This site's own target (else the topology's).",
    "imaging": "The daily image upload: studies per day and average study size per modality.",
    "devices": "Devices: hostname, platform, role, management address, credentials reference.",
    "uplinks": "Private lines to the data centre edges: bandwidth, technology, path_id.",
    "campus": "All-optical campus: OLT, PON ports, splitters and ONTs (serials from the label).",
    "wan_capacity": "What the data centre's WAN takes in, across all its lines.",
    "lan": "The CPE's handoff to the campus core and the site's own ranges behind it (parts of\n"
    "the tenant's on-premises zones); put your real ranges and port here.",
    "handoffs": "Each edge's handoff towards the cloud's provider network (VRRP address).",
}


@dataclass(frozen=True)
class StarterSpec:
    """The shape of the platform ``medinfra init`` writes."""

    name: str
    hospitals: int = 2
    clinics: int = 4
    data_centres: int = 2
    campus_olts: int = 1
    onts_per_olt: int = 16
    mlps_level: int | None = 3
    hipaa: bool = False
    availability_target: str = "99.95%"
    clinic_target: str = "99.5%"
    min_runway_years: float = 3.0

    def check(self) -> None:
        """Raise UsageError when the shape cannot be written."""
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.name):
            raise UsageError(
                f"'{self.name}' is not a topology id: use lower-case letters, digits and inner "
                "hyphens (e.g. 'county-alliance'), or pass --name"
            )
        if not 0 <= self.campus_olts <= self.hospitals:
            raise UsageError(f"--campus-olts is between 0 and --hospitals ({self.hospitals})")
        if self.campus_olts and not 1 <= self.onts_per_olt <= 2048:
            raise UsageError("--onts-per-olt is between 1 and 2048")
        if self.mlps_level is None and not self.hipaa:
            raise UsageError("name a baseline: --mlps-level 1-4 and/or --hipaa")


def starter(spec: StarterSpec) -> SyntheticTopology:
    """The starter topology of ``spec`` (sites from the generator, choices applied)."""
    spec.check()
    synthetic = build(
        SyntheticSpec(
            spec.hospitals,
            spec.clinics,
            spec.onts_per_olt if spec.campus_olts else 0,
            data_centres=spec.data_centres,
            campus_sites=spec.campus_olts,
            clinic_target=spec.clinic_target,
        )
    )
    header = synthetic.topology
    header["name"] = spec.name
    header["title"] = f"{spec.name} imaging platform"
    header["description"] = (
        f"{spec.hospitals} hospitals and {spec.clinics} community health centres on "
        f"{spec.data_centres} data centre(s); written by medinfra init"
    )
    header["baseline"] = {
        **({"mlps_level": spec.mlps_level} if spec.mlps_level is not None else {}),
        **({"hipaa": True} if spec.hipaa else {}),
    }
    header["availability_target"] = spec.availability_target
    header["settings"] = {"min_runway_years": spec.min_runway_years}
    _rename_secrets(header)
    for site in synthetic.sites:
        site["name"] = _plain_name(site["name"])
        for device in site["devices"]:
            device["credentials"] = device["credentials"].replace("synthetic/", "starter/")
    return SyntheticTopology(spec.name, header, synthetic.sites)


def _plain_name(name: str) -> str:
    """'Synthetic hospital 0' -> 'Hospital 1': the names a user replaces with real ones."""
    words = name.removeprefix("Synthetic ").split()
    if words and words[-1].isdigit():
        words[-1] = str(int(words[-1]) + 1)
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _rename_secrets(header: dict[str, Any]) -> None:
    for user in header["management"]["local_users"]:
        user["secret"] = user["secret"].replace("synthetic/", "starter/")
    header["cloud"]["region"] = "region-one"


def commented(document: dict[str, Any], comments: dict[str, str], schema: str, intro: str) -> str:
    """YAML of ``document`` with the schema line, an introduction, and a comment per key."""
    lines = [f"# yaml-language-server: $schema={schema}", *_comment(intro)]
    for line in dump(document).splitlines():
        key = line.split(":", 1)[0]
        if not line.startswith((" ", "-")) and key in comments:
            lines += _comment(comments[key])
        lines.append(line)
    return "\n".join(lines) + "\n"


def _comment(text: str) -> list[str]:
    return [f"# {part}" for part in text.splitlines()]


def write_starter(synthetic: SyntheticTopology, out: Path, schemas: dict[str, str]) -> list[Path]:
    """Write the starter under ``out`` (a new or empty directory); return the files written.

    ``schemas`` maps ``topology``/``site`` to the JSON Schema text written under
    ``out/schema/``, which the files' first line points the editor at.

    Raises:
        UsageError: when ``out`` exists and is not an empty directory.
    """
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out}: exists and is not empty; choose a new directory")
    (out / "sites").mkdir(parents=True, exist_ok=True)
    (out / SCHEMA_DIR).mkdir(exist_ok=True)
    written = []
    for kind, text in schemas.items():
        path = out / SCHEMA_DIR / f"{kind}.schema.json"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    main = out / "topology.yaml"
    intro = (
        f"{synthetic.topology['title']}: written by medinfra init, yours to edit.\n"
        f"Check it with: medinfra validate {out}   (every error at once, with file and line)"
    )
    main.write_text(
        commented(
            synthetic.topology, TOPOLOGY_COMMENTS, f"{SCHEMA_DIR}/topology.schema.json", intro
        ),
        encoding="utf-8",
    )
    written.append(main)
    for site in synthetic.sites:
        path = out / "sites" / f"{site['id']}.yaml"
        text = commented(
            site, SITE_COMMENTS, f"../{SCHEMA_DIR}/site.schema.json", f"Site {site['name']}."
        )
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
