"""Security baseline (China MLPS 2.0 level 3, HIPAA technical safeguards): zones, policies,
management plane, encryption in transit and redundancy."""

from collections.abc import Iterator

from medinfra.checks.rule import Family, Finding, rule
from medinfra.diagnostics import Severity
from medinfra.model.cloud import PolicyAction, Tenant, ZoneKind, ZonePolicy
from medinfra.model.devices import DeviceRole
from medinfra.model.index import ModelPath, index_of, private_lines
from medinfra.model.management import ManagementProtocol, SnmpAuth
from medinfra.model.services import Service, ServiceKind
from medinfra.model.settings import CheckSettings
from medinfra.model.site import SiteKind
from medinfra.model.topology import SshHardening, Topology
from medinfra.model.wan import LineTechnology, Protection

DICOM_PORTS = frozenset({104, 11112})
CLINICAL_KINDS = frozenset({ServiceKind.PACS, ServiceKind.DICOM, ServiceKind.HIS, ServiceKind.EMR})
CLEARTEXT = (ManagementProtocol.TELNET, ManagementProtocol.HTTP, ManagementProtocol.SNMPV2C)
UNTRUSTED = frozenset({ZoneKind.PUBLIC, ZoneKind.UNTRUSTED})
KEY_SITES = frozenset(
    {SiteKind.TERTIARY_HOSPITAL, SiteKind.CITY_HOSPITAL, SiteKind.COUNTY_HOSPITAL, SiteKind.BRANCH}
)


def _clinical(service: Service) -> bool:
    """DICOM or HIS/EMR: by kind, or by a port that covers 104 or 11112."""
    if service.kind in CLINICAL_KINDS:
        return True
    for port in service.ports:
        if port.port is None:
            continue
        last = port.port_end or port.port
        if any(port.port <= dicom <= last for dicom in DICOM_PORTS):
            return True
    return False


def _permits(topology: Topology) -> Iterator[tuple[ModelPath, Tenant, ZonePolicy]]:
    for t, tenant in enumerate(topology.cloud.tenants):
        for r, policy in enumerate(tenant.policies):
            if policy.action is PolicyAction.PERMIT:
                yield ("cloud", "tenants", t, "policies", r), tenant, policy


