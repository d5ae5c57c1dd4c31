"""MA5800 display commands answered from the running configuration: ``display ont info``
(the port table and the per-ONT form, laid out as the real captures in ntc-templates'
``huawei_smartax`` tests, which its templates parse) and ``display system sys-info``.

The lab has no optics and no ONT ever comes online: every added ONT is ``active`` (not
deactivated), ``offline``, config and match state ``initial``, as an MA5800 shows an ONT
that never answered; distances, temperatures and times are ``-``. Profiles, T-CONTs, GEM
ports, descriptions and Ethernet port counts come from the configuration.
"""

import re
from dataclasses import dataclass

from medinfra.lab.config_tree import Node

RULE = "  " + "-" * 77
ONT_ADD = re.compile(
    r'^ont add (\d+) (\d+) sn-auth "?([0-9A-Fa-f]{16})"? omci ont-lineprofile-id (\d+)'
    r' ont-srvprofile-id (\d+)(?: desc "?([^"]*)"?)?$'
)
MISSING = "  Failure: The ONT does not exist"


@dataclass(frozen=True)
class Ont:
    """One ONT of the configuration."""

    frame: int
    slot: int
    port: int
    ont_id: int
    serial: str
    line_profile: int
    service_profile: int
    description: str

    @property
    def fsp(self) -> str:
        """``0/ 1/0``: the slot right-aligned in two characters, as the tables print it."""
        return f"{self.frame}/{self.slot:>2}/{self.port}"


def onts(root: Node) -> list[Ont]:
    """Every ``ont add`` of every ``interface gpon F/S``, in port and ONT order."""
    found = []
    for board in root.children:
        words = board.line.split()
        if words[:2] != ["interface", "gpon"] or len(words) != 3:
            continue
        frame, slot = (int(part) for part in words[2].split("/"))
        for line in board.children:
            match = ONT_ADD.match(line.line)
            if match:
                port, ont_id, serial, line_id, srv_id, desc = match.groups()
                found.append(
                    Ont(
                        frame,
                        slot,
                        int(port),
                        int(ont_id),
                        serial.upper(),
                        int(line_id),
                        int(srv_id),
                        desc or "",
                    )
                )
    return sorted(found, key=lambda o: (o.frame, o.slot, o.port, o.ont_id))


def ont_table(root: Node, frame: int, slot: int | None, port: int | None) -> str:
    """``display ont info F S P all`` (or ``F all``): per PON port, the state table, the
    descriptions and the port's total."""
    chosen = [
        o
        for o in onts(root)
        if o.frame == frame and slot in (None, o.slot) and port in (None, o.port)
    ]
    if not chosen:
        return MISSING
    ports = sorted({(o.frame, o.slot, o.port) for o in chosen})
    return "\n".join(
        _port_table([o for o in chosen if (o.frame, o.slot, o.port) == where]) for where in ports
    )


def _port_table(chosen: list[Ont]) -> str:
    lines = [
        RULE,
        "  F/S/P   ONT         SN         Control     Run      Config   Match    Protect",
        "          ID                     flag        state    state    state    side",
        RULE,
    ]
    lines += [
        f"  {o.fsp:<7}{o.ont_id:>4}  {o.serial}  {'active':<12}{'offline':<9}{'initial':<9}"
        f"{'initial':<9}no"
        for o in chosen
    ]
    lines += [RULE, "  F/S/P   ONT-ID   Description", RULE]
    lines += [f"  {o.fsp:<7}{o.ont_id:>7}   {o.description}" for o in chosen]
    total = f"the total of ONTs are: {len(chosen)}, online: 0"
    lines += [RULE, f"  In port {chosen[0].fsp} , {total}", RULE]
    return "\n".join(lines)


def _vendor(serial: str) -> str:
    """``48575443B7E01C42`` -> ``HWTC-B7E01C42``: the vendor id is the first four bytes."""
    try:
        vendor = bytes.fromhex(serial[:8]).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return serial
    return f"{vendor}-{serial[8:]}" if vendor.isalnum() else serial


def _profile(root: Node, kind: str, number: int) -> Node | None:
    for node in root.children:
        words = node.line.split()
        if words[:4] == [kind, "gpon", "profile-id", str(number)]:
            return node
    return None


def _profile_name(node: Node | None) -> str:
    if node is None:
        return "-"
    words = node.line.split()
    return words[words.index("profile-name") + 1].strip('"') if "profile-name" in words else "-"


def _fields(rows: list[tuple[str, object]], width: int) -> list[str]:
    return [f"  {label:<{width}}: {value}" for label, value in rows]