@rule("MI-SEC-001", Family.SECURITY, Severity.ERROR, "Zone policies end in default deny")
def default_deny(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """MLPS level 3 and NIST SC-7: all cross-boundary traffic passes controlled interfaces
    that deny what no rule permits. Every tenant's ``default_action`` is ``deny``."""
    for t, tenant in enumerate(topology.cloud.tenants):
        if tenant.default_action is not PolicyAction.DENY:
            yield Finding(
                "MI-SEC-001",
                ("cloud", "tenants", t, "default_action"),
                f"tenant {tenant.id} permits traffic no rule matches (default_action "
                f"{tenant.default_action.value}); set default_action: deny",
            )


@rule(
    "MI-SEC-002",
    Family.SECURITY,
    Severity.ERROR,
    "No permit from a public or untrusted zone to DICOM or HIS",
    fix=(
        "let the public zone reach only a front end (the image viewer), never DICOM or HIS directly"
    ),
)
def exposed_clinical(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """No policy permits traffic from a zone of kind ``public`` or ``untrusted`` to a DICOM
    service (ports 104, 11112, or kind pacs/dicom) or an HIS/EMR service: important zones
    stay behind the boundary, reached only through the image viewer or other front ends."""
    services = index_of(topology).services
    for path, tenant, policy in _permits(topology):
        kinds = {zone.id: zone.kind for zone in tenant.zones}
        source = kinds.get(policy.source)
        if source not in UNTRUSTED:
            continue
        for v, service_id in enumerate(policy.services):
            service = services.get(service_id)
            if service is not None and _clinical(service):
                yield Finding(
                    "MI-SEC-002",
                    (*path, "services", v),
                    f"tenant {tenant.id} policy '{policy.name}' permits {source.value} zone "
                    f"'{policy.source}' to reach {service.kind.value} service '{service.id}'",
                )


@rule(
    "MI-SEC-003",
    Family.SECURITY,
    Severity.ERROR,
    "Each tenant has a management zone",
    fix="add a zone of kind management to the tenant",
)
def management_zone(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """MLPS level 3 asks for a dedicated management zone for central monitoring and audit:
    every tenant has a zone of kind ``management``."""
    for t, tenant in enumerate(topology.cloud.tenants):
        if not any(zone.kind is ZoneKind.MANAGEMENT for zone in tenant.zones):
            yield Finding(
                "MI-SEC-003",
                ("cloud", "tenants", t, "zones"),
                f"tenant {tenant.id} has no zone of kind management",
            )


@rule(
    "MI-SEC-004",
    Family.SECURITY,
    Severity.ERROR,
    "Only the management zone reaches device management",
)
def management_reach(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """A policy that permits a management service (kind ``management``: SSH, SNMP) must have
    a management zone as its source."""
    services = index_of(topology).services
    for path, tenant, policy in _permits(topology):
        kinds = {zone.id: zone.kind for zone in tenant.zones}
        if kinds.get(policy.source) is ZoneKind.MANAGEMENT:
            continue
        for v, service_id in enumerate(policy.services):
            service = services.get(service_id)
            if service is not None and service.kind is ServiceKind.MANAGEMENT:
                yield Finding(
                    "MI-SEC-004",
                    (*path, "services", v),
                    f"tenant {tenant.id} policy '{policy.name}' lets zone '{policy.source}' "
                    f"reach management service '{service.id}'; only a management zone may",
                )


@rule("MI-SEC-005", Family.SECURITY, Severity.ERROR, "Devices are managed over encrypted protocols")
def encrypted_management(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Remote management only over encrypted channels: SSH (and HTTPS, NETCONF, SNMPv3),
    never Telnet, HTTP or SNMPv2c, which send passwords and communities in clear text."""
    for i, protocol in enumerate(topology.management.protocols):
        if protocol in CLEARTEXT:
            yield Finding(
                "MI-SEC-005",
                ("management", "protocols", i),
                f"management protocol {protocol.value} is clear text; use ssh (and snmpv3)",
            )


@rule(
    "MI-SEC-006",
    Family.SECURITY,
    Severity.ERROR,
    "NTP servers are defined",
)
def ntp(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Audit records are only evidence with a trusted time: ``management.ntp_servers``
    names at least one server."""
    if not topology.management.ntp_servers:
        yield Finding(
            "MI-SEC-006", ("management", "ntp_servers"), "no NTP server in management.ntp_servers"
        )


@rule(
    "MI-SEC-007",
    Family.SECURITY,
    Severity.ERROR,
    "Audit-log (syslog) targets are defined",
    fix="list at least one syslog server under management.syslog_servers",
)
def syslog(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Audit at the boundaries with records kept off the device (MLPS level 3; HIPAA audit
    controls): ``management.syslog_servers`` names at least one target."""
    if not topology.management.syslog_servers:
        yield Finding(
            "MI-SEC-007",
            ("management", "syslog_servers"),
            "no audit-log target in management.syslog_servers",
        )


@rule(
    "MI-SEC-008",
    Family.SECURITY,
    Severity.ERROR,
    "WAN traffic is encrypted where required",
    fix="set encrypted: true on the line (MACsec or IPsec over it)",
)
def wan_encryption(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """MLPS level 3 (confidentiality in transit) and HIPAA transmission security: with either
    baseline every private line is ``encrypted``. A line over the Internet
    (``internet_vpn``) must be encrypted under any baseline."""
    baseline = topology.baseline
    required = baseline.hipaa or (baseline.mlps_level or 0) >= 3
    for path, line in private_lines(topology):
        if line.encrypted:
            continue
        if line.technology is LineTechnology.INTERNET_VPN:
            reason = "it crosses the Internet"
        elif required:
            reason = "the baseline requires encryption in transit"
        else:
            continue
        yield Finding(
            "MI-SEC-008",
            (*path, "encrypted"),
            f"private line '{line.id}' is not encrypted, but {reason}",
        )


@rule(
    "MI-SEC-009",
    Family.SECURITY,
    Severity.ERROR,
    "Key lines and devices are redundant (MLPS 3)",
    fix=(
        "add a second private line on another path with wan_protection: 1+1, or a second edge"
        " router in the data centre"
    ),
)
def redundancy(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """MLPS level 3 asks for redundant communication lines and key devices: every hospital
    and branch has ``wan_protection: 1+1``, and each data centre has two edge routers unless
    the data centres are an active-active pair (the other centre is the redundancy).
    A hospital that hosts a data centre (the data centre names it as ``parent``) reaches
    it on its own campus and needs no private line. Community health centres are rated by
    their own availability target (MI-AV-001)."""
    if (topology.baseline.mlps_level or 0) < 3:
        return
    active_active = index_of(topology).active_active
    hosts = index_of(topology).hosts_data_centre()
    for s, site in enumerate(topology.sites):
        if (
            site.kind in KEY_SITES
            and site.wan_protection is not Protection.ONE_PLUS_ONE
            and site.id not in hosts
        ):
            yield Finding(
                "MI-SEC-009",
                ("sites", s, "wan_protection"),
                f"{site.kind.value} {site.id} has no 1+1 WAN protection (MLPS level 3)",
            )
        if site.kind is SiteKind.DATA_CENTRE and not active_active:
            edges = sum(1 for d in site.devices if d.role is DeviceRole.DC_EDGE)
            if edges < 2:
                yield Finding(
                    "MI-SEC-009",
                    ("sites", s, "devices"),
                    f"data centre {site.id} has {edges} edge router(s); MLPS level 3 needs 2",
                )


@rule(
    "MI-SEC-010",
    Family.SECURITY,
    Severity.ERROR,
    "The patient portal reaches only the image viewer",
)
def patient_portal(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Patients open their electronic image copies and nothing else: a policy whose source
    is a ``patient_facing`` zone may permit only services of kind ``image_viewer``."""
    services = index_of(topology).services
    for path, tenant, policy in _permits(topology):
        facing = {zone.id for zone in tenant.zones if zone.patient_facing}
        if policy.source not in facing:
            continue
        for v, service_id in enumerate(policy.services):
            service = services.get(service_id)
            if service is not None and service.kind is not ServiceKind.IMAGE_VIEWER:
                yield Finding(
                    "MI-SEC-010",
                    (*path, "services", v),
                    f"tenant {tenant.id} policy '{policy.name}' lets patient-facing zone "
                    f"'{policy.source}' reach {service.kind.value} service '{service.id}'",
                )


@rule(
    "MI-SEC-011",
    Family.SECURITY,
    Severity.WARNING,
    "Administrators have unique ids and separate roles",
)
def administrators(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """HIPAA asks for unique user ids; MLPS level 3 for separated administrator roles: local
    user names are unique, and at least two distinct roles (e.g. administrator and auditor)
    are defined."""
    users = topology.management.local_users
    seen: set[str] = set()
    for u, user in enumerate(users):
        if user.name in seen:
            yield Finding(
                "MI-SEC-011",
                ("management", "local_users", u, "name"),
                f"local user name '{user.name}' is used twice",
            )
        seen.add(user.name)
    roles = {user.role.strip().lower() for user in users}
    if len(roles) < 2:
        yield Finding(
            "MI-SEC-011",
            ("management", "local_users"),
            f"{len(users)} local user(s) with {len(roles)} role(s); define separate "
            "administrator and auditor roles",
        )


@rule(
    "MI-SEC-012",
    Family.SECURITY,
    Severity.ERROR,
    "SSH servers use the strong algorithm profile under MLPS level 3 or HIPAA",
)
def ssh_hardening(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Remote management over encrypted channels with current cryptography: under MLPS level
    3+ or HIPAA every device's SSH server gets the ``strong`` profile (AES-GCM/CTR, SHA-2
    HMAC and key exchange, DH of 3072 bits or more), which the renderer writes as
    ``ssh server cipher/hmac/key-exchange/dh-exchange min-len``. The baseline may name the
    profile (``baseline.ssh_hardening``); naming ``compatible`` (SHA-1 key exchange, 2048-bit
    DH) there is an error."""
    baseline = topology.baseline
    if baseline.strict and baseline.ssh_profile is not SshHardening.STRONG:
        yield Finding(
            "MI-SEC-012",
            ("baseline", "ssh_hardening"),
            f"ssh_hardening {baseline.ssh_profile.value} allows SHA-1 key exchange and 2048-bit "
            "DH, but the baseline requires strong cryptography; use ssh_hardening: strong",
        )


@rule(
    "MI-SEC-013",
    Family.SECURITY,
    Severity.ERROR,
    "SNMPv3 authenticates with SHA-2 under MLPS level 3 or HIPAA",
)
def snmp_algorithms(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """Integrity of monitoring traffic: under MLPS level 3+ or HIPAA, SNMPv3 authentication
    is ``sha2-256`` (the renderer writes ``authentication-mode`` from
    ``management.snmp.auth_protocol``; SHA-1 is deprecated for it). Privacy is AES (128 or
    256) in every case: the model offers nothing weaker."""
    snmp = topology.management.snmp
    if snmp is not None and topology.baseline.strict and snmp.auth_protocol is SnmpAuth.SHA:
        yield Finding(
            "MI-SEC-013",
            ("management", "snmp", "auth_protocol"),
            "SNMPv3 user authenticates with SHA-1 (auth_protocol: sha), but the baseline "
            "requires SHA-2; use auth_protocol: sha2-256",
        )


MAX_LOGIN_ATTEMPTS = 5
MIN_BLOCK_MINUTES = 10


@rule(
    "MI-SEC-014",
    Family.SECURITY,
    Severity.ERROR,
    "Repeated wrong passwords block the account (MLPS level 3)",
)
def login_lockout(topology: Topology, settings: CheckSettings) -> Iterator[Finding]:
    """MLPS level 3 asks for login-failure handling: the renderer blocks a local account
    after ``management.login_lockout.attempts`` wrong passwords within ``window_minutes``
    for ``block_minutes`` (``local-aaa-user wrong-password``). Under MLPS level 3+ or
    HIPAA at most 5 attempts are allowed and the block lasts at least 10 minutes."""
    if not topology.baseline.strict:
        return
    lockout = topology.management.login_lockout
    path = ("management", "login_lockout")
    if lockout.attempts > MAX_LOGIN_ATTEMPTS:
        yield Finding(
            "MI-SEC-014",
            (*path, "attempts"),
            f"{lockout.attempts} wrong passwords before an account is blocked; "
            f"the baseline allows at most {MAX_LOGIN_ATTEMPTS}",
        )
    if lockout.block_minutes < MIN_BLOCK_MINUTES:
        yield Finding(
            "MI-SEC-014",
            (*path, "block_minutes"),
            f"a blocked account is released after {lockout.block_minutes} min; "
            f"the baseline asks for at least {MIN_BLOCK_MINUTES}",
        )