def _ont_part(ont: Ont) -> list[str]:
    return _fields(
        [
            ("F/S/P", f"{ont.frame}/{ont.slot}/{ont.port}"),
            ("ONT-ID", ont.ont_id),
            ("Control flag", "active"),
            ("Run state", "offline"),
            ("Config state", "initial"),
            ("Match state", "initial"),
            ("ONT LLID", "-"),
            ("ONT distance(m)", "-"),
            ("ONT last distance(m)", "-"),
            ("ONT RTT(TQ)", "-"),
            ("Memory occupation", "-"),
            ("CPU occupation", "-"),
            ("Temperature", "-"),
            ("Authentic type", "SN-auth"),
            ("SN", f"{ont.serial} ({_vendor(ont.serial)})"),
            ("Management mode", "OMCI"),
            ("Software work mode", "normal"),
            ("Isolation state", "normal"),
            ("Description", ont.description or "-"),
            ("Last down cause", "-"),
            ("Last up time", "-"),
            ("Last down time", "-"),
            ("Last dying gasp time", "-"),
            ("ONT online duration", "-"),
        ],
        24,
    )


def _line_part(line: Node | None, ont: Ont) -> list[str]:
    body = [child.line.split() for child in (line.children if line else [])]
    omcc = "On" if ["omcc", "encrypt", "on"] in body else "Off"
    lines = _fields(
        [("Line profile ID", ont.line_profile), ("Line profile name", _profile_name(line))], 21
    )
    switches = [
        ("FEC upstream switch", "Disable"),
        ("OMCC Encrypt switch", omcc),
        ("Qos mode", "PQ"),
        ("Mapping mode", "VLAN"),
        ("TR069 management", "Disable"),
        ("TR069 IP index", 0),
    ]
    lines += [RULE, *(f"  {label:<20}:{value}" for label, value in switches)]
    lines += [RULE, "  Notes: * indicates Discrete TCONT(TCONT Unbound)", RULE]
    lines.append(f"  <T-CONT {0:>3}>          DBA Profile-ID:1")
    for words in body:
        if words[0] == "tcont":
            lines.append(f"  <T-CONT {words[1]:>3}>          DBA Profile-ID:{words[3]}")
            for gem in body:
                if gem[:2] == ["gem", "add"] and gem[5] == words[1]:
                    encrypt = gem[7] if len(gem) > 7 else "off"
                    lines += [
                        f"    <Gem Index {gem[2]}>",
                        f"    |Serv-Type:ETH |Encrypt:{encrypt:<4}|Cascade:off |GEM-CAR:-  |",
                    ]
    return lines


def _service_part(service: Node | None, ont: Ont) -> list[str]:
    eth = 0
    for child in service.children if service else []:
        words = child.line.split()
        if words[:2] == ["ont-port", "eth"]:
            eth = int(words[2])
    lines = _fields(
        [
            ("Service profile ID", ont.service_profile),
            ("Service profile name", _profile_name(service)),
        ],
        21,
    )
    lines += [RULE, "  Port-type     Port-number", RULE]
    lines += [
        f"  {kind:<14}{count}"
        for kind, count in (("POTS", 0), ("ETH", eth), ("TDM", 0), ("MOCA", 0), ("CATV", 0))
    ]
    lines += [
        RULE,
        *_fields(
            [("Alarm policy profile ID", 0), ("Alarm policy profile name", "alarm-policy_0")], 29
        ),
        RULE,
    ]
    return lines


def ont_detail(root: Node, frame: int, slot: int, port: int, ont_id: int) -> str:
    """``display ont info F S P ONT``: the ONT, its line profile and its service profile."""
    ont = next(
        (
            o
            for o in onts(root)
            if (o.frame, o.slot, o.port, o.ont_id) == (frame, slot, port, ont_id)
        ),
        None,
    )
    if ont is None:
        return MISSING
    line = _profile(root, "ont-lineprofile", ont.line_profile)
    service = _profile(root, "ont-srvprofile", ont.service_profile)
    return "\n".join(
        [RULE, *_ont_part(ont), RULE, *_line_part(line, ont), RULE, *_service_part(service, ont)]
    )


def sys_info(root: Node, sysname: str, uptime: str) -> str:
    """``display system sys-info``: the SNMP system group (description, uptime, contact,
    name, location, services), contact and location as ``snmp-agent sys-info`` sets them."""
    values = {"contact": "R&D Beijing, Huawei Technologies co.,Ltd.", "location": "Beijing China"}
    for node in root.children:
        words = node.line.split(maxsplit=3)
        if words[:2] == ["snmp-agent", "sys-info"] and len(words) == 4 and words[2] in values:
            values[words[2]] = words[3].strip('"')
    return "\n".join(
        _fields(
            [
                ("System Description", "Huawei Integrated Access Software"),
                ("System Uptime", uptime),
                ("System Contact", values["contact"]),
                ("System Name", sysname),
                ("System Location", values["location"]),
                ("System Service", 78),
            ],
            19,
        )
    )
